import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
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

  async summary(invoiceId: string): Promise<string> {
    return readFile(path.join(this.dir, `${invoiceId}.txt`), 'utf8');
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
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, content);
  await rename(temporary, file);
}

export function readableInvoice(invoice: StoredInvoice): string {
  const width = Math.max(...invoice.lines.map((line) => line.label.length), 'Total'.length);
  return [
    `Invoice ${invoice.invoiceId}`,
    `Client: ${invoice.organisation} (${invoice.client})`,
    `Period: ${invoice.period}`,
    '',
    ...invoice.lines.map((line) => `${line.label.padEnd(width)}  ${line.hours.toFixed(2).padStart(8)} h`),
    `${'Total'.padEnd(width)}  ${invoice.totalHours.toFixed(2).padStart(8)} h`,
    ...(invoice.budgetHours !== undefined ? [`Monthly budget: ${invoice.budgetHours} h`] : []),
    ...(invoice.overBudgetByHours > 0 ? [`Over budget by ${invoice.overBudgetByHours} h`] : []),
    `Status: ${invoice.sentAt ? `sent ${invoice.sentAt}` : 'drafted, awaiting review'}`,
    '',
  ].join('\n');
}
