/** One raw audit record (`type=… msg=audit(epoch:serial): k=v …`). */
export interface AuditRecord {
  type: string;
  /** Milliseconds since the epoch. */
  time: number;
  serial: string;
  /**
   * Field values as written, quotes included (first occurrence of a key wins); read them with {@link fieldValue}
   * and {@link fieldText}. Kept raw because audit hex-encodes values that need it and leaves those unquoted.
   */
  fields: Map<string, string>;
}

const RECORD = /type=([A-Z_0-9]{1,40}) msg=audit\((\d{1,12})(?:\.(\d{1,6}))?:(\d{1,20})\) ?: ?/;
const HEX = /^(?:[0-9A-Fa-f]{2}){1,}$/;

/** `[A-Za-z0-9_-]`, the characters of a key. */
function isKeyChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45;
}

/** What a regular expression's `\s` matches. */
function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/**
 * Reads `k=v` pairs into `fields`, first occurrence winning. A hand-written scanner that finds exactly what
 * `/([\w-]{1,64}(?:\[\d{1,6}\])?)=("[^"]*"|'[^']*'|\S*)/g` finds (a SYSCALL record has some 30 pairs, and the
 * expression's match objects were most of auditd's cost). Enriched-format `\x1d` separators count as spaces.
 */
export function parseKeyValues(input: string, fields: Map<string, string>): void {
  const text = input.includes('\x1d') ? input.replaceAll('\x1d', ' ') : input;
  const n = text.length;
  let i = 0;
  while (i < n) {
    if (!isKeyChar(text.charCodeAt(i))) {
      i++;
      continue;
    }
    // A run of key characters; a key can only end where the run ends (`[` and `=` are not key characters).
    let end = i + 1;
    while (end < n && isKeyChar(text.charCodeAt(end))) end++;
    let keyEnd = end;
    if (end < n && text.charCodeAt(end) === 91) {
      // Optional `[digits]` (1 to 6 digits), as EXECVE writes split arguments: `a2[0]=`.
      let q = end + 1;
      while (q < n && text.charCodeAt(q) >= 48 && text.charCodeAt(q) <= 57) q++;
      const digits = q - end - 1;
      if (digits < 1 || digits > 6 || q >= n || text.charCodeAt(q) !== 93) {
        i = end;
        continue;
      }
      keyEnd = q + 1;
    }
    if (keyEnd >= n || text.charCodeAt(keyEnd) !== 61) {
      i = end;
      continue;
    }
    // The leftmost match starts at most 64 key characters before the run's end.
    const start = end - i > 64 ? end - 64 : i;
    const v = keyEnd + 1;
    let valueEnd = -1;
    if (v < n) {
      const first = text.charCodeAt(v);
      if (first === 34 || first === 39) {
        const close = text.indexOf(first === 34 ? '"' : "'", v + 1);
        if (close >= 0) valueEnd = close + 1;
      }
    }
    if (valueEnd < 0) {
      valueEnd = v;
      while (valueEnd < n && !isSpace(text.charCodeAt(valueEnd))) valueEnd++;
    }
    const key = text.slice(start, keyEnd);
    if (key !== '__proto__' && !fields.has(key)) fields.set(key, text.slice(v, valueEnd));
    i = valueEnd;
  }
}

/** True when a raw value was written in quotes (then it is taken as it is, never hex-decoded). */
function isQuoted(raw: string): boolean {
  const first = raw.charCodeAt(0);
  return (first === 34 || first === 39) && raw.length >= 2;
}

/** A field's value with its quotes removed; `undefined` when absent. */
export function fieldValue(record: AuditRecord, key: string): string | undefined {
  const raw = record.fields.get(key);
  if (raw === undefined) return undefined;
  return isQuoted(raw) ? raw.slice(1, -1) : raw;
}

/** A field's text: unquoted, and hex-decoded when audit encoded it (unquoted hex); `undefined` when absent. */
export function fieldText(record: AuditRecord, key: string): string | undefined {
  const raw = record.fields.get(key);
  if (raw === undefined) return undefined;
  return isQuoted(raw) ? raw.slice(1, -1) : decodeAuditValue(raw, true);
}

/** Parses one line holding an audit record (any prefix such as a syslog header or `node=` is skipped). */
export function parseAuditRecord(line: string): AuditRecord | undefined {
  const m = RECORD.exec(line);
  if (m === null) return undefined;
  const fields = new Map<string, string>();
  // USER_* records carry their payload inside msg='…'; flatten it.
  parseKeyValues(line.slice(m.index + m[0].length), fields);
  const msg = fields.get('msg');
  if (msg !== undefined) {
    const inner = isQuoted(msg) ? msg.slice(1, -1) : msg;
    if (inner.includes('=')) {
      fields.delete('msg');
      parseKeyValues(inner, fields);
    }
  }
  const ms = Number(m[2]) * 1000 + (m[3] === undefined ? 0 : Math.floor(Number(m[3].padEnd(3, '0').slice(0, 3))));
  return { type: m[1] as string, time: ms, serial: m[4] as string, fields };
}

/** Decodes an audit hex value (unquoted) to text; NULs (argument separators in PROCTITLE) become spaces. */
export function decodeAuditValue(value: string, wasUnquoted: boolean): string {
  if (!wasUnquoted || value.length > 262_144 || !HEX.test(value)) return value;
  const decoded = Buffer.from(value, 'hex').toString('utf8');
  return decoded.replaceAll('\0', ' ').trim();
}
