import { parse } from 'csv-parse/sync';
import { readFile } from 'node:fs/promises';
import { InvalidInputError } from '../workflows/rules/validation';

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

function csvRowToLead(row: Record<string, string>): Record<string, unknown> {
  const lead: Record<string, unknown> = {};
  for (const [header, raw] of Object.entries(row)) {
    const field =
      CSV_COLUMNS[
        header
          .trim()
          .toLowerCase()
          .replace(/[\s_-]/g, '')
      ] ?? header;
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

/** Leads for bulk import: a JSON array (or one object), or a CSV file with a header row. Validation happens per row later. */
export async function readLeadFile(file: string): Promise<unknown[]> {
  const text = await readFile(file, 'utf8');
  if (file.toLowerCase().endsWith('.csv')) {
    const rows = parse<Record<string, string>>(text, { columns: true, skip_empty_lines: true, trim: true, bom: true });
    return rows.map(csvRowToLead);
  }
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
  return Array.isArray(parsed) ? (parsed as unknown[]) : [parsed];
}
