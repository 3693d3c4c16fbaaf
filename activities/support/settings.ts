import type { OnCallRotations } from '../../rules/on-call';
import type { SlaPolicy } from '../../rules/support-sla';

/** How support requests are handled on this worker: read from SUPPORT_* variables (worker/support-config.ts). */
export interface SupportSettings {
  sla: SlaPolicy;
  /** Each level's weekly rotation, unavailable members included (marked) so the rotation keeps its place. */
  onCall: OnCallRotations;
  /** Told when an L3 request passes its deadline, and on call when no rotation has anyone available. */
  escalationContact: string;
  /** Clients that asked for anonymity on the tracker: label → codename (handbook 004, "Customer codenames"). */
  codenames: Record<string, string>;
}

export function emptySupportSettings(escalationContact: string): SupportSettings {
  return { sla: { byChannel: {}, byClient: {} }, onCall: { L1: [], L2: [], L3: [] }, escalationContact, codenames: {} };
}
