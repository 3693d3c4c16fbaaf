import { NamespaceNotFoundError, ServiceError } from '@temporalio/client';

/**
 * A server that is up but not set up for the engine (a fresh cluster: no namespace, or search attributes never
 * registered) answers with a bare "Failed to start Workflow". This names what is missing and how to add it, or
 * returns undefined for any other error.
 */
export function explainServerSetup(error: unknown, server: { address: string; namespace: string }): string | undefined {
  const fix =
    'Register them with `npm run register-search-attributes` ' +
    `(TEMPORAL_ADDRESS=${server.address} TEMPORAL_NAMESPACE=${server.namespace}), which adds only what is missing.`;
  if (error instanceof NamespaceNotFoundError) {
    return (
      `the Temporal server at ${server.address} has no namespace '${error.namespace}'. ` +
      'The namespace and the search attributes are created together: ' +
      fix.replace('Register them', 'create them')
    );
  }
  if (!(error instanceof ServiceError)) return undefined;
  const details = (error.cause as { details?: unknown } | undefined)?.details;
  const text = typeof details === 'string' ? details : '';
  const missing = /search attribute (\w+)/i.exec(text);
  if (!missing || !/no mapping|not defined|not registered|unknown/i.test(text)) return undefined;
  return (
    `the Temporal server at ${server.address} does not know the search attribute ${missing[1]} in namespace ` +
    `'${server.namespace}' (the server said: ${text}). ${fix}`
  );
}
