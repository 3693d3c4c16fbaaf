import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { invoicePeriodText } from './emails';
import type { DraftedInvoice, InvoiceDraft, Invoicing } from './port';

interface StoredInvoice extends InvoiceDraft {
  draftedAt: string;
  sentAt?: string;
}

/**
 * Invoices as files a person can review: `<id>.json` for tools and `<id>.txt` for people. The invoice id names the
 * files, so drafting or sending again after a retry changes nothing.
 */
export class LocalInvoicing implements Invoicing {
  constructor(private readonly dir: string) {}

  async draft(invoice: InvoiceDraft): Promise<DraftedInvoice> {
    const location = this.jsonPath(invoice.invoiceId);
    if (!(await this.read(invoice.invoiceId))) {
      await this.write({ ...invoice, draftedAt: new Date().toISOString() });
    }
    return { invoiceId: invoice.invoiceId, location };
  }

  async markSent(invoiceId: string): Promise<{ sentAt: string }> {
    const stored = await this.read(invoiceId);
    if (!stored) throw new Error(`invoice ${invoiceId} was never drafted`);
    if (stored.sentAt) return { sentAt: stored.sentAt };
    const sentAt = new Date().toISOString();
    await this.write({ ...stored, sentAt });
    return { sentAt };
  }

  /** What the client receives: the reviewer's `.txt` without the internal review status. */
  async summary(invoiceId: string): Promise<string> {
    const stored = await this.read(invoiceId);
    if (!stored) throw new Error(`invoice ${invoiceId} was never drafted`);
    return readableInvoice(stored, 'client');
  }

  private jsonPath(invoiceId: string): string {
    return path.join(this.dir, `${invoiceId}.json`);
  }

  private async read(invoiceId: string): Promise<StoredInvoice | undefined> {
    try {
      return JSON.parse(await readFile(this.jsonPath(invoiceId), 'utf8')) as StoredInvoice;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  private async write(invoice: StoredInvoice): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    await atomicWrite(path.join(this.dir, `${invoice.invoiceId}.txt`), readableInvoice(invoice));
    await atomicWrite(this.jsonPath(invoice.invoiceId), `${JSON.stringify(invoice, null, 2)}\n`);
  }
}

async function atomicWrite(file: string, content: string): Promise<void> {
  const temporary = temporaryFileFor(file, process.pid);
  await writeFile(temporary, content);
  await rename(temporary, file);
}

/** Where a process writes `file` before renaming it into place: named by process, so two workers never share one. */
export function temporaryFileFor(file: string, pid: number): string {
  return `${file}.${pid}.tmp`;
}

/** The reviewer's copy shows where the review stands; the client's copy does not. */
export function readableInvoice(invoice: StoredInvoice, reader: 'reviewer' | 'client' = 'reviewer'): string {
  const width = Math.max(...invoice.lines.map((line) => line.label.length), 'Total'.length);
  const period = invoicePeriodText(invoice.period);
  return [
    `Invoice ${invoice.invoiceId}`,
    `Client: ${invoice.organisation}${reader === 'reviewer' ? ` (${invoice.client})` : ''}`,
    period.isFinal ? 'Final invoice for the project' : `Period: ${period.text}`,
    '',
    ...invoice.lines.map((line) => `${line.label.padEnd(width)}  ${line.hours.toFixed(2).padStart(8)} h`),
    `${'Total'.padEnd(width)}  ${invoice.totalHours.toFixed(2).padStart(8)} h`,
    ...(invoice.budgetHours !== undefined ? [`Monthly budget: ${invoice.budgetHours} h`] : []),
    ...(invoice.overBudgetByHours > 0 ? [`Over budget by ${invoice.overBudgetByHours} h`] : []),
    ...(reader === 'reviewer'
      ? [`Status: ${invoice.sentAt ? `sent ${invoice.sentAt}` : 'drafted, awaiting review'}`]
      : []),
    '',
  ].join('\n');
}
