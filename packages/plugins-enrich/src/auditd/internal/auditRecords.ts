/** One raw audit record (`type=… msg=audit(epoch:serial): k=v …`), its fields unquoted. */
export interface AuditRecord {
  type: string;
  /** Milliseconds since the epoch. */
  time: number;
  serial: string;
  fields: Record<string, string>;
  /** Field names whose value was unquoted (audit hex-encodes values that need it and leaves them unquoted). */
  unquoted: Set<string>;
}

const RECORD = /type=([A-Z_0-9]{1,40}) msg=audit\((\d{1,12})(?:\.(\d{1,6}))?:(\d{1,20})\) ?: ?/;
const KV = /([\w-]{1,64}(?:\[\d{1,6}\])?)=("[^"]*"|'[^']*'|\S*)/g;
const HEX = /^(?:[0-9A-Fa-f]{2}){1,}$/;

/** Parses `k=v` pairs; quoted values lose their quotes. Enriched-format `\x1d` separators count as spaces. */
export function parseKeyValues(text: string, fields: Record<string, string>, unquoted: Set<string>): void {
  KV.lastIndex = 0;
  const source = text.includes('\x1d') ? text.replaceAll('\x1d', ' ') : text;
  for (let m = KV.exec(source); m !== null; m = KV.exec(source)) {
    const key = m[1] as string;
    if (key === '__proto__' || Object.hasOwn(fields, key)) continue;
    const raw = m[2] as string;
    const first = raw.charCodeAt(0);
    if ((first === 34 || first === 39) && raw.length >= 2) {
      fields[key] = raw.slice(1, -1);
    } else {
      fields[key] = raw;
      unquoted.add(key);
    }
  }
}

/** Parses one line holding an audit record (any prefix such as a syslog header or `node=` is skipped). */
export function parseAuditRecord(line: string): AuditRecord | undefined {
  const m = RECORD.exec(line);
  if (m === null) return undefined;
  const fields: Record<string, string> = {};
  const unquoted = new Set<string>();
  const rest = line.slice(m.index + m[0].length);
  // USER_* records carry their payload inside msg='…'; flatten it.
  parseKeyValues(rest, fields, unquoted);
  const inner = fields['msg'];
  if (inner !== undefined && inner.includes('=')) {
    delete fields['msg'];
    parseKeyValues(inner, fields, unquoted);
  }
  const ms = Number(m[2]) * 1000 + (m[3] === undefined ? 0 : Math.floor(Number(m[3].padEnd(3, '0').slice(0, 3))));
  return { type: m[1] as string, time: ms, serial: m[4] as string, fields, unquoted };
}

/** Decodes an audit hex value (unquoted) to text; NULs (argument separators in PROCTITLE) become spaces. */
export function decodeAuditValue(value: string, wasUnquoted: boolean): string {
  if (!wasUnquoted || value.length > 262_144 || !HEX.test(value)) return value;
  const decoded = Buffer.from(value, 'hex').toString('utf8');
  return decoded.replaceAll('\0', ' ').trim();
}
