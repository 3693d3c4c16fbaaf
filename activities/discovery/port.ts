import type { DiscoveryAssignment } from '../../rules/discovery-duty';

/**
 * Where the Discovery Duty rotation keeps its place between leads. `claim` runs `decide` with the rotation's
 * current position and stores the result under `key`; the same key again returns the first answer, so a retried
 * activity never moves the rotation twice.
 */
export interface DutyRota {
  claim(
    key: string,
    decide: (nextIndex: number) => { assignment: DiscoveryAssignment; nextIndex: number },
  ): Promise<DiscoveryAssignment>;
}
