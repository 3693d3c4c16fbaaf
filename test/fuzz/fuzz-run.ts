import fc from 'fast-check';

/** Fixed so a failure can be replayed; FUZZ_SEED tries another sequence. Every run prints the seed it used. */
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20261203);

// Hundreds of round trips to the server per test: alone a test takes about 20 s, but on two cores shared with other
// suites it has taken over a minute, so these files get more than the default 60 s.
jest.setTimeout(180_000);

let triedInThisFile = 0;
afterAll(() => {
  if (triedInThisFile > 0)
    console.log(`fuzz: ${triedInThisFile} malformed inputs tried in this file (seed ${FUZZ_SEED})`);
});

/**
 * Runs `check` on `runs` generated cases (fast-check shrinks a failure to its smallest counterexample and prints it
 * with the seed and path to replay it), then says how many cases were tried.
 */
export async function fuzz<T>(
  what: string,
  cases: fc.Arbitrary<T>,
  runs: number,
  check: (value: T) => Promise<void>,
  examples: T[] = [],
): Promise<number> {
  let tried = 0;
  await fc.assert(
    fc.asyncProperty(cases, async (value) => {
      tried += 1;
      await check(value);
    }),
    { seed: FUZZ_SEED, numRuns: runs, examples: examples.map((example) => [example] as [T]) },
  );
  triedInThisFile += tried;
  console.log(`fuzz: ${what}: ${tried} cases tried (seed ${FUZZ_SEED})`);
  return tried;
}
