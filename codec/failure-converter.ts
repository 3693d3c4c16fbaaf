/**
 * Loaded by path (the worker also bundles it into the workflow sandbox): failures' messages and stack traces travel
 * as an encoded payload, so the payload codec encrypts them too. An error can quote client data.
 */
import { DefaultFailureConverter } from '@temporalio/common';

export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
