import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Background work (an email, an upload) finishes a moment after the update that started it: ask again, a bounded
 * number of times, and hand back the last answer so the assertion that follows says what was wrong.
 */
export async function eventually<T>(probe: () => Promise<T>, done: (value: T) => boolean, attempts = 100): Promise<T> {
  let value = await probe();
  for (let attempt = 1; attempt < attempts && !done(value); attempt++) {
    await sleep(100);
    value = await probe();
  }
  return value;
}
