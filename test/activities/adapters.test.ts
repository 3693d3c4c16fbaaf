import { GoogleDriveStore } from '../../activities/drive/google-drive-store';
import { LocalFolderStore } from '../../activities/drive/local-folder-store';
import { OutboxMailer } from '../../activities/email/outbox-mailer';
import { SmtpMailer } from '../../activities/email/smtp-mailer';
import { JiraTracker } from '../../activities/tasks/jira-tracker';
import { JsonLinesTracker } from '../../activities/tasks/jsonl-tracker';
import { createAdapters } from '../../worker/adapters';
import { loadConfig } from '../../worker/config';

describe('createAdapters', () => {
  it('uses the local adapters by default', () => {
    const adapters = createAdapters(loadConfig({}));
    expect(adapters.mailer).toBeInstanceOf(OutboxMailer);
    expect(adapters.recordings).toBeInstanceOf(LocalFolderStore);
    expect(adapters.tasks).toBeInstanceOf(JsonLinesTracker);
  });

  it('uses the real services when configured, without connecting to anything yet', () => {
    const adapters = createAdapters(
      loadConfig({
        SMTP_HOST: '127.0.0.1',
        SMTP_PORT: '1',
        GOOGLE_DRIVE_FOLDER_ID: 'folder',
        JIRA_BASE_URL: 'http://127.0.0.1:1',
        JIRA_EMAIL: 'bot@example.com',
        JIRA_API_TOKEN: 'token',
        JIRA_PROJECT_KEY: 'OPS',
      }),
    );
    expect(adapters.mailer).toBeInstanceOf(SmtpMailer);
    expect(adapters.recordings).toBeInstanceOf(GoogleDriveStore);
    expect(adapters.tasks).toBeInstanceOf(JiraTracker);
    (adapters.mailer as SmtpMailer).close();
  });
});
