import { readEventsText } from '../internal/readEventsText';
import { NDJSON_CONTENT_TYPE } from './AmqpFraming';

/** Events read from one message, or why the message is poison. */
export type DecodedMessage = { ok: true; events: unknown[]; errors: string[] } | { ok: false; reason: string };

/**
 * Reads a message body: one JSON event (MozDef framing), a JSON array, or NDJSON (batch framing, by content
 * type or by shape). Lines that are not JSON are reported in `errors`; a body with no event at all is poison.
 */
export function decodeMessage(body: Buffer, contentType: string | undefined): DecodedMessage {
  const read = readEventsText(body, contentType === NDJSON_CONTENT_TYPE);
  if (!read.ok) {
    return { ok: false, reason: read.problem === 'json' ? `message body is not JSON: ${read.reason}` : `message body is ${read.reason}` };
  }
  const events: unknown[] = [];
  const errors: string[] = [];
  for (const item of read.items) {
    if (item.ok) events.push(item.value);
    else errors.push(item.reason);
  }
  if (events.length === 0) return { ok: false, reason: `no JSON event in the message (${errors[0] ?? 'empty'})` };
  return { ok: true, events, errors };
}
