import { createEventId } from './createEventId';
import { VigilError } from '../errors/VigilError';
import { formatIso } from './internal/formatIso';
import { newDetails, newEvent, newTags } from './internal/newEvent';
import { getTimeZone } from './internal/TimeZone';
import type { TimeZone } from './internal/TimeZone';
import { timestampToMillis } from './internal/timestampToMillis';
import { normalizeSeverity, severityFromSyslogCode } from './severity';
import type { Severity, VigilEvent } from './VigilEvent';

/** Stable codes of the ways normalization refuses an input. */
export type NormalizeErrorCode = 'NOT_AN_OBJECT' | 'TOO_DEEP' | 'INVALID_FIELD';

/** Every {@link NormalizeErrorCode}, for exhaustive handling and metrics labels. */
export const NORMALIZE_ERROR_CODES: readonly NormalizeErrorCode[] = Object.freeze([
  'NOT_AN_OBJECT',
  'TOO_DEEP',
  'INVALID_FIELD',
] as const);

/** Tags normalization adds to an event it had to repair. */
export const NORMALIZE_TAGS = Object.freeze({
  /** The timestamp was unparsable or too far in the future; `receivedtimestamp` was used. */
  badTimestamp: 'vigil:bad-timestamp',
  /** The severity was not recognised; `INFO` was used. */
  unknownSeverity: 'vigil:unknown-severity',
  /** A string (or key) longer than `maxStringLength` was cut. */
  truncated: 'vigil:truncated',
  /** A key `__proto__`, `constructor` or `prototype` was renamed with a leading `_`. */
  unsafeKey: 'vigil:unsafe-key',
} as const);

/** What {@link normalizeEvent} answers: the event, or a stable code and a readable reason. */
export type NormalizeResult =
  | { ok: true; event: VigilEvent }
  | { ok: false; code: NormalizeErrorCode; reason: string };

/** Options of {@link normalizeEvent} and {@link createNormalizer}; checked once, a bad value throws `CONFIG_INVALID`. */
export interface NormalizeOptions {
  /** IANA zone in which timestamps without a zone are read (never the process's zone). @default 'UTC' */
  defaultTimeZone?: string;
  /** Deepest nesting accepted (the event object itself is depth 1); deeper input is refused `TOO_DEEP`. 1–1000. @default 64 */
  maxDepth?: number;
  /** Longest string (or key) kept, in UTF-16 units; longer ones are cut and the event tagged. @default 65536 */
  maxStringLength?: number;
  /** How far past `receivedtimestamp` a timestamp may lie before it is treated as bad, in ms. @default 86400000 */
  maxFutureMs?: number;
}

/** A normalizer with its options resolved once: `receivedAt` (ISO-8601) defaults to now. */
export type Normalizer = (raw: unknown, receivedAt?: string) => NormalizeResult;

interface ResolvedOptions {
  readonly zone: TimeZone;
  readonly maxDepth: number;
  readonly maxStringLength: number;
  readonly maxFutureMs: number;
}

// ---------------------------------------------------------------------------------------------------------------
// Alias table: lower-cased input key -> target field, precedence rank (lower wins) and how the value is read.

const TIME = 0;
const SUMMARY = 1;
const HOSTNAME = 2;
const PROCESSNAME = 3;
const PROCESSID = 4;
const SEVERITY = 5;
const CATEGORY = 6;
const SOURCE = 7;
const TAGS = 8;
const TYPE = 9;
const ID = 10;
const PLUGINS = 11;
const FIELD_COUNT = 12;

const PLAIN = 0;
const LEVEL = 1; // `level`: RFC 5424 codes 0–7, names, or pino/bunyan numbers 10–60
const PRI = 2; // `priority`: a syslog PRI (facility * 8 + severity) or a name
const SYSLOGTAG = 3; // `sshd[1234]:` -> processname sshd, processid 1234
const CONTAINER = 4; // `details`, `fields`, `extra`: merged into details
const HOST = 5; // string hostname, or an ECS-style object with name/hostname
const PROCESS = 6; // string processname, or an object with name/pid
const BEAT = 7; // object with hostname
const LOG = 8; // object with level

interface Alias {
  readonly field: number;
  readonly rank: number;
  /** Canonical names refuse a value of the wrong type; other aliases leave it in details. */
  readonly strict: boolean;
  readonly kind: number;
}

const ALIASES = new Map<string, Alias>();
function aliases(field: number, strictFirst: boolean, names: readonly (string | [string, number])[]): void {
  names.forEach((entry, rank) => {
    const [name, kind] = typeof entry === 'string' ? [entry, PLAIN] : entry;
    ALIASES.set(name, { field, rank, strict: strictFirst && rank === 0, kind });
  });
}
aliases(TIME, false, ['utctimestamp', '@timestamp', 'timestamp', 'eventtime', 'date', 'time']);
aliases(SUMMARY, true, ['summary', 'message', 'msg', 'short_message', 'payload']);
aliases(HOSTNAME, true, ['hostname', ['host', HOST], 'host.name', 'host.hostname', 'source_host', 'beat.hostname']);
aliases(PROCESSNAME, true, [
  'processname',
  'program',
  'programname',
  'app_name',
  'appname',
  ['process', PROCESS],
  'process.name',
  'pname',
  ['syslogtag', SYSLOGTAG],
  ['syslog-tag', SYSLOGTAG],
]);
aliases(PROCESSID, true, ['processid', 'pid', 'procid', 'process.pid']);
aliases(SEVERITY, false, [
  'severity',
  'syslogseverity',
  'syslog_severity',
  ['level', LEVEL],
  ['loglevel', LEVEL],
  ['log.level', LEVEL],
  ['priority', PRI],
]);
aliases(CATEGORY, true, ['category', 'eventtype']);
aliases(SOURCE, false, ['source', 'eventsource', 'sourcename', 'logger', 'file']);
aliases(TAGS, true, ['tags']);
aliases(TYPE, true, ['type']);
aliases(ID, false, ['id', '_id', 'uuid']);
aliases(PLUGINS, false, ['plugins']);
ALIASES.set('details', { field: -1, rank: 0, strict: true, kind: CONTAINER });
ALIASES.set('fields', { field: -1, rank: 1, strict: false, kind: CONTAINER });
ALIASES.set('extra', { field: -1, rank: 2, strict: false, kind: CONTAINER });
// Carrier objects rank as the flat spelling of what they carry (`beat: {hostname}` as `beat.hostname`).
ALIASES.set('beat', { field: HOSTNAME, rank: (ALIASES.get('beat.hostname') as Alias).rank, strict: false, kind: BEAT });
ALIASES.set('log', { field: SEVERITY, rank: (ALIASES.get('log.level') as Alias).rank, strict: false, kind: LOG });

const UNKNOWN = 9; // not an alias: kept in details under its own name
const PREFIXED = 10; // `details.<name>` / `fields.<name>`: kept in details as <name> (rank = prefix length)
const UNKNOWN_KEY: Alias = { field: -1, rank: 0, strict: false, kind: UNKNOWN };
const DETAILS_PREFIX: Alias = { field: -1, rank: 8, strict: false, kind: PREFIXED };
const FIELDS_PREFIX: Alias = { field: -1, rank: 7, strict: false, kind: PREFIXED };

// Every key seen so far, exactly as spelled, with what it means: one Map lookup per key on the hot path instead of
// lower-casing. Bounded, so a stream of random keys cannot grow it without limit.
const KNOWN_KEYS = new Map<string, Alias>(ALIASES);
const MAX_KNOWN_KEYS = 20_000;

// Shippers send the same shape again and again, so the key at position i is usually the key at position i of the
// previous event: one string comparison (a pointer comparison for JSON.parse's internalized keys) instead of hashing.
const recentKeys: (string | undefined)[] = [];
const recentAliases: Alias[] = [];

function aliasOf(key: string, position: number): Alias {
  if (recentKeys[position] === key) return recentAliases[position] as Alias;
  const alias = KNOWN_KEYS.get(key) ?? learnKey(key);
  if (position < 64) {
    recentKeys[position] = key;
    recentAliases[position] = alias;
  }
  return alias;
}

function learnKey(key: string): Alias {
  const lower = key.toLowerCase();
  let alias = ALIASES.get(lower);
  if (alias === undefined) {
    if (lower.startsWith('details.') && key.length > 8) alias = DETAILS_PREFIX;
    else if (lower.startsWith('fields.') && key.length > 7) alias = FIELDS_PREFIX;
    else alias = UNKNOWN_KEY;
  }
  if (KNOWN_KEYS.size >= MAX_KNOWN_KEYS) {
    KNOWN_KEYS.clear();
    for (const [name, known] of ALIASES) KNOWN_KEYS.set(name, known);
  }
  KNOWN_KEYS.set(key, alias);
  return alias;
}

function rankOf(name: string): number {
  const alias = ALIASES.get(name);
  if (alias === undefined) throw new Error(`no alias ${name}`);
  return alias.rank;
}
// Values found inside carrier objects rank as their flat dotted spelling does (`host: {name}` as `host.name`).
const RANK_HOST_NAME = rankOf('host.name');
const RANK_HOST_HOSTNAME = rankOf('host.hostname');
const RANK_PROCESS_NAME = rankOf('process.name');
const RANK_PROCESS_PID = rankOf('process.pid');
// A pid taken from a syslog tag ranks below every pid sent on its own.
const RANK_SYSLOGTAG_PID = RANK_PROCESS_PID + 1;

// pino / bunyan numeric levels.
const PINO_LEVELS = new Map<number, Severity>([
  [10, 'DEBUG'],
  [20, 'DEBUG'],
  [30, 'INFO'],
  [40, 'WARNING'],
  [50, 'ERROR'],
  [60, 'CRITICAL'],
]);

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

// ---------------------------------------------------------------------------------------------------------------
// Per-call scratch state. Normalization is synchronous and never re-entered, so module-level scratch is safe and
// saves allocating it for every event.

const FAIL: unique symbol = Symbol('normalize failed');
const NO_RANK = Number.POSITIVE_INFINITY;
const FLAG_BAD_TIMESTAMP = 1;
const FLAG_UNKNOWN_SEVERITY = 2;
const FLAG_TRUNCATED = 4;
const FLAG_UNSAFE_KEY = 8;

const candidateValue: unknown[] = new Array<unknown>(FIELD_COUNT).fill(undefined);
const candidateRank: number[] = new Array<number>(FIELD_COUNT).fill(NO_RANK);
const candidateKind: number[] = new Array<number>(FIELD_COUNT).fill(PLAIN);
const candidateKey: (string | null)[] = new Array<string | null>(FIELD_COUNT).fill(null);
/** Displaced candidates, as (field, key, value) triples; kept in details unless equal to the winner. */
const losers: unknown[] = [];
let loserCount = 0;
let flags = 0;
let failCode: NormalizeErrorCode = 'INVALID_FIELD';
let failReason = '';
let maxDepth = 64;
let maxLength = 65_536;
let prototypePolluted = false;

function hasEnumerableKeys(object: object): boolean {
  for (const _ in object) return true;
  return false;
}

function fail(code: NormalizeErrorCode, reason: string): typeof FAIL {
  failCode = code;
  failReason = reason;
  return FAIL;
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function isUnsafeKey(key: string): boolean {
  return key === '__proto__' || key === 'constructor' || key === 'prototype';
}

function truncate(text: string): string {
  flags |= FLAG_TRUNCATED;
  let end = maxLength;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return text.slice(0, end);
}

/** A safe key: unsafe names get a leading `_`, over-long ones are cut. */
function safeKey(key: string): string {
  if (key.length > maxLength) key = truncate(key);
  if (isUnsafeKey(key)) {
    flags |= FLAG_UNSAFE_KEY;
    return `_${key}`;
  }
  return key;
}

/**
 * Makes a value JSON-safe in place (the input is owned): strings capped, non-finite numbers to null, unsafe keys
 * renamed, `Date`s to ISO text, functions/symbols/undefined dropped (returned as `undefined`), bigints to text.
 * `depth` is the depth the value would have if it is an object. Returns FAIL when nesting exceeds `maxDepth`.
 */
function clean(value: unknown, depth: number): unknown {
  switch (typeof value) {
    case 'string':
      return value.length > maxLength ? truncate(value) : value;
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'boolean':
      return value;
    case 'bigint':
      return value.toString();
    case 'object': {
      if (value === null) return null;
      if (depth > maxDepth) return tooDeep();
      if (Array.isArray(value)) return cleanArray(value, depth);
      if (isPlainObject(value)) return cleanObject(value, depth);
      if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
      const toJSON = (value as { toJSON?: unknown }).toJSON;
      if (typeof toJSON === 'function') return clean(toJSON.call(value), depth);
      return cleanObject({ ...value } as Record<string, unknown>, depth);
    }
    default:
      return undefined;
  }
}

function tooDeep(): typeof FAIL {
  return fail('TOO_DEEP', `input is nested deeper than ${maxDepth} levels (maxDepth)`);
}

function cleanArray(array: unknown[], depth: number): unknown[] | typeof FAIL {
  let target = array;
  if (!Object.isExtensible(array)) target = array.slice();
  const length = target.length;
  for (let i = 0; i < length; i++) {
    const item = target[i];
    if (typeof item === 'string') {
      if (item.length > maxLength) target[i] = truncate(item);
    } else if (typeof item === 'object' && item !== null) {
      const cleaned = clean(item, depth + 1);
      if (cleaned === FAIL) return FAIL;
      if (cleaned !== item) target[i] = cleaned;
    } else if (typeof item !== 'boolean') {
      const cleaned = clean(item, depth + 1);
      if (cleaned === undefined) target[i] = null;
      else if (cleaned !== item) target[i] = cleaned;
    }
  }
  return target;
}

function cleanObject(object: Record<string, unknown>, depth: number): Record<string, unknown> | typeof FAIL {
  const target = Object.isExtensible(object) ? object : { ...object };
  let renames: string[] | null = null;
  // for-in lets V8 read `target[key]` through its enum cache; inherited keys can only show up when
  // Object.prototype itself was given enumerable properties, and are then skipped.
  for (const key in target) {
    if (prototypePolluted && !Object.hasOwn(target, key)) continue;
    const item = target[key];
    if (typeof item === 'string') {
      if (item.length > maxLength) target[key] = truncate(item);
    } else if (typeof item === 'object' && item !== null) {
      const cleaned = clean(item, depth + 1);
      if (cleaned === FAIL) return FAIL;
      if (cleaned !== item) target[key] = cleaned;
    } else if (typeof item !== 'boolean' && typeof item !== 'number') {
      const cleaned = clean(item, depth + 1);
      if (cleaned === undefined) delete target[key];
      else target[key] = cleaned;
    } else if (typeof item === 'number' && !Number.isFinite(item)) {
      target[key] = null;
    }
    if (key.length > maxLength || isUnsafeKey(key)) (renames ??= []).push(key);
  }
  if (renames !== null) {
    for (const key of renames) {
      if (!Object.hasOwn(target, key)) continue;
      const value = target[key];
      delete target[key];
      putDetail(target, key, value);
    }
  }
  return target;
}

/** Adds an (already clean) value under a safe key; on a clash with a different value, under `_key` (repeated). */
function putDetail(details: Record<string, unknown>, key: string, value: unknown): void {
  if (value === undefined) return;
  let name = safeKey(key);
  while (Object.hasOwn(details, name)) {
    if (details[name] === value) return;
    name = `_${name}`;
  }
  details[name] = value;
}

function offer(field: number, rank: number, kind: number, key: string | null, value: unknown): void {
  const current = candidateRank[field] as number;
  if (rank < current) {
    if (current !== NO_RANK && candidateKey[field] !== null) addLoser(field, candidateKey[field], candidateValue[field]);
    candidateRank[field] = rank;
    candidateValue[field] = value;
    candidateKind[field] = kind;
    candidateKey[field] = key;
  } else if (key !== null) {
    addLoser(field, key, value);
  }
}

function addLoser(field: number, key: string | null | undefined, value: unknown): void {
  losers[loserCount] = field;
  losers[loserCount + 1] = key;
  losers[loserCount + 2] = value;
  loserCount += 3;
}

function isText(value: unknown): boolean {
  const type = typeof value;
  return type === 'string' || type === 'number' || type === 'boolean' || type === 'bigint';
}

function typeName(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

/** Offers a value for a text field; answers false when it has the wrong type (the caller decides). */
function offerText(field: number, alias: Alias, key: string, value: unknown): boolean {
  if (!isText(value) || (field === PROCESSID && typeof value === 'boolean')) return false;
  if (value === '' && field !== PROCESSID) return true;
  offer(field, alias.rank, alias.kind, key, value);
  return true;
}

/** Handles one top-level key. Returns FAIL to refuse the event, or true when the key belongs in details. */
function route(key: string, value: unknown, alias: Alias, details: Record<string, unknown>, depth: number): boolean | typeof FAIL {
  // A null alias carries nothing: it is dropped like an absent one.
  if (value === null || value === undefined) return false;
  const field = alias.field;
  switch (alias.kind) {
    case CONTAINER: {
      if (typeof value !== 'object' || Array.isArray(value) || !isPlainObject(value)) {
        if (alias.strict) {
          return fail('INVALID_FIELD', `"${key}" must be an object (it becomes details); got ${typeName(value)}`);
        }
        return true;
      }
      if (depth + 1 > maxDepth) return tooDeep();
      const cleaned = cleanObject(value, depth + 1);
      if (cleaned === FAIL) return FAIL;
      for (const name of Object.keys(cleaned)) putDetail(details, name, cleaned[name]);
      return false;
    }
    case HOST:
    case PROCESS:
    case BEAT:
    case LOG: {
      if (typeof value === 'object') {
        if (Array.isArray(value) || !isPlainObject(value)) return true;
        const carrier = value as Record<string, unknown>;
        if (alias.kind === HOST) {
          if (isText(carrier.name) && carrier.name !== '') offer(HOSTNAME, RANK_HOST_NAME, PLAIN, null, carrier.name);
          if (isText(carrier.hostname) && carrier.hostname !== '') {
            offer(HOSTNAME, RANK_HOST_HOSTNAME, PLAIN, null, carrier.hostname);
          }
        } else if (alias.kind === PROCESS) {
          if (isText(carrier.name) && carrier.name !== '') offer(PROCESSNAME, RANK_PROCESS_NAME, PLAIN, null, carrier.name);
          const pid = carrier.pid;
          if (typeof pid === 'number' || typeof pid === 'string') offer(PROCESSID, RANK_PROCESS_PID, PLAIN, null, pid);
        } else if (alias.kind === BEAT) {
          if (isText(carrier.hostname) && carrier.hostname !== '') offer(HOSTNAME, alias.rank, PLAIN, null, carrier.hostname);
        } else if (carrier.level !== undefined && carrier.level !== null) {
          offer(SEVERITY, alias.rank, LEVEL, null, carrier.level);
        }
        return true; // the object itself stays in details
      }
      if (alias.kind === BEAT || alias.kind === LOG) return true;
      return offerText(field, alias, key, value) ? false : true;
    }
    default:
      break;
  }
  switch (field) {
    case TIME:
    case SEVERITY:
    case SUMMARY:
    case ID:
      offer(field, alias.rank, alias.kind, key, value);
      return false;
    case TAGS:
      if (typeof value === 'object' && !Array.isArray(value)) {
        return fail('INVALID_FIELD', `"${key}" must be a string or an array of strings; got ${typeName(value)}`);
      }
      offer(field, alias.rank, alias.kind, key, value);
      return false;
    case PLUGINS:
      if (Array.isArray(value) && value.every((name) => typeof name === 'string')) {
        offer(field, alias.rank, alias.kind, key, value);
        return false;
      }
      return true;
    default:
      if (offerText(field, alias, key, value)) return false;
      if (alias.strict) {
        return fail(
          'INVALID_FIELD',
          `"${key}" must be a string${field === PROCESSID ? ' or a number' : ', number or boolean'}; got ${typeName(value)}`,
        );
      }
      return true;
  }
}

function text(value: unknown): string {
  const result = typeof value === 'string' ? value : String(value);
  return result.length > maxLength ? truncate(result) : result;
}

function readSeverity(value: unknown, kind: number): Severity | null {
  const severity = normalizeSeverity(value);
  if (severity !== null) return severity;
  if (kind === LEVEL && typeof value === 'number') return PINO_LEVELS.get(value) ?? null;
  if (kind === PRI) {
    const code = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : Number.NaN;
    if (Number.isInteger(code) && code >= 0 && code <= 191) return severityFromSyslogCode(code % 8);
  }
  return null;
}

function readTags(value: unknown): string[] | typeof FAIL {
  if (typeof value === 'string') return value === '' ? newTags() : newTags(text(value));
  if (!Array.isArray(value)) return newTags(text(value));
  let allStrings = Object.isExtensible(value);
  for (let i = 0; i < value.length && allStrings; i++) {
    const tag: unknown = value[i];
    if (typeof tag !== 'string' || tag.length > maxLength) allStrings = false;
  }
  if (allStrings) return value as string[];
  const tags: string[] = newTags();
  for (const tag of value as unknown[]) {
    if (tag === null || tag === undefined) continue;
    if (!isText(tag)) return fail('INVALID_FIELD', `"tags" must hold strings; got ${typeName(tag)}`);
    tags.push(text(tag));
  }
  return tags;
}

function splitSyslogTag(tag: string): [name: string, pid: string | null] {
  let end = tag.length;
  if (tag.charCodeAt(end - 1) === 58) end--;
  if (tag.charCodeAt(end - 1) === 93) {
    const open = tag.lastIndexOf('[', end - 1);
    if (open > 0) {
      const pid = tag.slice(open + 1, end - 1);
      if (/^\d+$/.test(pid)) return [tag.slice(0, open), pid];
    }
  }
  return [tag.slice(0, end), null];
}

function canonicalIso(value: unknown): boolean {
  return (
    typeof value === 'string' &&
    value.length === 24 &&
    value.charCodeAt(23) === 90 &&
    value.charCodeAt(19) === 46 &&
    value.charCodeAt(10) === 84
  );
}

// ---------------------------------------------------------------------------------------------------------------

function normalizeWith(options: ResolvedOptions, raw: unknown, receivedMs: number, receivedIso: string): NormalizeResult {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || !isPlainObject(raw)) {
    return { ok: false, code: 'NOT_AN_OBJECT', reason: `an event must be a JSON object; got ${typeName(raw)}` };
  }
  maxDepth = options.maxDepth;
  prototypePolluted = hasEnumerableKeys(Object.prototype);
  maxLength = options.maxStringLength;
  flags = 0;
  loserCount = 0;
  for (let f = 0; f < FIELD_COUNT; f++) candidateRank[f] = NO_RANK;

  // `details` (exact spelling) is adopted as the details object, so its own keys win over anything merged into it.
  const input = raw;
  const given = input.details;
  let details: Record<string, unknown>;
  if (given === undefined || given === null) {
    details = newDetails();
  } else if (typeof given === 'object' && !Array.isArray(given) && isPlainObject(given)) {
    if (maxDepth < 2) return refuse(tooDeep());
    const cleaned = cleanObject(given, 2);
    if (cleaned === FAIL) return refuse(FAIL);
    details = cleaned;
  } else {
    return refuse(fail('INVALID_FIELD', `"details" must be an object; got ${typeName(given)}`));
  }

  // for-in (not Object.keys) lets V8 use the enum cache for `input[key]`; only own keys are taken.
  let position = 0;
  for (const key in input) {
    if (key === 'details' || (prototypePolluted && !Object.hasOwn(input, key))) continue;
    const value = input[key];
    const alias = aliasOf(key, position++);
    if (alias.kind >= UNKNOWN) {
      if (value === undefined) continue;
      const cleaned = clean(value, 2);
      if (cleaned === FAIL) return refuse(FAIL);
      putDetail(details, alias.kind === UNKNOWN ? key : key.slice(alias.rank), cleaned);
      continue;
    }
    const routed = route(key, value, alias, details, 1);
    if (routed === FAIL) return refuse(FAIL);
    if (routed) {
      const cleaned = clean(value, 2);
      if (cleaned === FAIL) return refuse(FAIL);
      putDetail(details, key, cleaned);
    }
  }

  // Syslog tags: `sshd[1234]:` gives a process name and, when nothing better was sent, a pid.
  if (candidateKind[PROCESSNAME] === SYSLOGTAG && candidateRank[PROCESSNAME] !== NO_RANK) {
    const [name, pid] = splitSyslogTag(text(candidateValue[PROCESSNAME]));
    candidateValue[PROCESSNAME] = name === '' ? 'unknown' : name;
    if (pid !== null) offer(PROCESSID, RANK_SYSLOGTAG_PID, PLAIN, null, pid);
  }

  // Time.
  let time: string;
  const timeValue = candidateValue[TIME];
  if (candidateRank[TIME] === NO_RANK) {
    time = receivedIso;
  } else {
    const ms = timestampToMillis(timeValue, options.zone, receivedMs);
    if (Number.isNaN(ms) || ms > receivedMs + options.maxFutureMs) {
      flags |= FLAG_BAD_TIMESTAMP;
      time = receivedIso;
      const original = clean(timeValue, 2);
      if (original === FAIL) return refuse(FAIL);
      putDetail(details, '_original_timestamp', original);
    } else {
      time = canonicalIso(timeValue) ? (timeValue as string) : formatIso(ms);
    }
  }

  // Severity.
  let severity: Severity = 'INFO';
  if (candidateRank[SEVERITY] !== NO_RANK) {
    const value = candidateValue[SEVERITY];
    const read = readSeverity(value, candidateKind[SEVERITY] as number);
    if (read === null) {
      flags |= FLAG_UNKNOWN_SEVERITY;
      const original = clean(value, 2);
      if (original === FAIL) return refuse(FAIL);
      putDetail(details, '_original_severity', original);
    } else {
      severity = read;
    }
  }

  // Summary: objects and arrays become their JSON text.
  let summary = '';
  if (candidateRank[SUMMARY] !== NO_RANK) {
    const value = candidateValue[SUMMARY];
    if (typeof value === 'string') summary = value.length > maxLength ? truncate(value) : value;
    else if (typeof value === 'object') {
      const cleaned = clean(value, 2);
      if (cleaned === FAIL) return refuse(FAIL);
      summary = text(JSON.stringify(cleaned) ?? '');
    } else summary = text(value);
  }

  // Id: a valid one is kept; an invalid one is kept in details and replaced.
  let id: string;
  if (candidateRank[ID] === NO_RANK) id = createEventId();
  else {
    const value = candidateValue[ID];
    const asText = typeof value === 'string' ? value : typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : '';
    if (ID_PATTERN.test(asText)) id = asText;
    else {
      id = createEventId();
      const original = clean(value, 2);
      if (original === FAIL) return refuse(FAIL);
      putDetail(details, '_original_id', original);
    }
  }

  let tags: string[] = newTags();
  if (candidateRank[TAGS] !== NO_RANK) {
    const read = readTags(candidateValue[TAGS]);
    if (read === FAIL) return refuse(FAIL);
    tags = read;
  }

  const hostname = candidateRank[HOSTNAME] === NO_RANK ? 'unknown' : text(candidateValue[HOSTNAME]);
  const processname = candidateRank[PROCESSNAME] === NO_RANK ? 'unknown' : text(candidateValue[PROCESSNAME]);
  const processid = candidateRank[PROCESSID] === NO_RANK ? '' : text(candidateValue[PROCESSID]);
  const category = candidateRank[CATEGORY] === NO_RANK ? 'event' : text(candidateValue[CATEGORY]);
  const source = candidateRank[SOURCE] === NO_RANK ? 'unknown' : text(candidateValue[SOURCE]);
  const type = candidateRank[TYPE] === NO_RANK ? 'event' : text(candidateValue[TYPE]);

  // Aliases that lost to a better one stay in details, unless they carried the same value.
  for (let i = 0; i < loserCount; i += 3) {
    const field = losers[i] as number;
    const value = losers[i + 2];
    if (value === candidateValue[field]) continue;
    const cleaned = clean(value, 2);
    if (cleaned === FAIL) return refuse(FAIL);
    putDetail(details, losers[i + 1] as string, cleaned);
  }

  if (flags !== 0) {
    if (!Object.isExtensible(tags)) tags = tags.slice();
    if ((flags & FLAG_BAD_TIMESTAMP) !== 0) addTag(tags, NORMALIZE_TAGS.badTimestamp);
    if ((flags & FLAG_UNKNOWN_SEVERITY) !== 0) addTag(tags, NORMALIZE_TAGS.unknownSeverity);
    if ((flags & FLAG_TRUNCATED) !== 0) addTag(tags, NORMALIZE_TAGS.truncated);
    if ((flags & FLAG_UNSAFE_KEY) !== 0) addTag(tags, NORMALIZE_TAGS.unsafeKey);
  }

  const event = newEvent(id, time, receivedIso, time, hostname, processname, processid, severity, summary, category, source, tags, details, type);
  if (candidateRank[PLUGINS] !== NO_RANK) event.plugins = candidateValue[PLUGINS] as string[];
  return { ok: true, event };
}

function addTag(tags: string[], tag: string): void {
  if (!tags.includes(tag)) tags.push(tag);
}

function refuse(_: typeof FAIL): NormalizeResult {
  return { ok: false, code: failCode, reason: failReason };
}

// ---------------------------------------------------------------------------------------------------------------
// Options and entry points.

const OPTION_NAMES = new Set(['defaultTimeZone', 'maxDepth', 'maxStringLength', 'maxFutureMs']);

function resolveOptions(options: NormalizeOptions | undefined): ResolvedOptions {
  const given = options ?? {};
  for (const name of Object.keys(given)) {
    if (!OPTION_NAMES.has(name)) {
      throw new VigilError(
        'CONFIG_INVALID',
        `unknown normalize option "${name}": use one of ${[...OPTION_NAMES].join(', ')}`,
      );
    }
  }
  const zone = getTimeZone(given.defaultTimeZone ?? 'UTC');
  const depth = given.maxDepth ?? 64;
  if (!Number.isInteger(depth) || depth < 1 || depth > 1000) {
    throw new VigilError('CONFIG_INVALID', `normalize option maxDepth must be an integer from 1 to 1000; got ${String(depth)}`);
  }
  const length = given.maxStringLength ?? 65_536;
  if (!Number.isInteger(length) || length < 16) {
    throw new VigilError('CONFIG_INVALID', `normalize option maxStringLength must be an integer of at least 16; got ${String(length)}`);
  }
  const future = given.maxFutureMs ?? 86_400_000;
  if (typeof future !== 'number' || Number.isNaN(future) || future < 0) {
    throw new VigilError('CONFIG_INVALID', `normalize option maxFutureMs must be a number of ms >= 0 (Infinity disables the check); got ${String(future)}`);
  }
  return { zone, maxDepth: depth, maxStringLength: length, maxFutureMs: future };
}

const DEFAULT_OPTIONS = resolveOptions(undefined);
const resolvedCache = new WeakMap<NormalizeOptions, ResolvedOptions>();

let lastNow = Number.NaN;
let lastNowIso = '';

function receivedNow(): number {
  const now = Date.now();
  if (now !== lastNow) {
    lastNow = now;
    lastNowIso = formatIso(now);
  }
  return now;
}

/**
 * Normalizes what a source received into a {@link VigilEvent}: MozDef-style key aliases (case-insensitive),
 * timestamps to UTC ISO-8601, severities to RFC 5424 names, defaults for missing fields, unknown keys kept in
 * `details`. Expected failures are returned (`NOT_AN_OBJECT`, `TOO_DEEP`, `INVALID_FIELD`), never thrown.
 *
 * The input is taken over: its objects may be reused and changed in place (pass a copy to keep the original).
 * Throws `VigilError('CONFIG_INVALID')` for bad options. See docs/event-model.md for every rule.
 */
export function normalizeEvent(raw: unknown, options?: NormalizeOptions): NormalizeResult {
  let resolved = DEFAULT_OPTIONS;
  if (options !== undefined) {
    const cached = resolvedCache.get(options);
    if (cached === undefined) {
      resolved = resolveOptions(options);
      resolvedCache.set(options, resolved);
    } else resolved = cached;
  }
  const now = receivedNow();
  return normalizeWith(resolved, raw, now, lastNowIso);
}

/**
 * A normalizer with its options checked and resolved once (throws `VigilError('CONFIG_INVALID')` now, not per
 * event). Call it with the raw input and, optionally, the ISO-8601 time it was received (default: now).
 */
export function createNormalizer(options?: NormalizeOptions): Normalizer {
  const resolved = resolveOptions(options);
  let lastReceivedAt = '';
  let lastReceivedMs = Number.NaN;
  let lastReceivedIso = '';
  return (raw: unknown, receivedAt?: string): NormalizeResult => {
    if (receivedAt === undefined) {
      const now = receivedNow();
      return normalizeWith(resolved, raw, now, lastNowIso);
    }
    if (receivedAt !== lastReceivedAt) {
      const ms = timestampToMillis(receivedAt, DEFAULT_OPTIONS.zone, Date.now());
      if (Number.isNaN(ms)) {
        throw new VigilError('INVALID_ARGUMENT', `receivedAt must be an ISO-8601 timestamp; got ${JSON.stringify(receivedAt)}`);
      }
      lastReceivedAt = receivedAt;
      lastReceivedMs = ms;
      lastReceivedIso = formatIso(ms);
    }
    return normalizeWith(resolved, raw, lastReceivedMs, lastReceivedIso);
  };
}
