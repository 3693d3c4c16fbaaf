// Pure functions only (no Node built-ins): workflow code may import these to build deterministic messages.

export interface ClientCcInput {
  /** The client's mailing-list label, e.g. `esme` for help+esme@. */
  mailingListLabel: string;
  companyDomain: string;
  clientOwnerEmail?: string;
  epicOwnerEmail?: string;
  /** Whoever sends the message: never CC'd to themselves. Accepts `Name <address>` too. */
  senderEmail?: string;
}

/**
 * The CC list for client mail, per the handbook: always help+<label>@ (so any developer can find the thread later),
 * then the client owner and the epic owner to loop them in explicitly. Duplicates and the sender are dropped,
 * comparing addresses case-insensitively.
 */
export function clientCc(input: ClientCcInput): string[] {
  const label = input.mailingListLabel.trim().toLowerCase();
  const domain = input.companyDomain.trim().toLowerCase();
  if (!/^[a-z0-9][a-z0-9._-]*$/.test(label)) {
    throw new RangeError(`Invalid mailing-list label ${JSON.stringify(input.mailingListLabel)}`);
  }
  if (!/^[a-z0-9.-]+\.[a-z]{2,}$/.test(domain)) {
    throw new RangeError(`Invalid company domain ${JSON.stringify(input.companyDomain)}`);
  }
  const sender = input.senderEmail ? bareAddress(input.senderEmail) : undefined;
  const seen = new Set<string>();
  const cc: string[] = [];
  for (const candidate of [`help+${label}@${domain}`, input.clientOwnerEmail, input.epicOwnerEmail]) {
    if (!candidate?.trim()) continue;
    const address = bareAddress(candidate);
    if (address === sender || seen.has(address)) continue;
    seen.add(address);
    cc.push(candidate.trim());
  }
  return cc;
}

/**
 * `<key@domain>`: the same idempotency key always gives the same Message-ID, which is what lets mailers recognise a
 * retried send. Characters outside `[A-Za-z0-9_-]` are written as `=XX` (their UTF-8 bytes), so the result is a valid
 * RFC 5322 msg-id and distinct keys never collide (`a:b` and `a/b` stay different).
 */
export function messageIdFor(idempotencyKey: string, domain: string): string {
  if (idempotencyKey === '') throw new RangeError('The idempotency key of a message must not be empty');
  const host = domain.trim().toLowerCase();
  if (!/^[a-z0-9.-]+$/.test(host)) throw new RangeError(`Invalid Message-ID domain ${JSON.stringify(domain)}`);
  const utf8 = new TextEncoder();
  let local = '';
  for (const character of idempotencyKey) {
    if (/^[A-Za-z0-9_-]$/.test(character)) {
      local += character;
    } else {
      for (const byte of utf8.encode(character)) local += `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    }
  }
  return `<${local}@${host}>`;
}

/** `Ana <ANA@x.com>` → `ana@x.com`. */
export function bareAddress(address: string): string {
  const angle = /<([^<>]+)>\s*$/.exec(address);
  return (angle ? angle[1] : address).trim().toLowerCase();
}
