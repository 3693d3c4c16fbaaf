/**
 * `npm run intake`: the HTTP intake and the pipeline page, against the Temporal server named by TEMPORAL_ADDRESS.
 * It starts even while Temporal is down (`/readyz` says so, requests get 503) and never prints the secret.
 */
import { Client, Connection } from '@temporalio/client';
import { RecordingSources } from '../common/recording-sources';
import { encryptingDataConverter, payloadCodecFrom } from '../codec/payload-codec';
import { followUpDaysFrom } from '../client/follow-up-days';
import { loadRecordingSources } from '../common/recording-sources-config';
import { loadIntakeConfig, type IntakeConfig } from './config';
import { buildIntake } from './server';

export interface RunningIntake {
  url: string;
  close(): Promise<void>;
}

/** Starts the intake; `npm start` calls this too, next to its worker. */
export async function startIntake(
  config: IntakeConfig,
  env: NodeJS.ProcessEnv,
  options: { logger?: boolean } = {},
): Promise<RunningIntake> {
  // Lazy: no connection is attempted until a request needs one, so the intake comes up before Temporal does.
  const connection = Connection.lazy({ address: config.temporal.address });
  // The same keys as the worker and the CLI: the intake reads leads' state as well as starting them.
  const client = new Client({
    connection,
    namespace: config.temporal.namespace,
    dataConverter: encryptingDataConverter(payloadCodecFrom(env)),
  });
  const followUpDays = followUpDaysFrom(env.FOLLOW_UP_DAYS);
  const app = buildIntake({
    client,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    ...(followUpDays ? { followUpDays } : {}),
    signing: config.signing,
    windowSeconds: config.windowSeconds,
    bodyLimitBytes: config.bodyLimitBytes,
    recordingSources: new RecordingSources(loadRecordingSources(env)),
    webUiUrl: config.webUiUrl,
    logger: options.logger ?? true,
  });
  const address = await app.listen({ host: config.host, port: config.port });
  return {
    url: address,
    close: async () => {
      await app.close();
      await connection.close();
    },
  };
}

export function describeSigning(config: IntakeConfig): string {
  return config.signing === 'off'
    ? 'OFF (INTAKE_SIGNING=off): anyone who can reach the port may post; for local use only'
    : `HMAC-SHA256 with INTAKE_SECRET (set, not shown), timestamps within ${config.windowSeconds} s`;
}

async function main(): Promise<void> {
  const config = loadIntakeConfig(process.env);
  const intake = await startIntake(config, process.env);
  console.log(`Intake:    ${intake.url}  (POST /leads, /leads/{email}/gates/{stage}, /leads/{email}/meetings)`);
  console.log(`Pipeline:  ${intake.url}/pipeline`);
  console.log(`Temporal:  ${config.temporal.address}, namespace ${config.temporal.namespace}`);
  console.log(`Signing:   ${describeSigning(config)}`);
  const stop = () => void intake.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
