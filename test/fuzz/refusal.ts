import { WorkflowUpdateFailedError } from '@temporalio/client';
import { InvalidInputError } from '../../rules/validation';

/**
 * The error a refused request gives its caller: the validator's, carried back by Temporal, or the client helper's own
 * when it refused before calling the server. Anything else (an accepted request, a crash) fails the case.
 */
export async function refusal(pending: Promise<unknown>): Promise<string> {
  try {
    await pending;
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError) return error.cause?.message ?? error.message;
    if (error instanceof InvalidInputError) return error.message;
    throw error;
  }
  throw new Error('the malformed request was accepted');
}
