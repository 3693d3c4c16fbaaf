import { emptySupportSettings, type SupportSettings } from '../activities/support/settings';
import type { DutyMember } from '../rules/discovery-duty';
import { SUPPORT_CHANNELS, SUPPORT_LEVELS, type SupportChannel } from '../rules/support-sla';
import { codenameFor } from '../rules/customer-request';
import { onCallEngineer } from '../rules/on-call';
import { z } from 'zod';

/**
 * | Variable                   | Default                 | Meaning                                                                       |
 * | -------------------------- | ----------------------- | ----------------------------------------------------------------------------- |
 * | SUPPORT_ON_CALL_L1/L2/L3   | (nobody)                | Each level's weekly on-call rotation, comma-separated emails in order         |
 * | SUPPORT_AWAY               | (nobody)                | Members of any rotation who are away: skipped for the next in line            |
 * | SUPPORT_SLA_HOURS          | `chat=24,email=24,issue=24` | First-answer SLA per channel, in hours                                    |
 * | SUPPORT_CLIENT_SLA_HOURS   | (none)                  | Per client and channel: `acme:chat=8,acme:email=12`                           |
 * | SUPPORT_CODENAMES          | (none)                  | Anonymous clients: `acme=ceres,globex` (no `=`: a minor planet is picked)     |
 * | SUPPORT_ESCALATION_EMAIL   | BIZDEV_EMAIL            | Told when an L3 request passes its SLA; on call when a rotation has nobody    |
 */
export const SUPPORT_VARIABLES = [
  'SUPPORT_ON_CALL_L1',
  'SUPPORT_ON_CALL_L2',
  'SUPPORT_ON_CALL_L3',
  'SUPPORT_AWAY',
  'SUPPORT_SLA_HOURS',
  'SUPPORT_CLIENT_SLA_HOURS',
  'SUPPORT_CODENAMES',
  'SUPPORT_ESCALATION_EMAIL',
] as const;

type Problem = { variable: string; problem: string };

const LABEL = /^[a-z0-9][a-z0-9._-]*$/;
const isEmail = (text: string) => z.email().safeParse(text).success;

function items(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

function hours(text: string): number | undefined {
  const value = Number(text);
  return /^\d+(\.\d+)?$/.test(text) && value > 0 && value <= 24 * 90 ? value : undefined;
}

function isChannel(text: string): text is SupportChannel {
  return (SUPPORT_CHANNELS as readonly string[]).includes(text);
}

/**
 * Reads the SUPPORT_* variables. Problems name the variable and the entry's position, never its value, as the
 * rest of the configuration does.
 */
export function readSupportConfig(env: NodeJS.ProcessEnv): {
  problems: Problem[];
  settings(fallbackContact: string): SupportSettings;
} {
  const problems: Problem[] = [];
  const emails = (variable: string): string[] => {
    const list = items(env[variable]).map((item) => item.toLowerCase());
    list.forEach((item, index) => {
      if (!isEmail(item)) problems.push({ variable, problem: `entry ${index + 1} must be an email address` });
    });
    return [...new Set(list)];
  };
  const away = new Set(emails('SUPPORT_AWAY'));
  const rotation = (variable: string): DutyMember[] =>
    emails(variable).map((member) => ({ email: member, available: !away.has(member) }));
  const onCall = {
    L1: rotation('SUPPORT_ON_CALL_L1'),
    L2: rotation('SUPPORT_ON_CALL_L2'),
    L3: rotation('SUPPORT_ON_CALL_L3'),
  };
  const everyone = new Set(SUPPORT_LEVELS.flatMap((level) => onCall[level].map((member) => member.email)));
  if ([...away].some((member) => !everyone.has(member))) {
    problems.push({ variable: 'SUPPORT_AWAY', problem: 'lists an address that is on no SUPPORT_ON_CALL_* rotation' });
  }

  const byChannel: Partial<Record<SupportChannel, number>> = {};
  items(env.SUPPORT_SLA_HOURS).forEach((item, index) => {
    const [channel = '', value = ''] = item.split('=').map((part) => part.trim());
    const parsed = hours(value);
    if (!isChannel(channel) || parsed === undefined) {
      problems.push({
        variable: 'SUPPORT_SLA_HOURS',
        problem: `entry ${index + 1} must be <channel>=<hours> with a channel of ${SUPPORT_CHANNELS.join(', ')} and hours above 0`,
      });
    } else byChannel[channel] = parsed;
  });

  const byClient: Record<string, Partial<Record<SupportChannel, number>>> = {};
  items(env.SUPPORT_CLIENT_SLA_HOURS).forEach((item, index) => {
    const match = /^([^:=\s]+):([^=\s]+)=(.+)$/.exec(item);
    const parsed = match ? hours(match[3].trim()) : undefined;
    if (!match || !LABEL.test(match[1]) || !isChannel(match[2]) || parsed === undefined) {
      problems.push({
        variable: 'SUPPORT_CLIENT_SLA_HOURS',
        problem: `entry ${index + 1} must be <client label>:<channel>=<hours>, e.g. acme:chat=8`,
      });
      return;
    }
    byClient[match[1]] = { ...byClient[match[1]], [match[2]]: parsed };
  });

  const codenames: Record<string, string | undefined> = {};
  items(env.SUPPORT_CODENAMES).forEach((item, index) => {
    const [label = '', codename] = item.split('=').map((part) => part.trim().toLowerCase());
    if (!LABEL.test(label) || (codename !== undefined && !LABEL.test(codename))) {
      problems.push({
        variable: 'SUPPORT_CODENAMES',
        problem: `entry ${index + 1} must be <client label> or <client label>=<codename>, in lower case`,
      });
    } else codenames[label] = codename;
  });

  const contact = env.SUPPORT_ESCALATION_EMAIL?.trim();
  if (contact && !isEmail(contact)) {
    problems.push({ variable: 'SUPPORT_ESCALATION_EMAIL', problem: 'must be an email address' });
  }

  return {
    problems,
    settings: (fallbackContact) => ({
      ...emptySupportSettings(contact || fallbackContact),
      sla: { byChannel, byClient },
      onCall,
      codenames: Object.fromEntries(
        Object.entries(codenames).map(([label, codename]) => [label, codename ?? codenameFor(label)]),
      ),
    }),
  };
}

/** One line for the worker's start-up summary: who is on call this week at each level, and the escalation contact. */
export function describeSupport(settings: SupportSettings, now = Date.now()): string {
  const levels = SUPPORT_LEVELS.map((level) => `${level} ${onCallEngineer(settings.onCall[level], now) ?? 'nobody'}`);
  return `on call this week ${levels.join(', ')}; escalation to ${settings.escalationContact}`;
}
