import type { TimeZone } from './TimeZone';
import { civilToMs, daysInMonth } from './TimeZone';

/** Earliest instant Vigil accepts: 0000-01-01T00:00:00.000Z (ISO strings stay four-digit years). */
export const MIN_TIMESTAMP_MS = -62_167_219_200_000;
/** Latest instant Vigil accepts: 9999-12-31T23:59:59.999Z. */
export const MAX_TIMESTAMP_MS = 253_402_300_799_999;

const MAX_TIMESTAMP_TEXT = 64;

const MONTHS = new Map<string, number>([
  ['jan', 1],
  ['feb', 2],
  ['mar', 3],
  ['apr', 4],
  ['may', 5],
  ['jun', 6],
  ['jul', 7],
  ['aug', 8],
  ['sep', 9],
  ['oct', 10],
  ['nov', 11],
  ['dec', 12],
]);

/**
 * The instant a timestamp value denotes, in ms since the epoch, or `NaN` when it is not a timestamp Vigil reads.
 * Zone-less forms are read in `zone`; RFC 3164 times (no year) take the year closest to `referenceMs`.
 */
export function timestampToMillis(value: unknown, zone: TimeZone, referenceMs: number): number {
  if (typeof value === 'string') return stringToMillis(value, zone, referenceMs);
  if (typeof value === 'number') return epochToMillis(value);
  if (value instanceof Date) return inRange(value.getTime());
  return Number.NaN;
}

function inRange(ms: number): number {
  return ms >= MIN_TIMESTAMP_MS && ms <= MAX_TIMESTAMP_MS ? ms : Number.NaN;
}

/** Epoch numbers by magnitude: seconds below 1e11, milliseconds below 1e14, microseconds below 1e17, else ns. */
function epochToMillis(value: number): number {
  if (!Number.isFinite(value)) return Number.NaN;
  const magnitude = Math.abs(value);
  let ms: number;
  if (magnitude < 1e11) ms = Math.floor(value * 1000 + 1e-3);
  else if (magnitude < 1e14) ms = Math.floor(value);
  else if (magnitude < 1e17) ms = Math.floor(value / 1000);
  else ms = Math.floor(value / 1e6);
  return inRange(ms);
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function stringToMillis(text: string, zone: TimeZone, referenceMs: number): number {
  const length = text.length;
  if (length === 0 || length > MAX_TIMESTAMP_TEXT) return Number.NaN;
  const first = text.charCodeAt(0);
  const last = text.charCodeAt(length - 1);
  if (first <= 32 || last <= 32) {
    const trimmed = text.trim();
    return trimmed.length === length ? Number.NaN : stringToMillis(trimmed, zone, referenceMs);
  }
  if (isDigit(first)) {
    if (length >= 10 && text.charCodeAt(4) === 45) return isoToMillis(text, zone);
    return numericToMillis(text);
  }
  if (first === 45 || first === 43) return numericToMillis(text);
  return rfc3164ToMillis(text, zone, referenceMs);
}

/** `[-+]digits[.digits]`: an epoch in s/ms/µs/ns by magnitude, read digit by digit (no float rounding). */
function numericToMillis(text: string): number {
  let i = 0;
  const length = text.length;
  let negative = false;
  const sign = text.charCodeAt(0);
  if (sign === 45 || sign === 43) {
    negative = sign === 45;
    i = 1;
  }
  const intStart = i;
  while (i < length && isDigit(text.charCodeAt(i))) i++;
  const intDigits = i - intStart;
  if (intDigits === 0 || intDigits > 21) return Number.NaN;
  let fraction = '';
  if (i < length) {
    if (text.charCodeAt(i) !== 46) return Number.NaN;
    const fracStart = ++i;
    while (i < length && isDigit(text.charCodeAt(i))) i++;
    if (i !== length || i === fracStart) return Number.NaN;
    fraction = text.slice(fracStart);
  }
  const whole = Number(text.slice(intStart, intStart + intDigits));
  if (whole >= 1e11 || negative) {
    const value = Number(text);
    return epochToMillis(value);
  }
  // Seconds: whole * 1000 plus the first three fraction digits, exactly.
  const ms = fraction.length === 0 ? 0 : Number((fraction + '00').slice(0, 3));
  return inRange(whole * 1000 + ms);
}

function twoDigits(text: string, at: number): number {
  const a = text.charCodeAt(at) - 48;
  const b = text.charCodeAt(at + 1) - 48;
  if (a < 0 || a > 9 || b < 0 || b > 9) return -1;
  return a * 10 + b;
}

function fourDigits(text: string, at: number): number {
  const hi = twoDigits(text, at);
  const lo = twoDigits(text, at + 2);
  return hi < 0 || lo < 0 ? -1 : hi * 100 + lo;
}

/**
 * ISO 8601 / RFC 3339 / RFC 5424 and `YYYY-MM-DD HH:MM[:SS[.fff]]`: `T`, `t` or a space between date and time,
 * `.` or `,` before 1–9 fraction digits, then `Z`, `UTC`, `GMT`, `±HH`, `±HHMM` or `±HH:MM` (optionally after one
 * space), or nothing (the configured zone). A date alone is midnight in the configured zone.
 */
function isoToMillis(text: string, zone: TimeZone): number {
  const length = text.length;
  const year = fourDigits(text, 0);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  if (year < 0 || month < 1 || month > 12 || text.charCodeAt(7) !== 45) return Number.NaN;
  if (day < 1 || day > daysInMonth(year, month)) return Number.NaN;
  if (length === 10) return inRange(zone.wallTimeToUtc(civilToMs(year, month, day, 0, 0, 0, 0)));
  const separator = text.charCodeAt(10);
  if (separator !== 84 && separator !== 116 && separator !== 32) return Number.NaN;
  if (length < 16 || text.charCodeAt(13) !== 58) return Number.NaN;
  const hour = twoDigits(text, 11);
  const minute = twoDigits(text, 14);
  if (hour < 0 || hour > 24 || minute < 0 || minute > 59) return Number.NaN;
  let i = 16;
  let second = 0;
  let ms = 0;
  if (i < length && text.charCodeAt(i) === 58) {
    second = twoDigits(text, i + 1);
    if (second < 0 || second > 60) return Number.NaN;
    i += 3;
    const mark = i < length ? text.charCodeAt(i) : 0;
    if (mark === 46 || mark === 44) {
      const start = ++i;
      while (i < length && isDigit(text.charCodeAt(i))) i++;
      const digits = i - start;
      if (digits === 0 || digits > 9) return Number.NaN;
      ms = (text.charCodeAt(start) - 48) * 100;
      if (digits > 1) ms += (text.charCodeAt(start + 1) - 48) * 10;
      if (digits > 2) ms += text.charCodeAt(start + 2) - 48;
    }
  }
  if (hour === 24 && (minute !== 0 || second !== 0 || ms !== 0)) return Number.NaN;
  const local = civilToMs(year, month, day, hour, minute, second, ms);
  if (i === length) return inRange(zone.wallTimeToUtc(local));
  if (text.charCodeAt(i) === 32) i++;
  const offset = offsetToMillis(text, i);
  return Number.isNaN(offset) ? offset : inRange(local - offset);
}

/** `Z`, `UTC`, `GMT`, `±HH`, `±HHMM`, `±HH:MM` running to the end of `text`, as ms east of UTC. */
function offsetToMillis(text: string, at: number): number {
  const rest = text.length - at;
  const mark = text.charCodeAt(at);
  if (rest === 1 && (mark === 90 || mark === 122)) return 0;
  if (rest === 3) {
    const word = text.slice(at);
    if (word === 'UTC' || word === 'GMT') return 0;
  }
  if (mark !== 43 && mark !== 45) return Number.NaN;
  const hours = twoDigits(text, at + 1);
  let minutes = 0;
  if (rest === 3) minutes = 0;
  else if (rest === 5) minutes = twoDigits(text, at + 3);
  else if (rest === 6 && text.charCodeAt(at + 3) === 58) minutes = twoDigits(text, at + 4);
  else return Number.NaN;
  if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59) return Number.NaN;
  const offset = (hours * 60 + minutes) * 60_000;
  return mark === 45 ? -offset : offset;
}

/**
 * RFC 3164 `Mmm dd HH:MM:SS` (day space- or zero-padded, optional `.fff`, optional year after the day as some
 * devices send it: `Mmm dd yyyy HH:MM:SS`). Read in `zone`; without a year, the year that puts the instant
 * closest to `referenceMs`.
 */
function rfc3164ToMillis(text: string, zone: TimeZone, referenceMs: number): number {
  const length = text.length;
  if (length < 14 || text.charCodeAt(3) !== 32) return Number.NaN;
  const month = MONTHS.get(text.slice(0, 3).toLowerCase());
  if (month === undefined) return Number.NaN;
  let i = 4;
  if (text.charCodeAt(i) === 32) i++;
  let day = 0;
  const dayStart = i;
  while (i < length && isDigit(text.charCodeAt(i)) && i - dayStart < 2) day = day * 10 + text.charCodeAt(i++) - 48;
  if (i === dayStart || text.charCodeAt(i) !== 32) return Number.NaN;
  i++;
  let year = -1;
  if (i + 4 < length && text.charCodeAt(i + 4) === 32) {
    year = fourDigits(text, i);
    if (year < 0) return Number.NaN;
    i += 5;
  }
  if (i + 8 > length || text.charCodeAt(i + 2) !== 58 || text.charCodeAt(i + 5) !== 58) return Number.NaN;
  const hour = twoDigits(text, i);
  const minute = twoDigits(text, i + 3);
  const second = twoDigits(text, i + 6);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) return Number.NaN;
  i += 8;
  let ms = 0;
  if (i < length && text.charCodeAt(i) === 46) {
    const start = ++i;
    while (i < length && isDigit(text.charCodeAt(i))) i++;
    const digits = i - start;
    if (digits === 0 || digits > 9) return Number.NaN;
    ms = Number((text.slice(start, start + 3) + '00').slice(0, 3));
  }
  if (i !== length || day < 1) return Number.NaN;
  if (year >= 0) {
    if (day > daysInMonth(year, month)) return Number.NaN;
    return inRange(zone.wallTimeToUtc(civilToMs(year, month, day, hour, minute, second, ms)));
  }
  const referenceYear = new Date(referenceMs).getUTCFullYear();
  let best = Number.NaN;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (let candidate = referenceYear - 1; candidate <= referenceYear + 1; candidate++) {
    if (day > daysInMonth(candidate, month)) continue;
    const ms2 = zone.wallTimeToUtc(civilToMs(candidate, month, day, hour, minute, second, ms));
    const distance = Math.abs(ms2 - referenceMs);
    if (distance < bestDistance) {
      best = ms2;
      bestDistance = distance;
    }
  }
  return inRange(best);
}
