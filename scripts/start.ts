/**
 * `npm start`: the whole product on one machine. A persistent Temporal dev server with its Web UI, the worker,
 * a web inbox receiving the emails it sends (scripts/local-inbox.ts), and a demo lead. Ctrl-C stops all of it.
 */
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import path from 'node:path';
import { startLead } from '../client/lifecycle';
import { loadConfig, describeConfig } from '../worker/config';
import { runWorker } from '../worker/main';
import { describeMemory } from '../worker/memory';
import { installRuntime, loadMetricsConfig } from '../worker/metrics';
import { loadIntakeConfig } from '../intake/config';
import { describeSigning, startIntake } from '../intake/main';
import { startDevServer } from './dev-server';
import { codecServerSettings, DEFAULT_CODEC_PORT } from './codec-server';
import { startCodecServer } from '../codec/codec-server';
import { encryptingDataConverter, payloadCodecFrom } from '../codec/payload-codec';
import { ensureTemporalCli } from './servers';
import { loadLocalInboxSettings, startLocalInbox } from './local-inbox';
import { mailpitSmtpEnvironment } from './mailpit-server';
import { projectRoot as rootOfProject } from '../codec/project-root';

const projectRoot = rootOfProject();
const DEV_SERVER_PORT = 7233;
const UI_PORT = 8233;

const demoLead = {
  name: 'Jimmy Hedera',
  organisation: 'Hedera University',
  email: 'jimmy@hedera.example.edu',
  mailingListLabel: 'hedera',
  source: 'referral',
  notes: 'Micro-degree programme; heard of us from a competing university.',
};

/**
 * Ctrl-C reaches every process in the terminal's group, but a SIGTERM sent to `npm` alone is not passed on: when
 * our parent goes away, stop as if we had been asked to, so no dev server is left behind.
 */
function stopWhenOrphaned(): void {
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) process.kill(process.pid, 'SIGTERM');
  }, 1000).unref();
}

async function main(): Promise<void> {
  let config = loadConfig(process.env);
  const inboxSettings = loadLocalInboxSettings(process.env);
  const metrics = loadMetricsConfig(process.env);
  // The local demo posts leads with curl: unless a secret is given, signing is off, and the output says so.
  const intakeConfig = loadIntakeConfig({
    ...process.env,
    INTAKE_SIGNING: process.env.INTAKE_SIGNING ?? (process.env.INTAKE_SECRET ? 'on' : 'off'),
  });
  installRuntime(metrics);
  const cliPath = await ensureTemporalCli();
  if (!cliPath) throw new Error('No Temporal CLI: install Go (to build it) or put `temporal` on PATH, then retry.');

  const inbox = await startLocalInbox(
    inboxSettings,
    config.mail,
    path.join(projectRoot, '.temporal', 'mailpit'),
    (line) => console.log(`[mailpit] ${line}`),
  );
  const { mailpit } = inbox;
  if (mailpit) {
    process.once('exit', () => mailpit.process.kill('SIGTERM'));
    // Read again with the inbox as the SMTP relay, so the worker's mail goes through its real SMTP adapter.
    config = loadConfig({ ...process.env, ...mailpitSmtpEnvironment(mailpit) });
  }

  // Creates .temporal/payload-keys on the first run, unless PAYLOAD_KEYS is set.
  const codec = payloadCodecFrom(process.env);
  const codecSettings = codecServerSettings(process.env, {
    port: DEFAULT_CODEC_PORT,
    uiOrigin: `http://localhost:${UI_PORT}`,
  });
  const codecServer = await startCodecServer({ codec, ...codecSettings });
  process.once('exit', () => codecServer.server.close());

  console.log('Starting the Temporal dev server (state in .temporal/) ...');
  const server = await startDevServer({
    cliPath,
    stateDir: path.join(projectRoot, '.temporal'),
    namespace: config.temporal.namespace,
    port: DEV_SERVER_PORT,
    uiPort: UI_PORT,
    uiCodecEndpoint: codecServer.url,
  });
  let stopping = false;
  const stopServer = async () => {
    if (stopping) return;
    stopping = true;
    await server.stop();
  };
  process.once('exit', () => server.process.kill('SIGTERM'));
  stopWhenOrphaned();

  try {
    const clientConnection = await Connection.connect({ address: server.address });
    const client = new Client({
      connection: clientConnection,
      namespace: config.temporal.namespace,
      dataConverter: encryptingDataConverter(codec),
    });
    const demo = await startLead(
      client,
      { ...demoLead, owner: config.bizdevEmail },
      {
        taskQueue: config.temporal.taskQueue,
        followUpDays: config.followUpDays,
      },
    );
    await clientConnection.close();

    const intake = await startIntake(
      { ...intakeConfig, temporal: { ...config.temporal, address: server.address }, webUiUrl: server.uiUrl },
      process.env,
      { logger: false },
    );
    process.once('exit', () => void intake.close());
    const workerConnection = await NativeConnection.connect({ address: server.address });
    console.log(
      [
        '',
        `Temporal Web UI:  ${server.uiUrl}`,
        `Inbox:            ${inbox.description}`,
        `Codec server:     ${codecServer.url} (payloads encrypted with key ${codec.keyId}` +
          `${codecSettings.token ? '; bearer token required' : ''})`,
        `Demo lead:        ${demo.workflowId} (${demo.existing ? 'already running' : 'started'})`,
        `Pipeline page:    ${intake.url}/pipeline`,
        `Intake:           ${intake.url}/leads; signing ${describeSigning(intakeConfig)}`,
        `Metrics:          ${metrics.bindAddress ? `http://${metrics.bindAddress}/metrics` : 'off'}`,
        `Worker memory:    ${describeMemory(config.maxCachedWorkflows, { execArgv: process.execArgv, nodeOptions: process.env.NODE_OPTIONS })}`,
        'Adapters:',
        describeConfig(config)
          .split('\n')
          .map((line) => `  ${line}`)
          .join('\n'),
        '',
        'Start a lead of your own in another terminal:',
        '  npm run cli -- start --name "Ana Silva" --organisation "Acme Academy" --email ana@acme.example \\',
        '                       --label acme --source website',
        ...(intakeConfig.signing === 'off'
          ? [
              'or post one to the intake, as a website form would:',
              `  curl -i ${intake.url}/leads -d name="Ana Silva" -d organisation="Acme Academy" \\`,
              '       -d email=ana@acme.example -d label=acme -d source=website',
            ]
          : []),
        `  npm run cli -- status ${demo.lead.email}`,
        ...(mailpit
          ? [
              demo.existing
                ? "If the demo lead's first-contact greeting still waits for its owner, approve it, then open the inbox:"
                : "The demo lead's first-contact greeting waits for its owner: approve it, then open the inbox:",
              `  npm run cli -- greeting ${demo.lead.email} --by ${config.bizdevEmail} --approve`,
            ]
          : []),
        '',
        `Ctrl-C stops the worker, the dev server${mailpit ? ' and the inbox' : ''}.`,
      ].join('\n'),
    );
    // The SDK shuts the worker down on SIGINT/SIGTERM; the dev server is stopped once it has drained.
    await runWorker({ ...config, temporal: { ...config.temporal, address: server.address } }, workerConnection, codec);
    await workerConnection.close();
  } finally {
    await stopServer();
    await codecServer.close();
    await mailpit?.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
