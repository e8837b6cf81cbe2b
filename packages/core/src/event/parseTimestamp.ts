import { getTimeZone } from './internal/TimeZone';
import { timestampToMillis } from './internal/timestampToMillis';

/** Options of {@link parseTimestamp}. */
export interface ParseTimestampOptions {
  /** IANA zone for timestamps that carry no zone (never the process's local zone). @default 'UTC' */
  defaultTimeZone?: string;
  /** Instant that picks the year of RFC 3164 syslog times, which have none (the closest one wins). @default now */
  reference?: Date;
}

/**
 * Reads a timestamp as shippers send it: ISO 8601 / RFC 3339 / RFC 5424 (with or without zone, any fraction),
 * `YYYY-MM-DD HH:MM:SS[.fff]`, RFC 3164 `Mmm dd HH:MM:SS`, epoch seconds, milliseconds, microseconds or
 * nanoseconds (number or numeric string, told apart by magnitude), or a `Date`.
 * Returns `null` when the value is not one of these or lies outside years 0000–9999.
 * Throws `VigilError('CONFIG_INVALID')` when `defaultTimeZone` is not an IANA zone.
 */
export function parseTimestamp(value: unknown, options?: ParseTimestampOptions): Date | null {
  const zone = getTimeZone(options?.defaultTimeZone ?? 'UTC');
  const reference = options?.reference === undefined ? Date.now() : options.reference.getTime();
  const ms = timestampToMillis(value, zone, reference);
  return Number.isNaN(ms) ? null : new Date(ms);
}
