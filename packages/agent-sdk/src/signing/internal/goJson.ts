import { AgentError } from '../../errors/AgentError';

// Reproduces Go's encoding/json Marshal of a value that Go decoded into interface{} (maps, []interface{},
// float64, string, bool, nil), as the Go toolchains MIG was built with (before Go 1.22) did it:
// - map keys sorted byte-wise on their UTF-8 form, i.e. by code point (not by UTF-16 unit as in JCS);
// - HTML-safe escaping: < > & become \u003c \u003e \u0026, U+2028/U+2029 become \u2028/\u2029;
// - \n \r \t \" \\ short escapes, every other control character as \u00xx with lower-case hex
//   (Go 1.22 started writing \b and \f; MIG's releases predate it);
// - lone UTF-16 surrogates, which Go's decoder would have turned into U+FFFD, written as U+FFFD;
// - float64 as strconv 'f' shortest form, switching to exponent form below 1e-6 and from 1e21 ("1e-7",
//   "1e+21"), which is ECMAScript's Number::toString except that Go keeps the sign of -0.

const HEX = '0123456789abcdef';
const LONE_SURROGATES = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function goString(text: string): string {
  const clean = text.replace(LONE_SURROGATES, '\uFFFD');
  let out = '"';
  for (const char of clean) {
    const code = char.codePointAt(0)!;
    if (char === '"' || char === '\\') out += `\\${char}`;
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (code < 0x20 || char === '<' || char === '>' || char === '&') {
      out += `\\u00${HEX[code >> 4]!}${HEX[code & 0xf]!}`;
    } else if (code === 0x2028 || code === 0x2029) out += `\\u202${HEX[code & 0xf]!}`;
    else out += char;
  }
  return `${out}"`;
}

function compareCodePoints(a: string, b: string): number {
  const ca = [...a.replace(LONE_SURROGATES, '\uFFFD')];
  const cb = [...b.replace(LONE_SURROGATES, '\uFFFD')];
  const n = Math.min(ca.length, cb.length);
  for (let i = 0; i < n; i += 1) {
    const d = ca[i]!.codePointAt(0)! - cb[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return ca.length - cb.length;
}

export function goNumber(value: number): string {
  if (!Number.isFinite(value)) {
    throw new AgentError('MIG_STRING_UNSUPPORTED', `Go's encoding/json cannot encode ${String(value)}`);
  }
  return Object.is(value, -0) ? '-0' : String(value);
}

export function goJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return goNumber(value);
  if (typeof value === 'string') return goString(value);
  if (Array.isArray(value)) return `[${value.map((item: unknown) => goJson(item)).join(',')}]`;
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).sort(compareCodePoints);
    return `{${keys.map((key) => `${goString(key)}:${goJson(record[key])}`).join(',')}}`;
  }
  throw new AgentError('MIG_STRING_UNSUPPORTED', `Go's encoding/json has no form for a ${typeof value}`);
}
