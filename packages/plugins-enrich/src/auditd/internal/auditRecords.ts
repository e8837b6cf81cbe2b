/**
 * One raw audit record (`type=… msg=audit(epoch:serial): k=v …`). Its `k=v` pairs are kept as positions in the
 * text they were read from — a SYSCALL record has some 30 pairs and auditd reads about 20 of them, so making a
 * string (and a map entry) of every key and value was most of auditd's cost. Read them with {@link fieldValue}
 * and {@link fieldText}; the first occurrence of a key wins.
 */
export interface AuditRecord {
  readonly type: string;
  /** Milliseconds since the epoch. */
  readonly time: number;
  readonly serial: string;
  /** The text the pairs point into: the batch itself, or a copy of the record with `\x1d` separators as spaces. */
  readonly text: string;
  /** keyStart, keyEnd, valueStart, valueEnd of each pair, in order (values as written, quotes included). */
  readonly pairs: readonly number[];
  /** USER_* records carry their payload inside `msg='…'`: its pairs, read after the record's own. */
  readonly innerText: string | undefined;
  readonly innerPairs: readonly number[] | undefined;
}

const HEX = /^(?:[0-9A-Fa-f]{2}){1,}$/;

/** `[A-Za-z0-9_-]`, the characters of a key. */
function isKeyChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** What a regular expression's `\s` matches. */
function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/**
 * Positions of the pairs being read (four per pair), copied out per record. Plain arrays of small integers:
 * allocating a typed array costs V8 a runtime call, several times a small array's cost.
 */
const scratch: number[] = [];

/**
 * Finds the `k=v` pairs of `text` between `from` and `to`: exactly what
 * `/([\w-]{1,64}(?:\[\d{1,6}\])?)=("[^"]*"|'[^']*'|\S*)/g` finds there (tested against it), but as positions, by
 * hand. `__proto__` keys are left out. Returns the pairs' positions.
 */
export function scanKeyValues(text: string, from: number, to: number): number[] {
  let at = 0;
  let i = from;
  while (i < to) {
    if (!isKeyChar(text.charCodeAt(i))) {
      i++;
      continue;
    }
    // A run of key characters; a key can only end where the run ends (`[` and `=` are not key characters).
    let end = i + 1;
    while (end < to && isKeyChar(text.charCodeAt(end))) end++;
    let keyEnd = end;
    if (end < to && text.charCodeAt(end) === 91) {
      // Optional `[digits]` (1 to 6 digits), as EXECVE writes split arguments: `a2[0]=`.
      let q = end + 1;
      while (q < to && isDigit(text.charCodeAt(q))) q++;
      const digits = q - end - 1;
      if (digits < 1 || digits > 6 || q >= to || text.charCodeAt(q) !== 93) {
        i = end;
        continue;
      }
      keyEnd = q + 1;
    }
    if (keyEnd >= to || text.charCodeAt(keyEnd) !== 61) {
      i = end;
      continue;
    }
    // The leftmost match starts at most 64 key characters before the run's end.
    const start = end - i > 64 ? end - 64 : i;
    const v = keyEnd + 1;
    let valueEnd = -1;
    if (v < to) {
      const first = text.charCodeAt(v);
      if (first === 34 || first === 39) {
        const close = text.indexOf(first === 34 ? '"' : "'", v + 1);
        if (close >= 0 && close < to) valueEnd = close + 1;
      }
    }
    if (valueEnd < 0) {
      valueEnd = v;
      while (valueEnd < to && !isSpace(text.charCodeAt(valueEnd))) valueEnd++;
    }
    if (keyEnd - start !== 9 || !text.startsWith('__proto__', start)) {
      scratch[at] = start;
      scratch[at + 1] = keyEnd;
      scratch[at + 2] = v;
      scratch[at + 3] = valueEnd;
      at += 4;
    }
    i = valueEnd;
  }
  const pairs = scratch.slice(0, at);
  // A huge batch should not keep a huge scratch array alive.
  if (scratch.length > 65_536) scratch.length = 0;
  return pairs;
}

/** The raw value (quotes included) of the first pair named `key`, or `undefined`. */
function find(text: string, pairs: readonly number[], key: string): string | undefined {
  const n = key.length;
  const first = key.charCodeAt(0);
  for (let p = 0; p < pairs.length; p += 4) {
    const start = pairs[p] as number;
    if ((pairs[p + 1] as number) - start !== n || text.charCodeAt(start) !== first) continue;
    let j = 1;
    while (j < n && text.charCodeAt(start + j) === key.charCodeAt(j)) j++;
    if (j === n) return text.slice(pairs[p + 2], pairs[p + 3]);
  }
  return undefined;
}

function rawValue(record: AuditRecord, key: string): string | undefined {
  // Once the msg='…' payload is flattened, the record's own msg is gone (the payload may have one of its own).
  const own = record.innerPairs !== undefined && key === 'msg' ? undefined : find(record.text, record.pairs, key);
  if (own !== undefined || record.innerPairs === undefined) return own;
  return find(record.innerText as string, record.innerPairs, key);
}

/** True when a raw value was written in quotes (then it is taken as it is, never hex-decoded). */
function isQuoted(raw: string): boolean {
  const first = raw.charCodeAt(0);
  return (first === 34 || first === 39) && raw.length >= 2;
}

/** A field's value with its quotes removed; `undefined` when absent. */
export function fieldValue(record: AuditRecord, key: string): string | undefined {
  const raw = rawValue(record, key);
  if (raw === undefined) return undefined;
  return isQuoted(raw) ? raw.slice(1, -1) : raw;
}

/** A field's text: unquoted, and hex-decoded when audit encoded it (unquoted hex); `undefined` when absent. */
export function fieldText(record: AuditRecord, key: string): string | undefined {
  const raw = rawValue(record, key);
  if (raw === undefined) return undefined;
  return isQuoted(raw) ? raw.slice(1, -1) : decodeAuditValue(raw, true);
}

/** The record's field names, each once, in the order first written. */
export function fieldNames(record: AuditRecord): string[] {
  const names = new Set<string>();
  const add = (text: string, pairs: readonly number[], skipMsg: boolean): void => {
    for (let p = 0; p < pairs.length; p += 4) {
      const key = text.slice(pairs[p], pairs[p + 1]);
      if (!(skipMsg && key === 'msg')) names.add(key);
    }
  };
  add(record.text, record.pairs, record.innerPairs !== undefined);
  if (record.innerPairs !== undefined) add(record.innerText as string, record.innerPairs, false);
  return [...names];
}

/** The header `type=<TYPE> msg=audit(<secs>[.<frac>]:<serial>)` with ` : ` after it, as found in a line. */
interface Header {
  readonly type: string;
  readonly time: number;
  readonly serial: string;
  /** Where the pairs begin. */
  readonly end: number;
}

const TYPE_PREFIX = 'type=';
const MSG_PREFIX = ' msg=audit(';

/** Digits from `at` (at most `max`, at least one), or -1; the run must end there (no further digit). */
function digitsEnd(text: string, at: number, to: number, max: number): number {
  let i = at;
  while (i < to && isDigit(text.charCodeAt(i))) i++;
  const n = i - at;
  return n >= 1 && n <= max ? i : -1;
}

/** The header at `at` (where `type=` starts), matched as the header expression would; `undefined` if none. */
function headerAt(text: string, at: number, to: number): Header | undefined {
  const typeStart = at + TYPE_PREFIX.length;
  let i = typeStart;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (!((c >= 65 && c <= 90) || c === 95 || isDigit(c))) break;
    i++;
  }
  const typeLength = i - typeStart;
  if (typeLength < 1 || typeLength > 40 || !text.startsWith(MSG_PREFIX, i) || i + MSG_PREFIX.length > to) return undefined;
  const secsStart = i + MSG_PREFIX.length;
  const secsEnd = digitsEnd(text, secsStart, to, 12);
  if (secsEnd < 0) return undefined;
  let millis = 0;
  let serialStart = secsEnd + 1;
  if (secsEnd < to && text.charCodeAt(secsEnd) === 46) {
    const fracEnd = digitsEnd(text, secsEnd + 1, to, 6);
    if (fracEnd < 0 || fracEnd >= to || text.charCodeAt(fracEnd) !== 58) return undefined;
    // The first three digits of the fraction, padded with zeros: milliseconds.
    for (let k = 0; k < 3; k++) {
      const d = secsEnd + 1 + k;
      millis = millis * 10 + (d < fracEnd ? text.charCodeAt(d) - 48 : 0);
    }
    serialStart = fracEnd + 1;
  } else if (secsEnd >= to || text.charCodeAt(secsEnd) !== 58) return undefined;
  const serialEnd = digitsEnd(text, serialStart, to, 20);
  if (serialEnd < 0 || serialEnd >= to || text.charCodeAt(serialEnd) !== 41) return undefined;
  let end = serialEnd + 1;
  if (end < to && text.charCodeAt(end) === 32) end++;
  // ` ?: ?`: giving the optional space back cannot help, the colon would then face a space.
  if (end >= to || text.charCodeAt(end) !== 58) return undefined;
  end++;
  if (end < to && text.charCodeAt(end) === 32) end++;
  let seconds = 0;
  for (let k = secsStart; k < secsEnd; k++) seconds = seconds * 10 + (text.charCodeAt(k) - 48);
  return { type: text.slice(typeStart, typeStart + typeLength), time: seconds * 1000 + millis, serial: text.slice(serialStart, serialEnd), end };
}

/**
 * Parses the record in `text` between `from` and `to` (a line; any prefix such as a syslog header or `node=` is
 * skipped): the first place where `type=…` reads as
 * `/type=([A-Z_0-9]{1,40}) msg=audit\((\d{1,12})(?:\.(\d{1,6}))?:(\d{1,20})\) ?: ?/` does.
 */
export function parseAuditRecordAt(text: string, from: number, to: number): AuditRecord | undefined {
  let header: Header | undefined;
  for (let at = text.indexOf(TYPE_PREFIX, from); at >= 0 && at < to; at = text.indexOf(TYPE_PREFIX, at + 1)) {
    header = headerAt(text, at, to);
    if (header !== undefined) break;
  }
  if (header === undefined) return undefined;
  let own = text;
  let start = header.end;
  let end = to;
  // Enriched-format \x1d separators count as spaces: read a copy of the record with spaces in their place.
  const separator = text.indexOf('\x1d', start);
  if (separator >= 0 && separator < end) {
    own = text.slice(start, end).replaceAll('\x1d', ' ');
    start = 0;
    end = own.length;
  }
  const pairs = scanKeyValues(own, start, end);
  let innerText: string | undefined;
  let innerPairs: number[] | undefined;
  // USER_* records carry their payload inside msg='…'; flatten it.
  const msg = find(own, pairs, 'msg');
  if (msg !== undefined) {
    const inner = isQuoted(msg) ? msg.slice(1, -1) : msg;
    if (inner.includes('=')) {
      innerText = inner.includes('\x1d') ? inner.replaceAll('\x1d', ' ') : inner;
      innerPairs = scanKeyValues(innerText, 0, innerText.length);
    }
  }
  return { type: header.type, time: header.time, serial: header.serial, text: own, pairs, innerText, innerPairs };
}

/** {@link parseAuditRecordAt} over a whole line. */
export function parseAuditRecord(line: string): AuditRecord | undefined {
  return parseAuditRecordAt(line, 0, line.length);
}

/** Decodes an audit hex value (unquoted) to text; NULs (argument separators in PROCTITLE) become spaces. */
export function decodeAuditValue(value: string, wasUnquoted: boolean): string {
  if (!wasUnquoted || value.length > 262_144 || !HEX.test(value)) return value;
  const decoded = Buffer.from(value, 'hex').toString('utf8');
  return decoded.replaceAll('\0', ' ').trim();
}
