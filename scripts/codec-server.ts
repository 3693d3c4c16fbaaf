/**
 * `npm run codec-server`: the Web UI's codec endpoint on its own, for a UI that is not the one `npm start` runs.
 *
 * | Variable           | Default                 | Meaning                                                         |
 * | ------------------ | ----------------------- | --------------------------------------------------------------- |
 * | CODEC_SERVER_PORT  | `8888`                  | Port, on 127.0.0.1.                                             |
 * | CODEC_UI_ORIGIN    | `http://localhost:8233` | The Web UI's origin: the only one browsers may call it from.    |
 * | CODEC_SERVER_TOKEN | (none: no token)        | When set, requests must carry `Authorization: Bearer <token>`. |
 * | PAYLOAD_KEYS       | (key file)              | See codec/payload-codec.ts.                                     |
 */
import { startCodecServer } from '../codec/codec-server';
import { payloadCodecFrom } from '../codec/payload-codec';

export const DEFAULT_CODEC_PORT = 8888;

export function codecServerSettings(env: NodeJS.ProcessEnv, defaults: { port: number; uiOrigin: string }) {
  const port = env.CODEC_SERVER_PORT?.trim() ? Number(env.CODEC_SERVER_PORT) : defaults.port;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('CODEC_SERVER_PORT must be a port number');
  const token = env.CODEC_SERVER_TOKEN?.trim() ? env.CODEC_SERVER_TOKEN : undefined;
  return { port, token, uiOrigin: env.CODEC_UI_ORIGIN?.trim() || defaults.uiOrigin };
}

async function main(): Promise<void> {
  const settings = codecServerSettings(process.env, { port: DEFAULT_CODEC_PORT, uiOrigin: 'http://localhost:8233' });
  const server = await startCodecServer({ codec: payloadCodecFrom(process.env), ...settings });
  console.log(
    `Codec server on ${server.url} for the Web UI at ${settings.uiOrigin}` +
      (settings.token ? ' (bearer token required)' : ' (no token: set CODEC_SERVER_TOKEN to require one)'),
  );
  const stop = () => void server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
