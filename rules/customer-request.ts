/**
 * Handbook 004, "Customer codenames": a client that wishes to stay anonymous on the public tracker gets a minor
 * planet's name as its label. The handbook leaves the choice to a person; when none is configured, one is picked
 * from this list by the client's label, so the same client always gets the same codename.
 */
export const MINOR_PLANETS = [
  'ceres',
  'vesta',
  'pallas',
  'juno',
  'hygiea',
  'astraea',
  'hebe',
  'iris',
  'flora',
  'metis',
  'eunomia',
  'psyche',
  'thetis',
  'egeria',
  'irene',
  'eugenia',
] as const;

/** Stable across processes and versions (no Math.random, no hash seed): a codename, once seen, never changes. */
export function codenameFor(clientLabel: string): string {
  let hash = 0;
  for (const char of clientLabel.toLowerCase()) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return MINOR_PLANETS[hash % MINOR_PLANETS.length];
}

/** Handbook 004: every customer request issue carries a "customer request" label. */
export const CUSTOMER_REQUEST_LABEL = 'customer request';
/**
 * Handbook 004: "+" prefixed labels (its example: "+more info please") say we are waiting on someone outside the
 * team; this is the one the engine sets while a request waits on the client.
 */
export const WAITING_ON_CLIENT_LABEL = '+more info please';

export interface ClientIdentity {
  /** The client's mailing-list label, e.g. `acme`. */
  label: string;
  /** Set when the client asked to stay anonymous on the tracker. */
  codename?: string;
}

/** What the tracker may call the client: its codename when it asked for anonymity, else its label. */
export function trackerName(client: ClientIdentity): string {
  return client.codename ?? client.label;
}

/** The labels of a customer request's tracker issue. */
export function customerRequestLabels(client: ClientIdentity, waitingOnClient: boolean): string[] {
  return [CUSTOMER_REQUEST_LABEL, trackerName(client), ...(waitingOnClient ? [WAITING_ON_CLIENT_LABEL] : [])];
}

/** The title: the request's first line, shortened, under the name the tracker may show. */
export function customerRequestSummary(client: ClientIdentity, text: string): string {
  const firstLine = text.trim().split('\n')[0].trim();
  const short = firstLine.length > 80 ? `${firstLine.slice(0, 79)}…` : firstLine;
  return `Customer request (${trackerName(client)}): ${short}`;
}
