/**
 * `2026-12-10T09:30:00.000Z` → `2026-12-10 09:30 UTC`. Times are kept in UTC and shown with their zone, so nobody
 * reads them as local time; safe in workflow code.
 */
export function utcMinute(iso: string): string {
  return `${iso.replace('T', ' ').slice(0, 16)} UTC`;
}
