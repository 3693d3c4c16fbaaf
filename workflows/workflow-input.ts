import { ApplicationFailure } from '@temporalio/workflow';
import { InvalidInputError } from '../rules/validation';

/**
 * Bad start input fails the workflow at once, naming the fields: thrown as a plain error it would fail the first
 * workflow task, which Temporal retries forever.
 */
export function acceptInput<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof InvalidInputError) throw ApplicationFailure.nonRetryable(error.message, 'InvalidInput');
    throw error;
  }
}
