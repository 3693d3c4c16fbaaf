/**
 * Names one engagement with a lead: a lead that is lost and comes back later reuses the workflow id, and its
 * emails, tasks and invoices must not be mistaken for the first engagement's.
 *
 * Built from the tail of the first run id because the server issues time-ordered UUIDv7 run ids, whose
 * leading digits are the start time and repeat for every run started within the same minute.
 */
export function engagementCode(firstExecutionRunId: string): string {
  const hex = firstExecutionRunId.replace(/-/g, '');
  if (!/^[0-9a-f]{32}$/i.test(hex)) throw new TypeError(`firstExecutionRunId: not a UUID: ${firstExecutionRunId}`);
  return hex.slice(-12).toLowerCase();
}
