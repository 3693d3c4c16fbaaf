import { clientOwnerAfterClose } from '../../rules/client-owner';

const DEV = 'dev@opencraft.example';
const OWNER = 'owner@opencraft.example';

describe('clientOwnerAfterClose', () => {
  test.each<[string, Parameters<typeof clientOwnerAfterClose>[0], string | undefined]>([
    [
      'a new client is owned by the developer who performed the discovery',
      { isNewClient: true, smallProject: false, discoveryDeveloper: DEV },
      DEV,
    ],
    [
      'a new client is owned by the discovery developer even if someone was following the lead',
      { isNewClient: true, smallProject: false, discoveryDeveloper: DEV, currentOwner: OWNER },
      DEV,
    ],
    [
      'a new client with no recorded discovery developer keeps whoever owned it',
      { isNewClient: true, smallProject: false, currentOwner: OWNER },
      OWNER,
    ],
    [
      'a new client with neither gets no owner rather than a guess',
      { isNewClient: true, smallProject: false },
      undefined,
    ],
    [
      'an existing client keeps its current owner, not the discovery developer',
      { isNewClient: false, smallProject: false, discoveryDeveloper: DEV, currentOwner: OWNER },
      OWNER,
    ],
    [
      'an existing client without a recorded owner does not acquire one from the discovery',
      { isNewClient: false, smallProject: false, discoveryDeveloper: DEV },
      undefined,
    ],
    [
      'a small project for a new client assigns no client owner',
      { isNewClient: true, smallProject: true, discoveryDeveloper: DEV },
      undefined,
    ],
    [
      'a small project for an existing client keeps its current owner',
      { isNewClient: false, smallProject: true, discoveryDeveloper: DEV, currentOwner: OWNER },
      OWNER,
    ],
    [
      'a small project keeps a current owner even for a client marked new',
      { isNewClient: true, smallProject: true, discoveryDeveloper: DEV, currentOwner: OWNER },
      OWNER,
    ],
  ])('%s', (_case, input, owner) => {
    expect(clientOwnerAfterClose(input)).toBe(owner);
  });
});
