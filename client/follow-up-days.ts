import { InvalidInputError } from '../rules/invalid-input';

/** The worker validates FOLLOW_UP_DAYS the same way: whole days, 1 to 365. */
export function followUpDaysFrom(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const days = Number(value);
  if (!Number.isInteger(days) || days < 1 || days > 365) {
    throw new InvalidInputError('Invalid environment', [
      { field: 'FOLLOW_UP_DAYS', message: 'must be a whole number of days from 1 to 365' },
    ]);
  }
  return days;
}
