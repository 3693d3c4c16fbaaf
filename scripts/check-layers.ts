/**
 * `npm run lint`'s layering check: .dependency-cruiser.cjs over the source. dependency-cruiser's own command refuses
 * Node 20, which this project supports, so its API is called instead; on Node 22 or newer `npx depcruise --config
 * .dependency-cruiser.cjs rules workflows activities common client intake worker codec scripts` gives the same answer.
 */
import { createRequire } from 'node:module';
import type { ICruiseOptions, IConfiguration } from 'dependency-cruiser' with { 'resolution-mode': 'import' };

const SOURCE_FOLDERS = ['rules', 'workflows', 'activities', 'common', 'client', 'intake', 'worker', 'codec', 'scripts'];

async function main(): Promise<void> {
  // An ES module only: loaded with import(), which this CommonJS script keeps as it is.
  const { cruise } = await import('dependency-cruiser');
  const config = createRequire(__filename)('../.dependency-cruiser.cjs') as IConfiguration;
  const options: ICruiseOptions = {
    ...config.options,
    validate: true,
    ruleSet: { forbidden: config.forbidden ?? [] },
    outputType: 'err-long',
  };
  const result = await cruise(SOURCE_FOLDERS, options);
  // err-long output is text; the JSON reporters would give an object.
  process.stdout.write(typeof result.output === 'string' ? result.output : JSON.stringify(result.output));
  process.exitCode = result.exitCode === 0 ? 0 : 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
