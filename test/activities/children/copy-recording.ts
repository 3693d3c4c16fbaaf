/**
 * Run as a child process by the tests (`node --import tsx copy-recording.ts <json>`), so a test can SIGKILL a worker
 * in the middle of copying a recording, as a crash would, and see what the next attempt finds.
 */
import { LocalFolderStore } from '../../../activities/drive/local-folder-store';
import { RecordingSources } from '../../../common/recording-sources';

interface Job {
  root: string;
  folder: string;
  allowedHosts: string[];
  source: string;
  clientFolder: string;
  fileName: string;
  idempotencyKey: string;
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? '{}') as Job;
  const store = new LocalFolderStore({
    root: job.root,
    sources: new RecordingSources({ folder: job.folder, allowedHosts: job.allowedHosts }),
  });
  await store.storeRecording({
    source: job.source,
    clientFolder: job.clientFolder,
    fileName: job.fileName,
    idempotencyKey: job.idempotencyKey,
  });
  process.stdout.write('done\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
