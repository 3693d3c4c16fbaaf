import { CancelledFailure, Context } from '@temporalio/activity';
import type { ActivityDeps } from './deps';
import type { StoredRecording } from './drive/port';
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

export function createStoreMeetingRecording({ recordings }: Pick<ActivityDeps, 'recordings'>) {
  return async function storeMeetingRecording(request: StoreRecordingRequest): Promise<StoredRecording> {
    const context = Context.current();
    try {
      return await failFastWhenHopeless(() =>
        recordings.storeRecording({
          source: request.source,
          clientFolder: request.clientFolder,
          fileName: request.fileName,
          idempotencyKey: request.idempotencyKey,
          onProgress: (bytesSent, totalBytes) => context.heartbeat({ bytesSent, totalBytes } satisfies UploadProgress),
          signal: context.cancellationSignal,
        }),
      );
    } catch (error) {
      // The abort surfaces as a stream error; Temporal needs a CancelledFailure to record the activity as cancelled.
      if (context.cancellationSignal.aborted)
        throw new CancelledFailure(`Recording upload cancelled: ${String(error)}`);
      throw error;
    }
  };
}
