/** A Mailpit of a test's own, on free loopback ports, and what its HTTP API says it received. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startMailpit, type RunningMailpit } from '../../scripts/mailpit-server';
import { eventually } from './poll';
import { freePort } from './ports';

export interface InboxAddress {
  Name: string;
  Address: string;
}

/** One entry of `GET /api/v1/messages`, as Mailpit 1.27 answers it. */
export interface InboxMessage {
  ID: string;
  MessageID: string;
  From: InboxAddress;
  To: InboxAddress[];
  Cc: InboxAddress[] | null;
  ReplyTo: InboxAddress[] | null;
  Subject: string;
  Snippet: string;
}

/** The binary global-setup.ts built (or found in MAILPIT_PATH). */
export function mailpitBinary(): string {
  const binary = process.env.MAILPIT_PATH;
  if (!binary) throw new Error(`no Mailpit binary: ${process.env.MAILPIT_UNAVAILABLE ?? 'global setup did not run'}`);
  return binary;
}

export async function startTestMailpit(): Promise<RunningMailpit & { cleanup(): Promise<void> }> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'mailpit-'));
  const mailpit = await startMailpit({
    binary: mailpitBinary(),
    smtpPort: await freePort(),
    uiPort: await freePort(),
    dataDir,
  });
  return {
    ...mailpit,
    async cleanup() {
      await mailpit.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function inboxMessages(url: string): Promise<InboxMessage[]> {
  const response = await fetch(`${url}/api/v1/messages`);
  if (!response.ok) throw new Error(`GET /api/v1/messages answered ${response.status}`);
  return ((await response.json()) as { messages: InboxMessage[] }).messages;
}

/** Mail is stored a moment after the SMTP reply: wait for `count` messages, and return what is there then. */
export function awaitInbox(url: string, count: number, attempts = 100): Promise<InboxMessage[]> {
  return eventually(
    () => inboxMessages(url),
    (messages) => messages.length >= count,
    attempts,
  );
}

export const addressesOf = (list: InboxAddress[] | null): string[] => (list ?? []).map((entry) => entry.Address);
