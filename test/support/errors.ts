import { WorkflowUpdateFailedError } from '@temporalio/client';

/** The message a rejected update gives its caller: the validator's error, carried as the failure's cause. */
export async function updateRejection(pending: Promise<unknown>): Promise<string> {
  try {
    await pending;
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError) return error.cause?.message ?? error.message;
    throw error;
  }
  throw new Error('expected the update to be rejected, but it was accepted');
}
