import { constants, createReadStream } from 'node:fs';
import { open, realpath, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { NonRetryableStoreError } from './store-errors';

export interface OpenedSource {
  stream: Readable;
  /** Unknown for HTTP sources served without Content-Length. */
  totalBytes: number | undefined;
  contentType: string;
}

export interface RecordingSourcesOptions {
  /** The only folder recordings may be read from (resolved, symlinks followed, when a recording is checked). */
  folder: string;
  /** Hosts http(s) recordings may be downloaded from: `host` (any port) or `host:port`. Empty: no URLs at all. */
  allowedHosts: readonly string[];
}

/** A recording refused because of where it is, not because it is unreadable: never worth retrying. */
export class RecordingSourceRejected extends NonRetryableStoreError {
  constructor(message: string) {
    super(message);
    this.name = 'RecordingSourceRejected';
  }
}

export type CheckedSource = { kind: 'file'; path: string } | { kind: 'url'; url: URL };

/** Files under these are never recordings, whatever the configured folder: they expose the worker's own process. */
const PSEUDO_FILESYSTEMS = ['/proc', '/sys', '/dev'];
const MAX_REDIRECTS = 5;

/**
 * Where recordings may come from. A recording is reported by a person, and the worker reads it with its own
 * rights, so without a boundary `/proc/self/environ` (the worker's SMTP password and Jira token) or
 * `http://169.254.169.254/` would be copied to the client's Drive folder. Accepted are:
 *
 * - local files whose real path (every symlink and `..` resolved) lies inside the recordings folder; a relative
 *   path is taken relative to that folder. The file is opened first and its identity (device, inode) compared with
 *   what the checked path names afterwards, so a symlink swapped in between check and open is refused too;
 * - http(s) URLs whose host is on the allow-list, and every redirect is checked against the same list.
 *
 * Everything else (`ftp:`, `file:`, other hosts, `/proc`, FIFOs and devices) is refused with a
 * RecordingSourceRejected naming the rule. The client checks the same rules before the workflow sees the request;
 * the activity checks them again, since the workflow also accepts requests from any Temporal client.
 */
export class RecordingSources {
  readonly folder: string;
  private readonly hosts: ReadonlySet<string>;

  constructor(options: RecordingSourcesOptions) {
    this.folder = path.resolve(options.folder);
    this.hosts = new Set(options.allowedHosts.map((host) => host.trim().toLowerCase()).filter(Boolean));
  }

  get allowedHosts(): string[] {
    return [...this.hosts];
  }

  /** Checks a source without reading it; resolves to the real path of a file, or the parsed URL. */
  async check(source: string): Promise<CheckedSource> {
    const url = this.urlOf(source);
    if (url) return { kind: 'url', url };
    return { kind: 'file', path: await this.realFile(source) };
  }

  /** Opens an accepted source as a byte stream; nothing is buffered, recordings are often gigabytes. */
  async open(source: string, signal?: AbortSignal): Promise<OpenedSource> {
    const url = this.urlOf(source);
    if (url) return this.openHttp(url, signal);
    return this.openFile(source, signal);
  }

  /** The URL of an http(s) source on the allow-list; undefined for a local path; throws for anything else. */
  private urlOf(source: string): URL | undefined {
    if (source.includes('\0')) throw new RecordingSourceRejected('A recording source must not contain NUL characters');
    // Any `scheme:` prefix makes it a URL, so `ftp://host/x` or `file:///etc/passwd` can never pass as a path.
    if (!/^[a-z][a-z0-9+.-]*:/i.test(source)) return undefined;
    let url: URL;
    try {
      url = new URL(source);
    } catch {
      throw new RecordingSourceRejected(`The recording ${JSON.stringify(source)} is not a valid URL`);
    }
    this.assertAllowedUrl(url);
    return url;
  }

  private assertAllowedUrl(url: URL): void {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new RecordingSourceRejected(
        `Recordings must be local files in ${this.folder} or http(s) URLs; ${url.protocol} URLs are not accepted`,
      );
    }
    if (!this.hosts.has(url.hostname.toLowerCase()) && !this.hosts.has(url.host.toLowerCase())) {
      throw new RecordingSourceRejected(
        `Recordings may only be downloaded from ${
          this.hosts.size > 0 ? [...this.hosts].join(', ') : 'no host (none is configured)'
        }; ${url.host.toLowerCase()} is not on the allow-list (RECORDING_SOURCE_HOSTS)`,
      );
    }
  }

  /** The file's real path, when it is a regular file inside the folder. */
  private async realFile(source: string): Promise<string> {
    const asked = path.resolve(this.folder, source);
    let folder: string;
    try {
      folder = await realpath(this.folder);
    } catch (error) {
      throw new NonRetryableStoreError(
        `The recordings folder ${this.folder} cannot be used (${errorCode(error) ?? String(error)}); ` +
          'create it or set RECORDING_SOURCE_DIR',
      );
    }
    let real: string;
    try {
      real = await realpath(asked);
    } catch (error) {
      const code = errorCode(error);
      // Say "outside" rather than "missing" for paths outside the folder: the reply must not reveal which files exist.
      if (!isInside(folder, asked) && !isInside(this.folder, asked)) throw this.outside(source);
      if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EACCES' || code === 'ELOOP') {
        throw new NonRetryableStoreError(`Recording source ${asked} cannot be read (${code})`);
      }
      throw error;
    }
    if (!isInside(folder, real) || PSEUDO_FILESYSTEMS.some((root) => isInside(root, real))) {
      throw this.outside(source);
    }
    const info = await stat(real);
    if (!info.isFile()) throw new RecordingSourceRejected(`Recording source ${asked} is not a regular file`);
    return real;
  }

  private outside(source: string): RecordingSourceRejected {
    return new RecordingSourceRejected(
      `Recording ${JSON.stringify(source)} is outside the recordings folder ${this.folder} ` +
        '(only files inside it are accepted; symlinks and .. may not lead out of it)',
    );
  }

  private async openFile(source: string, signal?: AbortSignal): Promise<OpenedSource> {
    const real = await this.realFile(source);
    let handle: FileHandle;
    try {
      // O_NONBLOCK: a FIFO swapped in after the check must not hang the open; O_NOFOLLOW: nor may a symlink.
      handle = await open(real, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    } catch (error) {
      const code = errorCode(error);
      if (code === 'ELOOP') throw this.outside(source);
      if (code === 'ENOENT' || code === 'EACCES') {
        throw new NonRetryableStoreError(`Recording source ${real} cannot be read (${code})`);
      }
      throw error;
    }
    try {
      // What was opened must still be what the checked path names: otherwise a component was swapped meanwhile.
      const opened = await handle.stat();
      const named = await stat(await this.realFile(source));
      if (!opened.isFile() || opened.dev !== named.dev || opened.ino !== named.ino) throw this.outside(source);
      return {
        stream: createReadStream('', { fd: handle, signal, autoClose: true }),
        totalBytes: opened.size,
        contentType: contentTypeFor(real),
      };
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  private async openHttp(url: URL, signal?: AbortSignal): Promise<OpenedSource> {
    let current = url;
    for (let redirects = 0; ; redirects += 1) {
      // Only the origin and path go into messages: signed download URLs carry credentials in their query string.
      const shown = redactedUrl(current.href);
      let response: Response;
      try {
        // Redirects are followed by hand, so an allowed host cannot bounce the worker to an internal address.
        response = await fetch(current, { signal, redirect: 'manual' });
      } catch (error) {
        if (signal?.aborted) throw error;
        throw new Error(`Could not download the recording from ${shown}: ${(error as Error).message}`);
      }
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        await response.body?.cancel();
        if (redirects >= MAX_REDIRECTS) {
          throw new NonRetryableStoreError(`Downloading the recording from ${shown} redirected too many times`);
        }
        const next = new URL(location, current);
        try {
          this.assertAllowedUrl(next);
        } catch (error) {
          throw new RecordingSourceRejected(
            `Downloading the recording from ${redactedUrl(url.href)} redirected elsewhere: ${(error as Error).message}`,
          );
        }
        current = next;
        continue;
      }
      if (!response.ok || !response.body) {
        await response.body?.cancel();
        const message = `Downloading the recording from ${shown} failed with HTTP ${response.status}`;
        // An expired or wrong link stays wrong; 408, 429 and 5xx may clear up.
        const permanent = response.status >= 400 && response.status < 500 && ![408, 429].includes(response.status);
        if (permanent) throw new NonRetryableStoreError(message, response.status);
        throw new Error(message);
      }
      const length = Number(response.headers.get('content-length') ?? Number.NaN);
      const declaredType = response.headers.get('content-type')?.split(';')[0]?.trim();
      return {
        stream: Readable.fromWeb(response.body as WebReadableStream<Uint8Array>),
        totalBytes: Number.isInteger(length) && length >= 0 ? length : undefined,
        contentType:
          declaredType && declaredType !== 'application/octet-stream' ? declaredType : contentTypeFor(current.pathname),
      };
    }
  }
}

function isInside(folder: string, file: string): boolean {
  const relative = path.relative(folder, file);
  return relative !== '' && relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

const contentTypes: Record<string, string> = {
  '.mp4': 'video/mp4',
  '.m4v': 'video/mp4',
  '.m4a': 'audio/mp4',
  '.mov': 'video/quicktime',
  '.webm': 'video/webm',
  '.mkv': 'video/x-matroska',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
  '.ogg': 'audio/ogg',
  '.vtt': 'text/vtt',
  '.txt': 'text/plain',
};

export function contentTypeFor(fileName: string): string {
  return contentTypes[path.extname(fileName).toLowerCase()] ?? 'application/octet-stream';
}

export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}
