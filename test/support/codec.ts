/** Payload keys of a test's own, and clients that encrypt with them as the CLI and the worker do. */
import { Client, Connection } from '@temporalio/client';
import { randomBytes } from 'node:crypto';
import { AesGcmPayloadCodec, encryptingDataConverter, parseKeys } from '../../codec/payload-codec';

/** A fresh payload key entry (`id:base64`), so every test encrypts with keys of its own. */
export function testKeyEntry(id = `test-${randomBytes(3).toString('hex')}`): string {
  return `${id}:${randomBytes(32).toString('base64')}`;
}

export function codecFor(keys: string): AesGcmPayloadCodec {
  return new AesGcmPayloadCodec(parseKeys(keys, 'test keys'));
}

/** A client that encrypts and decrypts with `keys`, like the CLI does. */
export async function codecClient(address: string, keys: string): Promise<{ client: Client; close(): Promise<void> }> {
  const connection = await Connection.connect({ address });
  return {
    client: new Client({ connection, dataConverter: encryptingDataConverter(codecFor(keys)) }),
    close: () => connection.close(),
  };
}
