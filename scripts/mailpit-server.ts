/**
 * Runs the Mailpit binary (scripts/mailpit-build.ts) on loopback: an SMTP server that keeps every message it is
 * given, and a web inbox showing them as a mail client would. Nothing it receives is relayed anywhere.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** The ports Mailpit documents, and docker-compose.yml publishes. */
export const MAILPIT_SMTP_PORT = 1025;
export const MAILPIT_UI_PORT = 8025;

const HOST = '127.0.0.1';

export interface MailpitOptions {
  binary: string;
  smtpPort: number;
  uiPort: number;
  /** Where its messages and its log are kept, so the inbox survives a restart. */
  dataDir: string;
}

export interface RunningMailpit {
  process: ChildProcess;
  smtp: { host: string; port: number };
  /** The web inbox; its HTTP API is under `/api/v1/`. */
  url: string;
  logFile: string;
  stop(): Promise<void>;
}

/** The worker's SMTP variables (worker/config.ts) that send its mail to this Mailpit. */
export function mailpitSmtpEnvironment(mailpit: Pick<RunningMailpit, 'smtp'>): Record<string, string> {
  // Mailpit offers no STARTTLS without a certificate, and needs no login: the adapter sends in the clear, locally.
  return { SMTP_HOST: mailpit.smtp.host, SMTP_PORT: String(mailpit.smtp.port), SMTP_SECURE: 'false' };
}

export async function startMailpit(options: MailpitOptions): Promise<RunningMailpit> {
  // Checked first: waiting for "serving" would otherwise take another program's answer for this Mailpit's.
  for (const port of [options.smtpPort, options.uiPort]) {
    if (await acceptsConnections(port)) {
      throw new Error(`something already listens on ${HOST}:${port} (another \`npm start\`, or a Mailpit of its own?)`);
    }
  }
  mkdirSync(options.dataDir, { recursive: true });
  const logFile = path.join(options.dataDir, 'mailpit.log');
  const log = openSync(logFile, 'a');
  const child = spawn(
    options.binary,
    [
      '--smtp',
      `${HOST}:${options.smtpPort}`,
      '--listen',
      `${HOST}:${options.uiPort}`,
      '--database',
      path.join(options.dataDir, 'mailpit.db'),
      // It would otherwise ask GitHub for a newer release, and resolve every sender's IP: this machine stays offline.
      '--disable-version-check',
      '--smtp-disable-rdns',
    ],
    { stdio: ['ignore', log, log] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  const url = `http://${HOST}:${options.uiPort}`;
  try {
    await waitUntilServing(child, url, options.smtpPort, logFile);
  } catch (error) {
    await stop();
    throw error;
  }
  return { process: child, smtp: { host: HOST, port: options.smtpPort }, url, logFile, stop };
}

async function waitUntilServing(child: ChildProcess, url: string, smtpPort: number, logFile: string): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt++) {
    if (child.exitCode !== null || child.signalCode !== null) {
      const said = readFileSync(logFile, 'utf8').trim().split('\n').slice(-5).join('\n');
      throw new Error(`Mailpit exited before serving (${child.exitCode ?? child.signalCode}):\n${said}`);
    }
    if ((await webInboxReady(url)) && (await acceptsConnections(smtpPort))) return;
    await sleep(100);
  }
  throw new Error(`Mailpit did not serve ${url} and SMTP on ${HOST}:${smtpPort} within 30 seconds (log: ${logFile})`);
}

async function webInboxReady(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(1000) });
    return response.ok;
  } catch {
    return false;
  }
}

function acceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: HOST, port });
    const done = (accepted: boolean) => {
      socket.destroy();
      resolve(accepted);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
