import { ConfigError } from '../../common/config-error';
import { loadConfig } from '../../worker/config';
import { describeSupport } from '../../worker/support-config';

describe('SUPPORT_* settings', () => {
  test('rotations, away members, SLAs per channel and per client, codenames, and the escalation contact', () => {
    const { support } = loadConfig({
      SUPPORT_ON_CALL_L1: 'cs@x.com, cs2@x.com',
      SUPPORT_ON_CALL_L2: 'tech@x.com',
      SUPPORT_ON_CALL_L3: 'expert@x.com',
      SUPPORT_AWAY: 'cs2@x.com',
      SUPPORT_SLA_HOURS: 'email=48,issue=72',
      SUPPORT_CLIENT_SLA_HOURS: 'acme:chat=8,acme:email=12',
      SUPPORT_CODENAMES: 'hush=vesta,quiet',
      BIZDEV_EMAIL: 'bizdev@x.com',
    });
    expect(support.onCall.L1).toEqual([
      { email: 'cs@x.com', available: true },
      { email: 'cs2@x.com', available: false },
    ]);
    expect(support.sla).toEqual({ byChannel: { email: 48, issue: 72 }, byClient: { acme: { chat: 8, email: 12 } } });
    expect(support.codenames.hush).toBe('vesta');
    expect(support.codenames.quiet).toMatch(/^[a-z]+$/);
    expect(support.escalationContact).toBe('bizdev@x.com');
    expect(loadConfig({ SUPPORT_ESCALATION_EMAIL: 'lead@x.com' }).support.escalationContact).toBe('lead@x.com');
    // Whoever is away is never named as on call; the start-up summary says who is.
    expect(describeSupport(support)).toBe(
      'on call this week L1 cs@x.com, L2 tech@x.com, L3 expert@x.com; escalation to bizdev@x.com',
    );
  });

  test('every bad variable is named, with the entry, never its value', () => {
    let error: unknown;
    try {
      loadConfig({
        SUPPORT_ON_CALL_L2: 'tech@x.com,not-an-address',
        SUPPORT_AWAY: 'stranger@x.com',
        SUPPORT_SLA_HOURS: 'fax=4',
        SUPPORT_CLIENT_SLA_HOURS: 'acme=8',
        SUPPORT_CODENAMES: 'Hush Corp',
        SUPPORT_ESCALATION_EMAIL: 'nobody',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.map((problem) => `${problem.variable}: ${problem.problem}`);
    expect(problems).toEqual(
      expect.arrayContaining([
        'SUPPORT_ON_CALL_L2: entry 2 must be an email address',
        'SUPPORT_AWAY: lists an address that is on no SUPPORT_ON_CALL_* rotation',
        expect.stringMatching(/^SUPPORT_SLA_HOURS: entry 1 must be <channel>=<hours>/),
        'SUPPORT_CLIENT_SLA_HOURS: entry 1 must be <client label>:<channel>=<hours>, e.g. acme:chat=8',
        'SUPPORT_CODENAMES: entry 1 must be <client label> or <client label>=<codename>, in lower case',
        'SUPPORT_ESCALATION_EMAIL: must be an email address',
      ]),
    );
    expect((error as Error).message).not.toContain('not-an-address');
    expect((error as Error).message).not.toContain('Hush Corp');
  });
});
