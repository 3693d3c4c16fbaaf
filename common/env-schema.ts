/** The zod pieces every configuration reads its variables with, so a rule is written once and reads the same. */
import { z } from 'zod';

export const EMAIL =
  /^[^\s@<>(),;:"]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

/** Raw variables, as a section's cross-field rules see them: trimmed, and absent when empty. */
export type RawVariables<Variable extends string> = Partial<Record<Variable, string>>;

export const optional = <T extends z.ZodType>(schema: T) => schema.optional();
export const text = (problem: string) => z.string().regex(/^\S(?:.*\S)?$/, problem);
export const whole = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `must be a whole number from ${min} to ${max}`)
    .transform(Number)
    .refine((value) => value >= min && value <= max, `must be a whole number from ${min} to ${max}`);
export const email = z.string().regex(EMAIL, 'must be an email address');
export const httpUrl = z.string().refine(isHttpUrl, 'must be an http(s) URL');

/** `a, B ,c` as `['a', 'b', 'c']`, each item checked with `valid`. */
export function commaList(valid: (item: string) => boolean, problem: string) {
  return z
    .string()
    .transform(splitList)
    .refine((items) => items.every(valid), problem);
}

export function splitList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim().toLowerCase())
    .filter(Boolean);
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}
