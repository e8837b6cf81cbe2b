import addFormats from 'ajv-formats';
import { daysInMonth } from './TimeZone';

const full = addFormats.get('date-time', 'full');
const fullValidate: (text: string) => boolean =
  typeof full === 'object' && !(full instanceof RegExp) && typeof full.validate === 'function'
    ? (full.validate as (text: string) => boolean)
    : () => false;

function digits2(text: string, at: number): number {
  const a = text.charCodeAt(at) - 48;
  const b = text.charCodeAt(at + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * RFC 3339 `date-time` as ajv-formats' full mode checks it, but fast for Vigil's own form
 * `YYYY-MM-DDTHH:MM:SS.mmmZ` (a charCode scan instead of regexes); any other text goes to ajv-formats.
 * ajv-formats' full check costs microseconds per value, which would make `validateEvent` slower than
 * serializing the event.
 */
export function isDateTime(text: string): boolean {
  if (
    text.length !== 24 ||
    text.charCodeAt(4) !== 45 ||
    text.charCodeAt(7) !== 45 ||
    text.charCodeAt(10) !== 84 ||
    text.charCodeAt(13) !== 58 ||
    text.charCodeAt(16) !== 58 ||
    text.charCodeAt(19) !== 46 ||
    text.charCodeAt(23) !== 90
  ) {
    return fullValidate(text);
  }
  const hi = digits2(text, 0);
  const lo = digits2(text, 2);
  const month = digits2(text, 5);
  const day = digits2(text, 8);
  const hour = digits2(text, 11);
  const minute = digits2(text, 14);
  const second = digits2(text, 17);
  const milli = digits2(text, 20);
  if (hi < 0 || lo < 0 || milli < 0 || text.charCodeAt(22) < 48 || text.charCodeAt(22) > 57) return false;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(hi * 100 + lo, month)) return false;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0) return false;
  // A leap second exists only at 23:59:60 UTC.
  return second <= 59 || (second === 60 && hour === 23 && minute === 59);
}
