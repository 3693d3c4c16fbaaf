import { simpleParser, type ParsedMail } from 'mailparser';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

function addresses(field: ParsedMail['to']): string[] {
  const list = Array.isArray(field) ? field : field ? [field] : [];
  return list.flatMap((group) => group.value.map((entry) => entry.address ?? ''));
}

export interface OutboxMessage {
  file: string;
  messageId: string | undefined;
  to: string[];
  cc: string[];
  replyTo: string[];
  subject: string;
  text: string;
}

/** The messages the zero-config mailer wrote, parsed as any mail client would. */
export async function readOutbox(dir: string): Promise<OutboxMessage[]> {
  let files: string[];
  try {
    files = (await readdir(dir)).filter((file) => file.endsWith('.eml')).sort();
  } catch {
    return [];
  }
  return Promise.all(
    files.map(async (file) => {
      const mail = await simpleParser(await readFile(path.join(dir, file)));
      return {
        file,
        messageId: mail.messageId,
        to: addresses(mail.to),
        cc: addresses(mail.cc),
        replyTo: addresses(mail.replyTo),
        subject: mail.subject ?? '',
        text: mail.text ?? '',
      };
    }),
  );
}

/** The numbered options of an email's plain text ("1. …", "2. …"), in order: what the reader is offered to pick. */
export function numberedLines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /^\d+\. /.test(line));
}
