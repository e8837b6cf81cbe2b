import { SEVERITIES } from '../../event/severity';
import type { VigilEvent } from '../../event/VigilEvent';

const SEVERITY_SET: ReadonlySet<string> = new Set(SEVERITIES);
const STRING_FIELDS = ['id', 'utctimestamp', 'receivedtimestamp', 'timestamp', 'hostname', 'processname', 'processid', 'summary', 'category', 'source'] as const;
const TIME_FIELDS = ['utctimestamp', 'receivedtimestamp', 'timestamp'] as const;

function isUtcIso(value: unknown): boolean {
  return typeof value === 'string' && value.length === 24 && value.charCodeAt(23) === 90 /* Z */ && value.charCodeAt(10) === 84 /* T */;
}

function allStrings(values: readonly unknown[]): boolean {
  for (let i = 0; i < values.length; i++) if (typeof values[i] !== 'string') return false;
  return true;
}

/** The same rules as {@link checkEventShape} as one boolean expression: plain property reads the JIT inlines. */
function fitsShape(e: Record<string, unknown>): boolean {
  const details = e['details'];
  const tags = e['tags'];
  return (
    typeof e['id'] === 'string' &&
    e['id'] !== '' &&
    isUtcIso(e['utctimestamp']) &&
    isUtcIso(e['receivedtimestamp']) &&
    isUtcIso(e['timestamp']) &&
    typeof e['hostname'] === 'string' &&
    typeof e['processname'] === 'string' &&
    typeof e['processid'] === 'string' &&
    typeof e['summary'] === 'string' &&
    typeof e['category'] === 'string' &&
    typeof e['source'] === 'string' &&
    SEVERITY_SET.has(e['severity'] as string) &&
    Array.isArray(tags) &&
    allStrings(tags) &&
    typeof details === 'object' &&
    details !== null &&
    !Array.isArray(details)
  );
}

/**
 * The hot-path check of an event a plugin changed: every field the stores and rules rely on is there with its
 * type, severity is a known name, times are UTC ISO-8601. It costs a fraction of a full JSON Schema validation
 * (`validateEvent`, which stays the reference) and catches what plugins break in practice.
 * Returns the problems found, or `undefined` when the shape holds.
 */
export function checkEventShape(event: VigilEvent): string[] | undefined {
  const e = event as unknown as Record<string, unknown>;
  if (fitsShape(e)) return undefined;
  let problems: string[] | undefined;
  for (const field of STRING_FIELDS) {
    if (typeof e[field] !== 'string') (problems ??= []).push(`/${field} must be a string`);
  }
  for (const field of TIME_FIELDS) {
    const value = e[field];
    if (typeof value === 'string' && (value.length !== 24 || value.charCodeAt(23) !== 90 /* Z */ || value.charCodeAt(10) !== 84 /* T */)) {
      (problems ??= []).push(`/${field} must be UTC ISO-8601 with milliseconds (YYYY-MM-DDTHH:MM:SS.mmmZ)`);
    }
  }
  if (!SEVERITY_SET.has(e['severity'] as string)) (problems ??= []).push(`/severity must be one of ${SEVERITIES.join(', ')}`);
  if (!Array.isArray(e['tags']) || !(e['tags'] as unknown[]).every((t) => typeof t === 'string')) (problems ??= []).push('/tags must be an array of strings');
  const details = e['details'];
  if (details === null || typeof details !== 'object' || Array.isArray(details)) (problems ??= []).push('/details must be an object');
  if (e['id'] === '') (problems ??= []).push('/id must not be empty');
  return problems;
}
