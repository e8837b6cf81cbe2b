import { decodeBody } from './decodeBody';
import { parseJsonText, parseNdjson, type NdjsonLine } from './parseJsonText';

/**
 * Events read from a body, item by item, or why the body as a whole cannot be read: `utf8` (with the byte offset),
 * `empty`, or `json` (one document that is not JSON, with the position).
 */
export type EventsText =
  | { ok: true; items: Array<{ ok: true; value: unknown } | NdjsonLine> }
  | { ok: false; problem: 'utf8' | 'empty' | 'json'; reason: string; position?: number };

/**
 * Reads events the way every source receives them (HTTP bodies, AMQP messages): one JSON event, a JSON array, or
 * NDJSON — by declaration (`ndjson`) or because the body has several lines and is not one JSON document.
 * A bad NDJSON line is reported for that line only.
 */
export function readEventsText(body: Buffer | string | undefined | null, ndjson: boolean): EventsText {
  const decoded = decodeBody(body);
  if (!decoded.ok) return { ok: false, problem: 'utf8', reason: decoded.reason };
  const text = decoded.text;
  if (text.trim() === '') return { ok: false, problem: 'empty', reason: 'empty' };
  if (!ndjson) {
    const whole = parseJsonText(text);
    if (whole.ok) {
      const v = whole.value;
      return { ok: true, items: Array.isArray(v) ? v.map((value) => ({ ok: true as const, value })) : [{ ok: true, value: v }] };
    }
    if (!text.trimEnd().includes('\n')) {
      return { ok: false, problem: 'json', reason: whole.reason, ...(whole.position === undefined ? {} : { position: whole.position }) };
    }
  }
  return { ok: true, items: parseNdjson(text) };
}
