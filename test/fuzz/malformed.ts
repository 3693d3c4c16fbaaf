import fc from 'fast-check';

/**
 * What a request field accepts, as far as the fuzzer needs to know it: enough to break the field in a way the
 * workflow's schema must refuse, and to say which field the refusal has to name.
 */
export type FieldSpec =
  | { kind: 'text'; optional?: boolean; oneLine?: boolean }
  | { kind: 'string'; optional?: boolean }
  | { kind: 'email'; optional?: boolean }
  | { kind: 'url'; optional?: boolean }
  | { kind: 'iso'; optional?: boolean }
  | { kind: 'month' }
  | { kind: 'label' }
  | { kind: 'number'; optional?: boolean; min?: number; above?: number; max?: number; int?: boolean }
  | { kind: 'boolean'; optional?: boolean }
  | { kind: 'true' }
  | { kind: 'enum'; values: readonly string[]; optional?: boolean }
  | { kind: 'texts'; optional?: boolean; min?: number }
  | { kind: 'object'; fields: ObjectSpec; optional?: boolean };

export type ObjectSpec = Record<string, FieldSpec>;

/** A request that must be refused, and the field the refusal must name (`''` when it is the whole request). */
export interface MalformedCase {
  request: unknown;
  field: string;
  /** What was broken, for the counterexample fast-check prints. */
  mutation: string;
}

/** Keys that a careless `key in object` check finds on every object. */
export const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];

const anyUnicode = fc.string({ unit: 'binary', maxLength: 40 });
const graphemes = fc.string({ unit: 'grapheme', maxLength: 40 });

/** Far larger than any field a person fills in, yet under the server's payload warning size. */
export const hugeString = fc
  .tuple(fc.constantFrom('x', 'é', '界', '🦆', '\u0000', '\u202e'), fc.integer({ min: 10_000, max: 60_000 }))
  .map(([unit, count]) => unit.repeat(count));

/** Unicode of every kind, sometimes huge. */
const wildString = fc.oneof({ weight: 6, arbitrary: anyUnicode }, { weight: 3, arbitrary: graphemes }, hugeString);

/** Blank once trimmed: `requiredText` must call these missing. */
export const blank = fc.oneof(
  fc
    .array(fc.constantFrom(' ', '\t', '\n', '\r', '\u00a0', '\u2003', '\ufeff', '\u3000'), { maxLength: 30 })
    .map((chars) => chars.join('')),
  fc.integer({ min: 10_000, max: 60_000 }).map((count) => ' '.repeat(count)),
);

const notAString = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
);

const notANumber = fc.oneof(
  fc.integer().map(String),
  wildString,
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }),
);

const notABoolean = fc.oneof(
  fc.constantFrom('true', 'false', 'yes', 'no', '1', '0', ''),
  fc.constantFrom(0, 1),
  fc.constant(null),
  fc.array(fc.boolean(), { maxLength: 2 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.boolean(), { maxKeys: 2 }),
);

const notAnObject = fc.oneof(wildString, fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.integer()));

function wrongType(spec: FieldSpec): fc.Arbitrary<unknown> {
  switch (spec.kind) {
    case 'number':
      return notANumber;
    case 'boolean':
      return notABoolean;
    case 'true':
      return fc.oneof(fc.constant(false), notABoolean);
    case 'object':
    case 'texts':
      return notAnObject;
    default:
      return notAString;
  }
}

const ISO_LIKE = /^\d{4}-\d{2}-\d{2}T/;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const LABEL = /^[a-z0-9][a-z0-9-]*$/;

/** A value of the right type that the field must still refuse; none when its type is all it checks. */
function wrongValue(spec: FieldSpec): fc.Arbitrary<unknown> | undefined {
  switch (spec.kind) {
    case 'text':
      return blank;
    case 'email':
      return wildString.filter((text) => !text.includes('@'));
    case 'url':
      return wildString.filter((text) => !text.includes(':'));
    case 'iso':
      return wildString.filter((text) => !ISO_LIKE.test(text));
    case 'month':
      return fc
        .oneof(
          wildString,
          fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 13, max: 99 })).map(([y, m]) => `${y}-${m}`),
          fc.constantFrom('2026-00', '2026-1', '26-01', '2026-01-01'),
        )
        .filter((text) => !MONTH.test(text));
    case 'label':
      return wildString.filter((text) => text.trim() !== '' && !LABEL.test(text.trim()));
    case 'enum':
      return fc
        .oneof(wildString, fc.constantFrom(...PROTOTYPE_KEYS))
        .filter((text) => !spec.values.includes(text.trim()));
    case 'number':
      return outOfRange(spec);
    case 'texts':
      return fc.oneof(
        ...(spec.min ? [fc.constant([])] : []),
        fc
          .tuple(fc.array(fc.constant('fine'), { maxLength: 2 }), fc.oneof(blank, notAString))
          .map(([good, bad]) => [...good, bad]),
      );
    default:
      return undefined;
  }
}

function outOfRange(spec: Extract<FieldSpec, { kind: 'number' }>): fc.Arbitrary<number> | undefined {
  const options: fc.Arbitrary<number>[] = [];
  const lowest = spec.min ?? spec.above;
  if (lowest !== undefined) {
    const below = fc.double({ max: lowest, noNaN: true, noDefaultInfinity: true });
    options.push(spec.min !== undefined ? below.filter((value) => value < lowest) : below);
  }
  if (spec.max !== undefined) {
    const highest = spec.max;
    options.push(fc.double({ min: highest, noNaN: true, noDefaultInfinity: true }).filter((value) => value > highest));
  }
  if (spec.int) {
    options.push(
      fc.double({ min: lowest ?? -1e6, max: spec.max ?? 1e6, noNaN: true }).filter((value) => !Number.isInteger(value)),
    );
  }
  return options.length > 0 ? fc.oneof(...options) : undefined;
}

/** A key the object does not know, with any JSON value. */
function unknownKey(known: ObjectSpec): fc.Arbitrary<string> {
  return fc
    .oneof(
      { weight: 5, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }) },
      { weight: 2, arbitrary: fc.constantFrom(...PROTOTYPE_KEYS) },
      { weight: 1, arbitrary: fc.integer({ min: 200, max: 5_000 }).map((count) => 'k'.repeat(count)) },
      { weight: 1, arbitrary: blank.filter((key) => key !== '') },
    )
    .filter((key) => !Object.hasOwn(known, key));
}

/** Every field, at any depth, with the path that names it. */
function fieldsOf(spec: ObjectSpec, path: string[] = []): { path: string[]; spec: FieldSpec }[] {
  return Object.entries(spec).flatMap(([name, field]) => [
    { path: [...path, name], spec: field },
    ...(field.kind === 'object' ? fieldsOf(field.fields, [...path, name]) : []),
  ]);
}

function objectsOf(spec: ObjectSpec, path: string[] = []): { path: string[]; spec: ObjectSpec }[] {
  return [
    { path, spec },
    ...Object.entries(spec).flatMap(([name, field]) =>
      field.kind === 'object' ? objectsOf(field.fields, [...path, name]) : [],
    ),
  ];
}

/** A deep copy with one path set (own, enumerable, even for `__proto__`) or removed. */
function withPath(value: unknown, path: string[], change: { set: unknown } | { remove: true }): unknown {
  const [head, ...rest] = path;
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  if (rest.length > 0) {
    Object.defineProperty(copy, head, {
      value: withPath(copy[head] ?? {}, rest, change),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else if ('remove' in change) {
    delete copy[head];
  } else {
    Object.defineProperty(copy, head, { value: change.set, enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

function valueAt(value: unknown, path: string[]): unknown {
  return path.reduce<unknown>((at, key) => (at as Record<string, unknown> | undefined)?.[key], value);
}

export interface MalformedOptions {
  /** Prefix of every field name in the refusal: `evidence.` for a gate's evidence. */
  prefix?: string;
  /** Also break `oneLine` fields with line breaks (refused by the client helpers, before the server). */
  lineBreaks?: boolean;
  /** Also send something that is not an object at all, named as `root`. */
  root?: string;
  /** False for an object that ignores fields it does not know (a gate's envelope): no unknown field is added. */
  closed?: boolean;
}

/**
 * Requests built from a valid one with exactly one thing broken: a field of the wrong type, out of range, badly
 * formed, blank, missing or with a line break, or a field nobody asked for. Each must be refused, naming the field.
 */
export function malformed(
  valid: object,
  spec: ObjectSpec,
  options: MalformedOptions = {},
): fc.Arbitrary<MalformedCase> {
  const prefix = options.prefix ?? '';
  const named = (path: string[]) => `${prefix}${path.join('.')}`;
  const breakField = fc.constantFrom(...fieldsOf(spec)).chain(({ path, spec: field }) => {
    const present = valueAt(valid, path) !== undefined;
    const mutations: fc.Arbitrary<MalformedCase>[] = [
      wrongType(field).map((bad) => ({
        request: withPath(valid, path, { set: bad }),
        field: named(path),
        mutation: `wrong type for ${path.join('.')}`,
      })),
    ];
    const badValue = wrongValue(field);
    if (badValue) {
      mutations.push(
        badValue.map((bad) => ({
          request: withPath(valid, path, { set: bad }),
          field: named(path),
          mutation: `bad value for ${path.join('.')}`,
        })),
      );
    }
    if (present && !('optional' in field && field.optional)) {
      mutations.push(
        fc.constant({
          request: withPath(valid, path, { remove: true }),
          field: named(path),
          mutation: `missing ${path.join('.')}`,
        }),
      );
    }
    if (options.lineBreaks && field.kind === 'text' && field.oneLine) {
      mutations.push(
        fc
          .tuple(graphemes, fc.constantFrom('\n', '\r\n', '\r', '\nBcc: victim@example.com\n'), graphemes)
          .map(([before, newline, after]) => ({
            request: withPath(valid, path, { set: `Intro${before}${newline}${after}call` }),
            field: named(path),
            mutation: `line break in ${path.join('.')}`,
          })),
      );
    }
    return fc.oneof(...mutations);
  });
  const addField = fc.constantFrom(...objectsOf(spec)).chain(({ path, spec: fields }) =>
    fc.tuple(unknownKey(fields), fc.jsonValue({ maxDepth: 2 })).map(([key, value]) => ({
      request: withPath(valid, [...path, key], { set: value }),
      field: named([...path, key]),
      mutation: `unknown field ${JSON.stringify(key.slice(0, 40))}`,
    })),
  );
  const kinds = [{ weight: 6, arbitrary: breakField }];
  if (options.closed !== false) kinds.push({ weight: 2, arbitrary: addField });
  if (options.root !== undefined) {
    const root = options.root;
    kinds.push({
      weight: 1,
      arbitrary: notAnObject.map((request) => ({ request, field: root, mutation: 'not an object' })),
    });
  }
  return fc.oneof(...kinds);
}

/** Whether `message` names `field`, comparing as the wire does: lone surrogates arrive as U+FFFD. */
export function namesField(message: string, field: string, maxLength = NAMED_BY_ITS_FIRST): boolean {
  const wanted = [...folded(field)].slice(0, maxLength).join('');
  return folded(message).includes(wanted);
}

/** A message quotes a field on one line, white space folded and its length bounded: a huge name is named by its start. */
export const NAMED_BY_ITS_FIRST = 100;

function folded(text: string): string {
  return wellFormed(text).replace(/\s+/g, ' ');
}

function wellFormed(text: string): string {
  return text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}
