/** Apart from the lead's schema, so that finding a lead (the CLI's `status`) does not load zod. */

/** One lead, one workflow: the id is the lead's normalised email, so the same lead arriving twice finds the first. */
export function leadWorkflowId(lead: { email: string }): string {
  return `lead-${lead.email.trim().toLowerCase()}`;
}
