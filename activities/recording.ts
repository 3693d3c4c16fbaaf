import { CancelledFailure, Context } from '@temporalio/activity';
import type { ActivityDeps } from './deps';
import type { StoredRecording } from './drive/port';
import { RecordingSourceRejected } from '../common/recording-sources';
import { failFastWhenHopeless } from './failures';

export interface StoreRecordingRequest {
  idempotencyKey: string;
  /** Local path or http(s) URL of the recording, as reported with the meeting. */
  source: string;
  clientFolder: string;
  fileName: string;
}

/** Heartbeats say how far the upload got, so a stuck transfer is noticed by the heartbeat timeout. */
export interface UploadProgress {
  bytesSent: number;
  totalBytes: number | undefined;
}

export function createStoreMeetingRecording({
  recordings,
  recordingSources,
}: Pick<ActivityDeps, 'recordings' | 'recordingSources'>) {
  return async function storeMeetingRecording(request: StoreRecordingRequest): Promise<StoredRecording> {
    const context = Context.current();
    try {
      return await failFastWhenHopeless(async () => {
        // Checked here as well as where the store opens it: whichever store is configured, and whoever sent the
        // request (any Temporal client can send the Update), a file outside the recordings folder or a URL off the
        // allow-list fails at once, non-retryably, before anything is looked up or uploaded.
        // A source that merely vanished is left to the store: a retry after a lost reply still finds its earlier copy.
        await recordingSources.check(request.source).catch((error: unknown) => {
          if (error instanceof RecordingSourceRejected) throw error;
        });
        return recordings.storeRecording({
          source: request.source,
          clientFolder: request.clientFolder,
          fileName: request.fileName,
          idempotencyKey: request.idempotencyKey,
          onProgress: (bytesSent, totalBytes) => context.heartbeat({ bytesSent, totalBytes } satisfies UploadProgress),
          signal: context.cancellationSignal,
        });
      });
    } catch (error) {
      // The abort surfaces as a stream error; Temporal needs a CancelledFailure to record the activity as cancelled.
      if (context.cancellationSignal.aborted)
        throw new CancelledFailure(`Recording upload cancelled: ${String(error)}`);
      throw error;
    }
  };
}
