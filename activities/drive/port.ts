export interface StoreRecordingRequest {
  /** A local file path or an http(s) URL of the meeting recording. */
  source: string;
  /** Per-client subfolder, created when missing (the client's mailing-list label). */
  clientFolder: string;
  fileName: string;
  /** Same key, same file: a retry finds the file an earlier attempt created instead of uploading again. */
  idempotencyKey: string;
  onProgress?: (bytesSent: number, totalBytes: number | undefined) => void;
  /** Aborts the transfer when the activity is cancelled. */
  signal?: AbortSignal;
}

export interface StoredRecording {
  fileId: string;
  webLink: string;
  /** False when the file already existed from an earlier attempt. */
  uploaded: boolean;
}

/** Where meeting recordings are kept: Google Drive in production, a local folder by default. */
export interface RecordingStore {
  storeRecording(request: StoreRecordingRequest): Promise<StoredRecording>;
}
