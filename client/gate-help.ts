/**
 * `gate --help`'s list of evidence fields, derived from the gate schemas in workflows/gates.ts (the same ones the
 * workflow validates with), so the help can never drift from what a gate accepts.
 */
import { z } from 'zod';
import { gateEvidenceSchema, GATED_STAGES } from '../workflows/gates';

interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  format?: string;
  pattern?: string;
  minimum?: number;
  exclusiveMinimum?: number;
  maximum?: number;
}

/** zod's own upper bound for integers: not a limit anyone types against. */
const SAFE_INTEGER = Number.MAX_SAFE_INTEGER;

function literal(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : String(value);
}

function numberText(schema: JsonSchema): string {
  const bounds: string[] = [];
  if (schema.exclusiveMinimum !== undefined) bounds.push(`> ${schema.exclusiveMinimum}`);
  if (schema.minimum !== undefined) bounds.push(`>= ${schema.minimum}`);
  if (schema.maximum !== undefined && schema.maximum !== SAFE_INTEGER) bounds.push(`<= ${schema.maximum}`);
  return [schema.type === 'integer' ? 'whole number' : 'number', ...bounds].join(' ');
}

function typeText(schema: JsonSchema): string {
  if (schema.const !== undefined) return literal(schema.const);
  if (schema.enum) return schema.enum.map(literal).join('|');
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (alternatives) return alternatives.map(typeText).join(' or ');
  switch (schema.type) {
    case 'boolean':
      return 'true|false';
    case 'number':
    case 'integer':
      return numberText(schema);
    case 'string':
      if (schema.format === 'uri') return 'URL';
      if (schema.format === 'email') return 'email';
      return schema.pattern ? `text matching /${schema.pattern}/` : 'text';
    case 'object':
      return objectText(schema);
    default:
      return 'any';
  }
}

function fieldName(name: string, schema: JsonSchema, required: boolean): string {
  if (required) return name;
  return schema.default !== undefined ? `${name} (optional, default ${literal(schema.default)})` : `${name} (optional)`;
}

/** `{a, b, c} each 0|1|2` when every field takes the same values (the rubric scores), else `{a: ..., b?: ...}`. */
function objectText(schema: JsonSchema): string {
  const entries = Object.entries(schema.properties ?? {});
  const required = new Set(schema.required ?? []);
  const types = entries.map(([, field]) => typeText(field));
  if (entries.length > 1 && new Set(types).size === 1 && entries.every(([name]) => required.has(name))) {
    return `{${entries.map(([name]) => name).join(', ')}} each ${types[0]}`;
  }
  return `{${entries.map(([name, field]) => `${required.has(name) ? name : `${name}?`}: ${typeText(field)}`).join(', ')}}`;
}

function evidenceLines(schema: JsonSchema): string[] {
  if (schema.oneOf) return ['one of:', ...schema.oneOf.map((alternative) => `  ${objectText(alternative)}`)];
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(
    ([name, field]) => `${fieldName(name, field, required.has(name))}: ${typeText(field)}`,
  );
}

export function evidenceHelp(): string {
  const lines = ['', 'Evidence by gate (--evidence JSON, or --evidence-file):'];
  for (const stage of GATED_STAGES) {
    const schema = z.toJSONSchema(gateEvidenceSchema(stage) as z.ZodType, {
      io: 'input',
      unrepresentable: 'any',
    }) as JsonSchema;
    lines.push(`  ${stage}`, ...evidenceLines(schema).map((line) => `    ${line}`));
  }
  return `${lines.join('\n')}\n`;
}
