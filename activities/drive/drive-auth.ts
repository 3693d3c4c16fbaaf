import { google, type Auth } from 'googleapis';

/**
 * Access only to files this app created or was given: enough to create per-client folders and recordings inside a
 * parent folder shared with the service account, and nothing else in anyone's Drive.
 */
export const DRIVE_FILE_SCOPE = 'https://www.googleapis.com/auth/drive.file';

/**
 * Google credentials for the Drive store: a service-account key file when given (GOOGLE_APPLICATION_CREDENTIALS),
 * otherwise Application Default Credentials (gcloud login, or the metadata server on Google Cloud).
 * Nothing is read until the first request, so building the adapters never touches the network.
 */
export function createDriveAuth(keyFile?: string, scopes: string[] = [DRIVE_FILE_SCOPE]): Auth.GoogleAuth {
  // Token requests use Node's own fetch too, like GoogleDriveStore's API calls (see there).
  return new google.auth.GoogleAuth({
    keyFile,
    scopes,
    clientOptions: { transporterOptions: { fetchImplementation: fetch } },
  });
}
