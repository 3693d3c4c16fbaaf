import {
  DEFAULT_INSTANCES,
  MAINTENANCE_TIER_HOURS,
  suggestMaintenanceTier,
  TIER_TWO_USER_THRESHOLD,
  type MaintenanceInput,
} from '../../rules/maintenance';
import { rejectionOf } from './rejection';

describe('maintenance tiers', () => {
  test('are 7 hours (tier 1) and 11 hours (tier 2) a month per instance, tier 2 above 1000 users', () => {
    expect(MAINTENANCE_TIER_HOURS).toEqual({ 1: 7, 2: 11 });
    expect(TIER_TWO_USER_THRESHOLD).toBe(1000);
    expect(DEFAULT_INSTANCES).toBe(1);
  });
});

describe('suggestMaintenanceTier', () => {
  test.each<[string, MaintenanceInput, 1 | 2, number, number]>([
    ['nothing known suggests tier 1 for one instance', {}, 1, 1, 7],
    ['500 users on shared infrastructure suggest tier 1', { users: 500, deployment: 'shared' }, 1, 1, 7],
    ['exactly 1000 users stay at tier 1', { users: 1000 }, 1, 1, 7],
    ['1001 users suggest tier 2', { users: 1001 }, 2, 1, 11],
    ['a dedicated cluster suggests tier 2', { users: 10, deployment: 'dedicated' }, 2, 1, 11],
    ['AWS, always a dedicated cluster, suggests tier 2', { deployment: 'aws' }, 2, 1, 11],
    ['two instances suggest tier 2, and two contracts', { instances: 2 }, 2, 2, 22],
    ['every tier-two factor still suggests tier 2', { users: 5000, deployment: 'aws', instances: 3 }, 2, 3, 33],
    ['an override down to tier 1 wins over 1500 users', { users: 1500, override: 1 }, 1, 1, 7],
    [
      'an override up to tier 2 wins over a small shared instance',
      { users: 50, deployment: 'shared', override: 2 },
      2,
      1,
      11,
    ],
    ['an override to tier 1 still bills per instance', { instances: 3, override: 1 }, 1, 3, 21],
  ])('%s', (_case, input, tier, instances, monthlyHours) => {
    expect(suggestMaintenanceTier(input)).toEqual({
      tier,
      hoursPerInstance: MAINTENANCE_TIER_HOURS[tier],
      instances,
      monthlyHours,
      reasons: expect.any(Array),
    });
  });

  test.each<[string, MaintenanceInput, RegExp]>([
    ['the user count above the threshold', { users: 1001 }, /1001 users is more than 1000/],
    ['that AWS is always a dedicated cluster', { deployment: 'aws' }, /AWS, which is always a dedicated cluster/],
    ['a dedicated cluster', { deployment: 'dedicated' }, /dedicated cluster is upgraded on its own/],
    ['several instances', { instances: 4 }, /4 instances are more complex to coordinate/],
    ['that no tier-two factor is known', { users: 1000, deployment: 'shared' }, /tier 1 suggested: no tier-two factor/],
    ['the per-instance arithmetic', { users: 1001, instances: 2 }, /per instance: 2 × 11 h = 22 h a month/],
  ])('explains %s', (_case, input, wording) => {
    expect(suggestMaintenanceTier(input).reasons.some((reason) => wording.test(reason))).toBe(true);
  });

  test.each<[string, MaintenanceInput, RegExp]>([
    ['overriding the suggestion', { users: 1500, override: 1 }, /tier 1 set by override instead of tier 2/],
    ['confirming the suggestion', { deployment: 'aws', override: 2 }, /tier 2 confirmed by override/],
  ])('says when the team decided by %s', (_case, input, wording) => {
    const { reasons } = suggestMaintenanceTier(input);
    expect(reasons.filter((reason) => wording.test(reason))).toHaveLength(1);
  });

  test('mentions no override when there is none', () => {
    expect(suggestMaintenanceTier({ users: 2000 }).reasons.join(' ')).not.toMatch(/override/);
  });

  test.each<[string, unknown, string, string]>([
    ['negative users', { users: -1 }, 'users', 'cannot be negative'],
    ['a fraction of a user', { users: 10.5 }, 'users', 'must be a whole number of users'],
    ['users as text', { users: '1000' }, 'users', 'must be a number of users'],
    ['0 instances', { instances: 0 }, 'instances', 'must be at least 1 instance'],
    ['1.5 instances', { instances: 1.5 }, 'instances', 'must be a whole number of instances'],
    ['an unknown deployment', { deployment: 'gcp' }, 'deployment', "must be 'shared', 'dedicated' or 'aws'"],
    ['an override to tier 3', { override: 3 }, 'override', 'must be tier 1 or 2'],
    ['an unknown detail', { region: 'eu' }, 'region', 'is not a known field'],
  ])('rejects %s, naming the field', (_case, input, field, message) => {
    const error = rejectionOf(() => suggestMaintenanceTier(input as MaintenanceInput));
    expect(error.issues).toEqual([{ field, message }]);
    expect(error.message).toBe(`Invalid maintenance details: ${field}: ${message}`);
  });

  test('names every bad detail at once', () => {
    const error = rejectionOf(() => suggestMaintenanceTier({ users: -5, instances: 0 }));
    expect(error.issues.map((issue) => issue.field)).toEqual(['users', 'instances']);
  });
});
