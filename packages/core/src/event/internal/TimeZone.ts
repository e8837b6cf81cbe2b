import { VigilError } from '../../errors/VigilError';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const MAX_CACHED_HOURS = 4096;
const UTC_NAMES = new Set(['UTC', 'Etc/UTC', 'Etc/UCT', 'UCT', 'GMT', 'Etc/GMT', 'Etc/Universal', 'Etc/Zulu', 'Zulu']);

/**
 * An IANA time zone that converts wall-clock times to UTC without ever consulting the process's own zone.
 * Offsets come from `Intl.DateTimeFormat` and are cached per UTC hour (an hour is cached only when the offset
 * is the same at both of its ends, so a transition inside it is always computed exactly).
 */
export class TimeZone {
  readonly name: string;
  readonly isUtc: boolean;
  private readonly format: Intl.DateTimeFormat | null;
  private readonly hours = new Map<number, number>();

  constructor(name: string) {
    let format: Intl.DateTimeFormat;
    try {
      format = new Intl.DateTimeFormat('en-US', {
        timeZone: name,
        hourCycle: 'h23',
        era: 'short',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch (cause) {
      throw new VigilError(
        'CONFIG_INVALID',
        `unknown time zone ${JSON.stringify(name)}: use an IANA zone name such as 'UTC' or 'Europe/Paris'`,
        { cause },
      );
    }
    this.name = format.resolvedOptions().timeZone;
    this.isUtc = UTC_NAMES.has(this.name) || UTC_NAMES.has(name);
    this.format = this.isUtc ? null : format;
  }

  /** Offset of local time from UTC, in ms, at the UTC instant `utcMs` (positive east of Greenwich). */
  offsetAt(utcMs: number): number {
    if (this.format === null) return 0;
    const hour = Math.floor(utcMs / HOUR_MS);
    const cached = this.hours.get(hour);
    if (cached !== undefined) return cached;
    const start = hour * HOUR_MS;
    const atStart = this.exactOffset(start);
    if (this.exactOffset(start + HOUR_MS - 1) !== atStart) return this.exactOffset(utcMs);
    if (this.hours.size >= MAX_CACHED_HOURS) this.hours.clear();
    this.hours.set(hour, atStart);
    return atStart;
  }

  /**
   * The UTC instant of a wall-clock time in this zone, given as ms since the epoch as if the wall time were UTC.
   * Ambiguous times (clocks going back) take the earlier instant; times skipped by clocks going forward are
   * moved forward by the gap — the same choice as Temporal's `'compatible'` disambiguation.
   */
  wallTimeToUtc(localMs: number): number {
    if (this.format === null) return localMs;
    // Any zone's offset is within ±1 day, so the instant lies in [local - 1 day, local + 1 day]; a zone never
    // changes its offset twice within two days, so the offsets at both ends tell all the candidates.
    const before = this.offsetAt(localMs - DAY_MS);
    const after = this.offsetAt(localMs + DAY_MS);
    if (before === after) return localMs - before;
    const early = localMs - before;
    const late = localMs - after;
    const earlyValid = this.offsetAt(early) === before;
    const lateValid = this.offsetAt(late) === after;
    if (earlyValid && lateValid) return Math.min(early, late);
    if (earlyValid) return early;
    if (lateValid) return late;
    return localMs - before;
  }

  private exactOffset(utcMs: number): number {
    const format = this.format;
    if (format === null) return 0;
    const whole = Math.floor(utcMs / 1000) * 1000;
    let year = 0;
    let month = 1;
    let day = 1;
    let hour = 0;
    let minute = 0;
    let second = 0;
    let bc = false;
    for (const part of format.formatToParts(whole)) {
      switch (part.type) {
        case 'year':
          year = Number(part.value);
          break;
        case 'month':
          month = Number(part.value);
          break;
        case 'day':
          day = Number(part.value);
          break;
        case 'hour':
          hour = Number(part.value);
          break;
        case 'minute':
          minute = Number(part.value);
          break;
        case 'second':
          second = Number(part.value);
          break;
        case 'era':
          bc = part.value === 'BC' || part.value === 'B';
          break;
        default:
          break;
      }
    }
    if (bc) year = 1 - year;
    return civilToMs(year, month, day, hour, minute, second, 0) - whole;
  }
}

const zones = new Map<string, TimeZone>();

/** The cached `TimeZone` for an IANA name; throws `VigilError('CONFIG_INVALID')` for an unknown zone. */
export function getTimeZone(name: string): TimeZone {
  let zone = zones.get(name);
  if (zone === undefined) {
    zone = new TimeZone(name);
    zones.set(name, zone);
  }
  return zone;
}

/**
 * Milliseconds since the epoch of a proleptic-Gregorian civil date-time read as UTC. Unlike `Date.UTC` it does
 * not map years 0–99 to 1900–1999. (Days-from-civil algorithm after Howard Hinnant.)
 */
export function civilToMs(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  millisecond: number,
): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = month > 2 ? month - 3 : month + 9;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  const days = era * 146_097 + doe - 719_468;
  return days * DAY_MS + hour * HOUR_MS + minute * 60_000 + second * 1000 + millisecond;
}

/** Number of days in a month of the proleptic Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
