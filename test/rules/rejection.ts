import { InvalidInputError } from '../../rules/validation';

/** Runs `action` and returns the InvalidInputError it throws; anything else, including no error, fails the test. */
export function rejectionOf(action: () => unknown): InvalidInputError {
  try {
    action();
  } catch (error) {
    if (error instanceof InvalidInputError) return error;
    throw error;
  }
  throw new Error('expected the input to be rejected with an InvalidInputError, but it was accepted');
}
