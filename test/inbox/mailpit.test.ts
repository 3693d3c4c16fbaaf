/**
 * The web inbox `npm start` runs: Mailpit built from its module's source by scripts/mailpit-build.ts, receiving
 * mail from the worker's real SMTP adapter, and showing it in its API and its web page.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { EmailMessage } from '../../activities/email/port';
import { clientCc, meetingSummary, messageIdFor } from '../../activities/email/templates';
import { loadConfig } from '../../worker/config';
import { createAdapters } from '../../worker/adapters';
import { ensureMailpit, MAILPIT_BINARY, MAILPIT_VERSION } from '../../scripts/mailpit-build';
import { mailpitSmtpEnvironment } from '../../scripts/mailpit-server';
import { ensureChromium } from '../../scripts/chromium';
import { addressesOf, awaitInbox, startTestMailpit } from '../support/mailpit';

const run = promisify(execFile);

let mailpit: Awaited<ReturnType<typeof startTestMailpit>>;
let stateDir: string;

beforeEach(async () => {
  [mailpit, stateDir] = await Promise.all([startTestMailpit(), mkdtemp(path.join(tmpdir(), 'inbox-state-'))]);
});

afterEach(async () => {
  await mailpit?.cleanup();
  await rm(stateDir, { recursive: true, force: true });
});

/** The mailer the worker builds from its configuration when `npm start` points SMTP at the inbox. */
function workerMailer() {
  const config = loadConfig({ ...mailpitSmtpEnvironment(mailpit), STATE_DIR: stateDir });
  return createAdapters(config).mailer;
}

function meetingSummaryFor(organisation: string): EmailMessage {
  const email = meetingSummary({
    clientName: 'Jimmy',
    organisation,
    meetingTitle: `Intro call with ${organisation}`,
    meetingDate: '2026-12-03',
    discussed: ['Micro-degrees on Open edX'],
    nextSteps: ['Send the requirements'],
    senderName: 'Sam Sales',
  });
  return {
    messageId: messageIdFor(`${organisation}:meeting-summary`, 'example.com'),
    to: ['jimmy@hedera.example.edu'],
    cc: clientCc({
      mailingListLabel: 'hedera',
      companyDomain: 'example.com',
      clientOwnerEmail: 'owner@example.com',
      senderEmail: 'sales@example.com',
    }),
    ...email,
  };
}

test('the project builds Mailpit once into .tools and reuses it: the binary says its version', async () => {
  const located = process.env.MAILPIT_PATH;
  // Global setup found it through ensureMailpit; asked again without the variable, it must take the same file.
  if (located === MAILPIT_BINARY) delete process.env.MAILPIT_PATH;
  try {
    const found = await ensureMailpit({
      report: () => {
        throw new Error('built again: the binary in .tools should have been reused');
      },
    });
    expect(found.path).toBe(located);
  } finally {
    process.env.MAILPIT_PATH = located;
  }
  const { stdout } = await run(located ?? MAILPIT_BINARY, ['version', '--no-release-check']);
  expect(stdout).toContain(`mailpit ${MAILPIT_VERSION} compiled with go`);
});

test("the worker's SMTP adapter delivers through Mailpit, and its API shows subject, recipients and CC", async () => {
  const message = meetingSummaryFor('Hedera University');
  await expect(workerMailer().send(message)).resolves.toEqual({ messageId: message.messageId, delivered: true });

  const [received, ...others] = await awaitInbox(mailpit.url, 1);
  expect(others).toEqual([]);
  expect(received.Subject).toBe('Summary and next steps: Intro call with Hedera University');
  expect(addressesOf(received.To)).toEqual(['jimmy@hedera.example.edu']);
  expect(addressesOf(received.Cc)).toEqual(['help+hedera@example.com', 'owner@example.com']);
  expect(received.From.Address).toBe('sales@example.com');
  expect(`<${received.MessageID}>`).toBe(message.messageId);
});

test('the web inbox serves its page and the script and styles built into the binary', async () => {
  const page = await fetch(mailpit.url);
  expect(page.status).toBe(200);
  const html = await page.text();
  const assets = [...html.matchAll(/(?:href|src)="\/?(dist\/app\.(?:js|css))(?:\?[^"]*)?"/g)].map((m) => m[1]);
  expect(assets.sort()).toEqual(['dist/app.css', 'dist/app.js']);
  for (const [asset, type] of [
    ['dist/app.js', 'javascript'],
    ['dist/app.css', 'text/css'],
  ]) {
    const response = await fetch(`${mailpit.url}/${asset}`);
    expect({ asset, status: response.status }).toEqual({ asset, status: 200 });
    expect(response.headers.get('content-type')).toContain(type);
    // The bundles are hundreds of kilobytes; a stub or an error page is not.
    expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
  }
  // What a missing asset answers, so the 200s above mean the files are there.
  expect((await fetch(`${mailpit.url}/dist/missing.js`)).status).toBe(404);
});

const chromium = ensureChromium();
if (chromium.path === undefined) console.warn(`Skipping the inbox's browser check: ${chromium.why}`);

(chromium.path !== undefined ? test : test.skip)(
  'in headless Chromium, the inbox lists the message by subject and sender',
  async () => {
    await workerMailer().send(meetingSummaryFor('Affogato Academy'));
    await awaitInbox(mailpit.url, 1);
    const profile = await mkdtemp(path.join(tmpdir(), 'inbox-chromium-'));
    const shot = path.join(profile, 'inbox.png');
    try {
      const browser = (extra: string[]) =>
        run(
          chromium.path ?? 'chromium',
          [
            '--headless',
            '--no-sandbox',
            '--disable-gpu',
            '--disable-quic',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            `--user-data-dir=${profile}`,
            '--window-size=1200,800',
            // Time for the page's script to ask the API and draw the list.
            '--virtual-time-budget=10000',
            ...extra,
            mailpit.url,
          ],
          { timeout: 60_000, maxBuffer: 32 * 1024 * 1024 },
        );
      const { stdout: dom } = await browser(['--dump-dom']);
      expect(dom).toContain('Summary and next steps: Intro call with Affogato Academy');
      expect(dom).toContain('jimmy@hedera.example.edu');
      await browser([`--screenshot=${shot}`]);
      const png = readFileSync(shot);
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      // Kept where a person can look at it after the run.
      mkdirSync(path.resolve(__dirname, '../../.temporal'), { recursive: true });
      copyFileSync(shot, path.resolve(__dirname, '../../.temporal/inbox-screenshot.png'));
    } finally {
      await rm(profile, { recursive: true, force: true });
    }
  },
  120_000,
);
