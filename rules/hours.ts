/** Hours are added in whole hundredths so that 0.1 h + 0.2 h is billed as 0.3 h, not 0.30000000000000004 h. */
const HUNDREDTHS_PER_HOUR = 100;

export function toHundredths(hours: number): number {
  return Math.round(hours * HUNDREDTHS_PER_HOUR);
}

export function sumHours(hours: readonly number[]): number {
  return fromHundredths(hours.reduce((total, entry) => total + toHundredths(entry), 0));
}

export function fromHundredths(hundredths: number): number {
  return hundredths / HUNDREDTHS_PER_HOUR;
}
