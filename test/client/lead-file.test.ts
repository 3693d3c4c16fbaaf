import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readLeadFile } from '../../client/lead-file';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'lead-file-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('a quote left open in a CSV keeps the rows before it and says the rest could not be read', async () => {
  const file = path.join(dir, 'leads.csv');
  await writeFile(
    file,
    'name,organisation,email\nAna,Acme,ana@acme.example\nBo,"Berg AB,bo@berg.example\nCy,Young,cy@young.example\n',
  );
  const { rows } = await readLeadFile(file);
  expect(rows).toHaveLength(2);
  expect(rows[0].lead).toEqual({ name: 'Ana', organisation: 'Acme', email: 'ana@acme.example' });
  expect(rows[1].error?.message).toContain(
    'an opening quote is never closed, so the rest of the file could not be read',
  );
});

test('the file names its columns: errors about mailingListLabel can name the column as written', async () => {
  const file = path.join(dir, 'leads.csv');
  await writeFile(file, 'Name,Organisation,Email,Mailing List Label,Source\nAna,Acme,ana@acme.example,acme,website\n');
  const { rows, fieldNames } = await readLeadFile(file);
  expect(rows[0].lead).toMatchObject({ mailingListLabel: 'acme' });
  expect(fieldNames.mailingListLabel).toBe('Mailing List Label');
});
