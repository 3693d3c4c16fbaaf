/**
 * Client data is encrypted before it leaves this process: every payload the worker and the CLI send (lead details,
 * evidence, state, activity arguments and results) is sealed with AES-256-GCM by Node's crypto. The Temporal server
 * (and its SQLite file) only ever holds ciphertext. This runs in the worker's and the client's data converter, never
 * in workflow code, so workflows stay deterministic and replay the same with or without it.
 *
 * Keys (PAYLOAD_KEYS, or a key file): `id:base64key,id:base64key`. The first one encrypts; every one listed decrypts,
 * so a rotated-out key that still opens old histories stays in the list behind the new one. Each encrypted payload
 * carries its key id. Payloads that were never encrypted (histories recorded before, or by tests) pass through.
 */
import type { DataConverter, Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from './project-root';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** The default key file `npm start`, `npm run worker` and the CLI share when PAYLOAD_KEYS is not set. */
export const DEFAULT_KEY_FILE = path.join(projectRoot(), '.temporal', 'payload-keys');

export interface PayloadKey {
  id: string;
  /** 32 bytes. */
  key: Buffer;
}

/** Thrown for bad key settings; never quotes a key. */
export class PayloadKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PayloadKeyError';
  }
}

/** Parses `id:base64key[,id:base64key…]`; the first key encrypts. */
export function parseKeys(text: string, source: string): PayloadKey[] {
  const entries = text
    .split(/[,\n]/)
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0) throw new PayloadKeyError(`${source}: no key`);
  const keys = entries.map((entry, index) => {
    const separator = entry.indexOf(':');
    const id = separator > 0 ? entry.slice(0, separator) : '';
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(id)) {
      throw new PayloadKeyError(
        `${source}: key ${index + 1} must be written id:base64key (id: letters, digits, . _ -)`,
      );
    }
    const key = Buffer.from(entry.slice(separator + 1), 'base64');
    if (key.length !== 32) {
      throw new PayloadKeyError(`${source}: key ${id} must be 32 bytes (AES-256), base64-encoded`);
    }
    return { id, key };
  });
  if (new Set(keys.map((key) => key.id)).size !== keys.length) {
    throw new PayloadKeyError(`${source}: key ids must be unique`);
  }
  return keys;
}

/** A fresh key entry, `id:base64key`. */
export function newKeyEntry(): string {
  const id = `k${new Date().toISOString().slice(0, 10).replace(/-/g, '')}-${randomBytes(3).toString('hex')}`;
  return `${id}:${randomBytes(32).toString('base64')}`;
}

/**
 * PAYLOAD_KEYS when set; otherwise PAYLOAD_KEY_FILE (default `.temporal/payload-keys`), created with a new random key
 * on first use, readable by its owner only. Creation is exclusive: two processes starting together share one key.
 */
export function loadPayloadKeys(env: NodeJS.ProcessEnv): PayloadKey[] {
  const inline = env.PAYLOAD_KEYS;
  if (inline !== undefined && inline.trim() !== '') return parseKeys(inline, 'PAYLOAD_KEYS');
  const file = env.PAYLOAD_KEY_FILE?.trim() ? path.resolve(env.PAYLOAD_KEY_FILE.trim()) : DEFAULT_KEY_FILE;
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    try {
      const fd = openSync(file, 'wx', 0o600);
      try {
        writeSync(fd, `${newKeyEntry()}\n`);
      } finally {
        closeSync(fd);
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return parseKeys(readFileSync(file, 'utf8'), `key file ${file}`);
}

export class AesGcmPayloadCodec implements PayloadCodec {
  readonly #current: PayloadKey;
  readonly #byId: Map<string, Buffer>;

  constructor(keys: PayloadKey[]) {
    if (keys.length === 0) throw new PayloadKeyError('at least one payload key is needed');
    this.#current = keys[0];
    this.#byId = new Map(keys.map((key) => [key.id, key.key]));
  }

  get keyId(): string {
    return this.#current.id;
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const plain = temporal.api.common.v1.Payload.encode(payload).finish();
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', this.#current.key, iv);
      const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return {
        metadata: {
          encoding: Buffer.from(ENCRYPTED_ENCODING),
          [KEY_ID_METADATA]: Buffer.from(this.#current.id),
        },
        data: sealed,
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      if (!isEncrypted(payload)) return payload;
      const keyId = Buffer.from(payload.metadata?.[KEY_ID_METADATA] ?? []).toString();
      const key = this.#byId.get(keyId);
      if (!key) throw new PayloadKeyError(`payload encrypted with key "${keyId}", which is not configured`);
      const data = Buffer.from(payload.data ?? []);
      if (data.length < IV_BYTES + TAG_BYTES) throw new PayloadKeyError('encrypted payload is truncated');
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      const plain = Buffer.concat([
        decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)),
        decipher.final(),
      ]);
      return temporal.api.common.v1.Payload.decode(plain);
    });
  }
}

export function isEncrypted(payload: Payload): boolean {
  const encoding = payload.metadata?.encoding;
  return encoding !== undefined && encoding !== null && Buffer.from(encoding).toString() === ENCRYPTED_ENCODING;
}

/** The codec for this environment's keys (see loadPayloadKeys). */
export function payloadCodecFrom(env: NodeJS.ProcessEnv): AesGcmPayloadCodec {
  return new AesGcmPayloadCodec(loadPayloadKeys(env));
}

/**
 * The data converter for the worker's and every client's side: payloads through the codec, and failures' messages
 * and stack traces moved into an (encrypted) payload too, since an error can quote client data.
 */
export function encryptingDataConverter(codec: PayloadCodec): DataConverter {
  return {
    payloadCodecs: [codec],
    failureConverterPath: require.resolve('./failure-converter'),
  };
}
