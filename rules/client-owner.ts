/**
 * Who owns the client once a deal closes. A new client is owned by the developer who performed the discovery; an
 * existing client keeps its owner; a small project is a one-off task assignment and never creates a new owner.
 */
export function clientOwnerAfterClose(input: {
  isNewClient: boolean;
  smallProject: boolean;
  discoveryDeveloper?: string;
  currentOwner?: string;
}): string | undefined {
  const { isNewClient, smallProject, discoveryDeveloper, currentOwner } = input;
  if (smallProject || !isNewClient) return currentOwner;
  return discoveryDeveloper ?? currentOwner;
}
