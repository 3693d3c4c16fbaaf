/**
 * The default JSON payload converter, except that a payload it cannot decode becomes an `UndecodablePayload` marker
 * instead of an exception. In the workflow, an exception while decoding a Signal's arguments fails the workflow task
 * on every retry and wedges the lead; the marker reaches the handler, which refuses it like any other bad input.
 */
import { DefaultPayloadConverter, type Payload, type PayloadConverter } from '@temporalio/common';

export const UNDECODABLE = '__undecodablePayload';

export interface UndecodablePayload {
  [UNDECODABLE]: string;
}

export function isUndecodable(value: unknown): value is UndecodablePayload {
  return typeof value === 'object' && value !== null && UNDECODABLE in value;
}

class TolerantPayloadConverter implements PayloadConverter {
  private readonly inner = new DefaultPayloadConverter();

  toPayload<T>(value: T): Payload {
    return this.inner.toPayload(value);
  }

  fromPayload<T>(payload: Payload): T {
    try {
      return this.inner.fromPayload<T>(payload);
    } catch (error) {
      const marker: UndecodablePayload = { [UNDECODABLE]: error instanceof Error ? error.message : String(error) };
      return marker as T;
    }
  }
}

export const payloadConverter = new TolerantPayloadConverter();
