import { readdirSync } from 'node:fs';
import path from 'node:path';
import { SHARED_WORKFLOW_MODULES, WORKFLOW_INTERCEPTOR_MODULES } from '../../worker/create-worker';

const ROOT = path.resolve(__dirname, '../..');

/** Every module the shared workflow modules can reach: the workflows and the rules they follow. */
function sharedSources(): string[] {
  const sources = ['workflows', 'rules'].flatMap((folder) =>
    readdirSync(path.join(ROOT, folder), { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts'))
      .map((file) => path.join(ROOT, folder, file)),
  );
  // Loaded afresh for each run as an interceptor module, not shared; it needs a workflow to load at all.
  const perRun = new Set(WORKFLOW_INTERCEPTOR_MODULES.map((file) => file.replace(/\.js$/, '.ts')));
  return sources.filter((file) => !perRun.has(file));
}

/** Paths to zod schemas reachable through an exported value's own properties, as the SDK's freeze walks them. */
function exportedSchemas(value: unknown, where: string, seen = new Set<unknown>()): string[] {
  if (value === null || typeof value !== 'object' || seen.has(value)) return [];
  seen.add(value);
  if ('_zod' in value) return [where];
  return Object.entries(value).flatMap(([key, inner]) => exportedSchemas(inner, `${where}.${key}`, seen));
}

test('the workflows are shared between runs from their index', () => {
  expect(SHARED_WORKFLOW_MODULES).toEqual([require.resolve('../../workflows')]);
});

test.each(sharedSources().map((file) => [path.relative(ROOT, file), file]))(
  '%s exports no zod schema, which the worker would freeze',
  (_name, file) => {
    const exports = jest.requireActual<Record<string, unknown>>(file);
    expect(Object.entries(exports).flatMap(([name, value]) => exportedSchemas(value, name))).toEqual([]);
  },
);
