import { z } from 'zod';
import { LEAD_SOURCES } from '../rules/lead-source';
import { emailAddress, parseInput, requiredText, yesNo } from '../rules/validation';
import { checkLeadBounds } from './input-bounds';

export { leadWorkflowId } from './lead-id';

const leadSchema = z
  .object({
    name: requiredText(),
    organisation: requiredText(),
    email: requiredText().toLowerCase().pipe(emailAddress('must be a valid email address')),
    mailingListLabel: requiredText().regex(
      /^[a-z0-9][a-z0-9-]*$/,
      'must be lowercase letters, digits and dashes (the help+<label>@ address)',
    ),
    source: z.enum(LEAD_SOURCES, { message: `must be one of ${LEAD_SOURCES.join(', ')}` }),
    government: yesNo('a government body').default(false),
    notes: z.string().default(''),
    /** The business developer who follows the lead up until a client owner takes over. */
    owner: emailAddress('must be a valid email address').optional(),
  })
  .strict();

export type Lead = z.output<typeof leadSchema>;
export type LeadInput = z.input<typeof leadSchema>;

export function parseLead(input: unknown): Lead {
  return parseInput(leadSchema, input, 'lead');
}

/** A lead about to be started: its shape, and the limits every lead started under the current rules must keep. */
export function parseNewLead(input: unknown): Lead {
  const lead = parseLead(input);
  checkLeadBounds(lead);
  return lead;
}
