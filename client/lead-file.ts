import { parse } from 'csv-parse/sync';
import { readFile } from 'node:fs/promises';
import { InvalidInputError } from '../rules/validation';

/** CSV headers people write, mapped to the lead's fields. */
const CSV_COLUMNS: Record<string, string> = {
  name: 'name',
  organisation: 'organisation',
  organization: 'organisation',
  email: 'email',
  label: 'mailingListLabel',
  mailinglistlabel: 'mailingListLabel',
  source: 'source',
  government: 'government',
  notes: 'notes',
  owner: 'owner',
};

const TRUE_WORDS = new Set(['true', 'yes', 'y', '1']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0', '']);

export function fieldFor(header: string): string {
  const column = header
    .trim()
    .toLowerCase()
    .replace(/[\s_-]/g, '');
  // A column called `constructor` is an unknown field, not Object's constructor.
  return Object.hasOwn(CSV_COLUMNS, column) ? CSV_COLUMNS[column] : header;
}

/** Also what an HTML form posts: every value a string, `label` for the mailing-list label. */
export function csvRowToLead(row: Record<string, string>): Record<string, unknown> {
  // No prototype: a `__proto__` column becomes a field that validation names, instead of vanishing into a setter.
  const lead: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [header, raw] of Object.entries(row)) {
    const field = fieldFor(header);
    const value = raw.trim();
    if (field === 'government') {
      const word = value.toLowerCase();
      // An unrecognised word is passed through, so validation names the field instead of guessing.
      lead.government = TRUE_WORDS.has(word) ? true : FALSE_WORDS.has(word) ? false : value;
    } else if (value !== '') {
      lead[field] = value;
    }
  }
  return lead;
}

/** One row of an import file: a lead to validate and start, or a row that could not even be read. */
export type LeadRow = { lead: unknown; error?: undefined } | { lead?: undefined; error: InvalidInputError };

export interface LeadFile {
  rows: LeadRow[];
  /** The file's own name for a lead field (`label` for `mailingListLabel`), so errors name what the user wrote. */
  fieldNames: Record<string, string>;
}

function badRow(line: number, message: string): LeadRow {
  return { error: new InvalidInputError('Unreadable row', [{ field: `line ${line}`, message }]) };
}

/**
 * A malformed CSV row (too many or too few values, a stray quote) is rejected on its own, like a row that fails
 * validation: the rows around it are still imported, and the import exits 2, not 1.
 */
function readCsv(file: string, text: string): LeadFile {
  const skipped: { line: number; row: LeadRow }[] = [];
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
      skip_records_with_error: true,
      on_skip: (error) => {
        const line = (error as { lines?: number } | undefined)?.lines ?? 0;
        const message =
          error?.code === 'CSV_QUOTE_NOT_CLOSED'
            ? `an opening quote is never closed, so the rest of the file could not be read (${error.message})`
            : (error?.message ?? 'could not be read');
        skipped.push({ line, row: badRow(line, message) });
      },
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    throw new InvalidInputError('Invalid import file', [
      { field: file, message: `is not valid CSV (${error instanceof Error ? error.message : String(error)})` },
    ]);
  }
  const [header, ...body] = records;
  if (!header) return { rows: skipped.map((entry) => entry.row), fieldNames: {} };
  const fieldNames: Record<string, string> = {};
  for (const column of header.record) fieldNames[fieldFor(column)] = column;
  const read = body.map(({ record, info }) => ({
    line: info.lines,
    row:
      record.length === header.record.length
        ? { lead: csvRowToLead(Object.fromEntries(header.record.map((column, index) => [column, record[index]]))) }
        : badRow(
            info.lines,
            `has ${record.length} value${record.length === 1 ? '' : 's'} but the header has ${header.record.length} columns`,
          ),
  }));
  const rows = [...read, ...skipped].sort((a, b) => a.line - b.line).map((entry) => entry.row);
  return { rows, fieldNames };
}

/** Leads for bulk import: a JSON array (or one object), or a CSV file with a header row. Validation happens per row later. */
export async function readLeadFile(file: string): Promise<LeadFile> {
  const text = await readFile(file, 'utf8');
  if (file.toLowerCase().endsWith('.csv')) return readCsv(file, text);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new InvalidInputError('Invalid import file', [
      {
        field: file,
        message: `is neither CSV nor valid JSON (${error instanceof Error ? error.message : String(error)})`,
      },
    ]);
  }
  const leads = Array.isArray(parsed) ? (parsed as unknown[]) : [parsed];
  return { rows: leads.map((lead) => ({ lead })), fieldNames: {} };
}
