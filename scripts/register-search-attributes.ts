/**
 * Registers the namespace (when missing) and the project's search attributes on the Temporal server named by
 * TEMPORAL_ADDRESS: the same steps `npm run cluster` takes, for a cluster started some other way (docker-compose.yml's
 * one-shot service). Adds only what is missing, so it can run at every start; any failure exits 1 with the cause.
 */
import { ALL_SEARCH_ATTRIBUTES } from '../workflows/search-attributes';
import { setUpNamespace } from './cluster';

async function main(): Promise<void> {
  const address = process.env.TEMPORAL_ADDRESS || 'localhost:7233';
  const namespace = process.env.TEMPORAL_NAMESPACE || 'default';
  await setUpNamespace(address, namespace);
  console.log(
    `${address}, namespace ${namespace}: ${ALL_SEARCH_ATTRIBUTES.map((key) => key.name).join(', ')} registered`,
  );
}

main().catch((error: unknown) => {
  console.error(`Could not register the search attributes: ${(error as Error).message}`);
  process.exit(1);
});
