import type { Severity } from './VigilEvent';

/** The RFC 5424 severities, least severe first: `severityRank` is the index in this list. */
export const SEVERITIES: readonly Severity[] = Object.freeze([
  'DEBUG',
  'INFO',
  'NOTICE',
  'WARNING',
  'ERROR',
  'CRITICAL',
  'ALERT',
  'EMERGENCY',
] as const);

// RFC 5424 numeric codes: 0 is EMERGENCY, 7 is DEBUG.
const BY_SYSLOG_CODE: readonly Severity[] = [
  'EMERGENCY',
  'ALERT',
  'CRITICAL',
  'ERROR',
  'WARNING',
  'NOTICE',
  'INFO',
  'DEBUG',
];

// Upper-cased names and the abbreviations that syslog, Windows, Python, Java and pino loggers use.
const BY_NAME = new Map<string, Severity>([
  ['DEBUG', 'DEBUG'],
  ['DBG', 'DEBUG'],
  ['TRACE', 'DEBUG'],
  ['VERBOSE', 'DEBUG'],
  ['FINE', 'DEBUG'],
  ['FINER', 'DEBUG'],
  ['FINEST', 'DEBUG'],
  ['INFO', 'INFO'],
  ['INF', 'INFO'],
  ['INFORMATION', 'INFO'],
  ['INFORMATIONAL', 'INFO'],
  ['NOTICE', 'NOTICE'],
  ['NOTE', 'NOTICE'],
  ['WARNING', 'WARNING'],
  ['WARN', 'WARNING'],
  ['WRN', 'WARNING'],
  ['ERROR', 'ERROR'],
  ['ERR', 'ERROR'],
  ['SEVERE', 'ERROR'],
  ['CRITICAL', 'CRITICAL'],
  ['CRIT', 'CRITICAL'],
  ['FATAL', 'CRITICAL'],
  ['ALERT', 'ALERT'],
  ['EMERGENCY', 'EMERGENCY'],
  ['EMERG', 'EMERGENCY'],
  ['PANIC', 'EMERGENCY'],
]);

const RANK = new Map<Severity, number>(SEVERITIES.map((s, i) => [s, i]));

/**
 * Reads a severity from what shippers send: an RFC 5424 code 0–7 (number or numeric string),
 * a name or an abbreviation in any case (`warn`, `err`, `crit`, `emerg`, `panic`, `fatal`, `information` …).
 * Returns `null` when the value is not a recognisable severity.
 */
export function normalizeSeverity(value: unknown): Severity | null {
  if (typeof value === 'string') {
    const exact = BY_NAME.get(value);
    if (exact !== undefined) return exact;
    const text = value.trim();
    if (text.length === 1) {
      const code = text.charCodeAt(0) - 48;
      return code >= 0 && code <= 7 ? (BY_SYSLOG_CODE[code] ?? null) : null;
    }
    return BY_NAME.get(text.toUpperCase()) ?? null;
  }
  if (typeof value === 'number') {
    return Number.isInteger(value) && value >= 0 && value <= 7 ? (BY_SYSLOG_CODE[value] ?? null) : null;
  }
  return null;
}

/** Numeric rank of a severity: 0 for `DEBUG` up to 7 for `EMERGENCY` (higher is more severe). */
export function severityRank(severity: Severity): number {
  const rank = RANK.get(severity);
  if (rank === undefined) throw new TypeError(`not a Vigil severity: ${String(severity)}`);
  return rank;
}

/** The severity for an RFC 5424 numeric code (0 = `EMERGENCY` … 7 = `DEBUG`), or `null` outside 0–7. */
export function severityFromSyslogCode(code: number): Severity | null {
  return Number.isInteger(code) ? (BY_SYSLOG_CODE[code] ?? null) : null;
}
