import { NDJSON_CONTENT_TYPE } from './AmqpFraming';

/** Events read from one message, or why the message is poison. */
export type DecodedMessage = { ok: true; events: unknown[]; errors: string[] } | { ok: false; reason: string };

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads a message body: one JSON event (MozDef framing), a JSON array, or NDJSON (batch framing, by content
 * type or by shape). Lines that are not JSON are reported in `errors`; a body with no event at all is poison.
 */
export function decodeMessage(body: Buffer, contentType: string | undefined): DecodedMessage {
  let text: string;
  try {
    text = decoder.decode(body);
  } catch {
    return { ok: false, reason: 'message body is not valid UTF-8' };
  }
  if (text.trim() === '') return { ok: false, reason: 'message body is empty' };
  if (contentType !== NDJSON_CONTENT_TYPE) {
    try {
      const value = JSON.parse(text) as unknown;
      return { ok: true, events: Array.isArray(value) ? value : [value], errors: [] };
    } catch (error) {
      if (!text.trimEnd().includes('\n')) return { ok: false, reason: `message body is not JSON: ${(error as Error).message}` };
    }
  }
  const events: unknown[] = [];
  const errors: string[] = [];
  let line = 0;
  for (const raw of text.split('\n')) {
    line++;
    if (raw.trim() === '') continue;
    try {
      events.push(JSON.parse(raw));
    } catch (error) {
      errors.push(`line ${line}: not JSON: ${(error as Error).message}`);
    }
  }
  if (events.length === 0) return { ok: false, reason: `no JSON event in the message (${errors[0] ?? 'empty'})` };
  return { ok: true, events, errors };
}
