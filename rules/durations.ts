/** Plain milliseconds, safe in workflow code: every "a week", "48 hours" or "a quarter" is built from these. */
export const MINUTE_MS = 60 * 1000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
