import { BlockList, isIP } from 'node:net';
import { compileGlob, type StringTest } from './glob';
import { allOf, anyOf, notOf, onField } from './specialize';

/** Thrown for a modifier or value Vigil cannot run; the caller names the rule. */
export class UnsupportedError extends Error {}

/** Reads a field of an event (already mapped to a Vigil path). */
export type Reader = (event: object) => unknown;

/** What the matcher needs from the rule's context. */
export interface MatcherContext {
  /** Resolves a Sigma field name to a reader (mapping applied). */
  reader(field: string): Reader;
  /** Values of an `expand` placeholder (`%name%` → its list). */
  placeholders: Readonly<Record<string, readonly string[]>>;
}

const KNOWN = new Set([
  'contains', 'startswith', 'endswith', 'all', 're', 'i', 'm', 's', 'cidr', 'base64', 'base64offset',
  'utf16', 'utf16le', 'utf16be', 'wide', 'windash', 'lt', 'lte', 'gt', 'gte', 'neq', 'exists', 'cased', 'fieldref', 'expand',
  'minute', 'hour', 'day', 'week', 'month', 'year',
]);

const TIME_PARTS = ['minute', 'hour', 'day', 'week', 'month', 'year'] as const;
type TimePart = (typeof TIME_PARTS)[number];

const DASHES = ['-', '/', '\u2013', '\u2014', '\u2015'];

type Bytes = Buffer;

function base64offsetVariants(value: Bytes): string[] {
  // Encode the value at each of the three byte alignments and keep only the characters that do not depend on
  // the unknown bytes around it (Sigma's base64offset).
  const out: string[] = [];
  const startTrim = [0, 2, 3];
  const endTrim = [0, 3, 2];
  for (let shift = 0; shift < 3; shift++) {
    const encoded = Buffer.concat([Buffer.alloc(shift, 0x20), value]).toString('base64');
    const tail = endTrim[(value.length + shift) % 3] as number;
    out.push(encoded.slice(startTrim[shift] as number, tail === 0 ? encoded.length : encoded.length - tail));
  }
  return out;
}

// A dash or slash that starts a command-line flag: not preceded by a word character, followed by one (as pySigma's
// `\B[-/]\b`, with the three long dashes accepted in the rule's value too).
const OPTION_DASH = /(?<![\p{L}\p{N}_])[-/\u2013\u2014\u2015](?=[\p{L}\p{N}_])/gu;
/** Most option dashes one windash value may hold: 5^5 = 3,125 variants. */
const MAX_WINDASH_POSITIONS = 5;

/** Every permutation of the five dash characters over the value's option dashes (Sigma's `windash`). */
function windashVariants(value: string): string[] {
  const positions = [...value.matchAll(OPTION_DASH)].map((m) => m.index);
  if (positions.length === 0) return [value];
  if (positions.length > MAX_WINDASH_POSITIONS) {
    throw new UnsupportedError(`'windash' on a value with ${positions.length} option dashes (at most ${MAX_WINDASH_POSITIONS}): ${JSON.stringify(value)}`);
  }
  let variants = [''];
  let from = 0;
  for (const at of positions) {
    const between = value.slice(from, at);
    variants = variants.flatMap((prefix) => DASHES.map((d) => prefix + between + d));
    from = at + 1;
  }
  const rest = value.slice(from);
  return variants.map((v) => v + rest);
}

/** Milliseconds of a date value: ISO-8601 text, or epoch seconds / milliseconds as a number or numeric text. */
function dateMillis(value: unknown): number | undefined {
  let ms = Number.NaN;
  if (typeof value === 'number') ms = Math.abs(value) < 1e11 ? value * 1000 : value;
  else if (typeof value === 'string') {
    const text = value.trim();
    if (/^-?\d+(\.\d+)?$/.test(text)) {
      const n = Number(text);
      ms = Math.abs(n) < 1e11 ? n * 1000 : n;
    } else if (/^\d{4}-\d{2}-\d{2}/.test(text)) ms = Date.parse(text);
  }
  return Number.isFinite(ms) ? ms : undefined;
}

/** ISO 8601 week number (1–53) of a UTC instant. */
function isoWeek(date: Date): number {
  const day = date.getUTCDay() || 7;
  const thursday = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + 4 - day);
  const yearStart = Date.UTC(new Date(thursday).getUTCFullYear(), 0, 1);
  return Math.floor((thursday - yearStart) / 86_400_000 / 7) + 1;
}

/** Sigma's time modifiers: the UTC minute, hour, day of month, ISO week, month or year of a date value. */
function timePartOf(part: TimePart, value: unknown): number | undefined {
  const ms = dateMillis(value);
  if (ms === undefined) return undefined;
  const d = new Date(ms);
  switch (part) {
    case 'minute':
      return d.getUTCMinutes();
    case 'hour':
      return d.getUTCHours();
    case 'day':
      return d.getUTCDate();
    case 'week':
      return isoWeek(d);
    case 'month':
      return d.getUTCMonth() + 1;
    case 'year':
      return d.getUTCFullYear();
  }
}

function expandVariants(value: string, ctx: MatcherContext): string[] {
  let variants = [value];
  for (const m of value.matchAll(/%([A-Za-z0-9_.-]+)%/g)) {
    const list = ctx.placeholders[m[1] as string];
    if (list === undefined) throw new UnsupportedError(`placeholder %${m[1] as string}% has no values (give it in the placeholders option)`);
    variants = variants.flatMap((v) => list.map((item) => v.split(m[0]).join(item)));
  }
  return variants;
}

const textOf = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;

/** Lifts a test of one value to a field value (arrays: any element), allocating nothing per call. */
const onValues = onField;

/**
 * Compiles one detection entry `Field|mod1|mod2: value(s)` into a predicate over the event, once.
 * An empty field name (`'|contains': …`) searches the keyword fields instead.
 */
export function compileFieldMatcher(key: string, rawValues: unknown, ctx: MatcherContext, keywordReaders: readonly Reader[]): (event: object) => boolean {
  const [field = '', ...mods] = key.split('|');
  for (const mod of mods) if (!KNOWN.has(mod)) throw new UnsupportedError(`modifier '${mod}' is not supported`);
  const has = (m: string): boolean => mods.includes(m);
  const values: unknown[] = Array.isArray(rawValues) ? rawValues : [rawValues];
  const all = has('all');
  const cased = has('cased');
  const neq = has('neq');
  const readers: readonly Reader[] = field === '' ? keywordReaders : [ctx.reader(field)];
  const readField = (event: object): unknown => {
    if (readers.length === 1) return (readers[0] as Reader)(event);
    return readers.map((r) => r(event));
  };
  const timeParts = TIME_PARTS.filter(has);
  if (timeParts.length > 1) throw new UnsupportedError(`only one of ${TIME_PARTS.join(', ')} may be given`);
  const timePart = timeParts[0];
  // A time modifier turns the field's date into a number, which the numeric comparisons and equality then test.
  const read: Reader =
    timePart === undefined
      ? readField
      : (event) => {
          const v = readField(event);
          return Array.isArray(v) ? v.map((item) => timePartOf(timePart, item)) : timePartOf(timePart, v);
        };
  if (timePart !== undefined) {
    for (const m of mods) {
      if (m !== timePart && !['lt', 'lte', 'gt', 'gte', 'neq', 'all'].includes(m)) {
        throw new UnsupportedError(`'${timePart}' combines only with lt, lte, gt, gte, neq and all, not '${m}'`);
      }
    }
    for (const v of values) if (typeof v !== 'number') throw new UnsupportedError(`'${timePart}' needs numbers`);
  }

  if (has('exists')) {
    if (neq) throw new UnsupportedError(`'neq' cannot be combined with 'exists' (use exists: false)`);
    const want = values[0];
    if (typeof want !== 'boolean' || values.length !== 1) throw new UnsupportedError(`'exists' needs true or false`);
    return (event) => {
      const v = read(event);
      return (v !== undefined && v !== null) === want;
    };
  }

  // `neq` negates each value's test (an absent field differs from every value); lists then combine as usual:
  // OR by default, AND with `all` (`neq|all: [a, b]` is "neither a nor b").
  const combine = (tests: Array<(event: object) => boolean>): ((event: object) => boolean) => {
    const each = neq ? tests.map(notOf) : tests;
    return all ? allOf(each) : anyOf(each);
  };

  if (has('fieldref')) {
    const tests = values.map((other) => {
      if (typeof other !== 'string') throw new UnsupportedError(`'fieldref' needs field names`);
      const readOther = ctx.reader(other);
      return (event: object) => {
        const a = textOf(read(event));
        const b = textOf(readOther(event));
        if (a === undefined || b === undefined) return false;
        const [x, y] = cased ? [a, b] : [a.toLowerCase(), b.toLowerCase()];
        if (has('contains')) return x.includes(y);
        if (has('startswith')) return x.startsWith(y);
        if (has('endswith')) return x.endsWith(y);
        return x === y;
      };
    });
    return combine(tests);
  }

  const compare = ['lt', 'lte', 'gt', 'gte'].find(has);
  if (compare !== undefined) {
    const tests = values.map((limit) => {
      if (typeof limit !== 'number') throw new UnsupportedError(`'${compare}' needs a number`);
      const ok =
        compare === 'lt' ? (n: number) => n < limit : compare === 'lte' ? (n: number) => n <= limit : compare === 'gt' ? (n: number) => n > limit : (n: number) => n >= limit;
      return onValues(read, (v) => {
        const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
        return !Number.isNaN(n) && ok(n);
      });
    });
    return combine(tests);
  }

  if (has('cidr')) {
    const tests = values.map((cidr) => {
      if (typeof cidr !== 'string') throw new UnsupportedError(`'cidr' needs a network such as 10.0.0.0/8`);
      const [net = '', bits] = cidr.split('/');
      const family = isIP(net);
      const prefix = bits === undefined ? (family === 6 ? 128 : 32) : Number(bits);
      if (family === 0 || !Number.isInteger(prefix) || prefix < 0 || prefix > (family === 6 ? 128 : 32)) throw new UnsupportedError(`'${cidr}' is not a CIDR network`);
      const list = new BlockList();
      list.addSubnet(net, prefix, family === 6 ? 'ipv6' : 'ipv4');
      const type = family === 6 ? 'ipv6' : 'ipv4';
      return onValues(read, (v) => typeof v === 'string' && isIP(v) === family && list.check(v, type));
    });
    return combine(tests);
  }

  if (has('re')) {
    const flags = (has('i') ? 'i' : '') + (has('m') ? 'm' : '') + (has('s') ? 's' : '');
    const tests = values.map((source) => {
      if (typeof source !== 'string') throw new UnsupportedError(`'re' needs a regular expression string`);
      let re: RegExp;
      try {
        re = new RegExp(source, flags);
      } catch (error) {
        throw new UnsupportedError(`regular expression /${source}/ does not compile in JavaScript: ${(error as Error).message}`);
      }
      return onValues(read, (v) => {
        const s = textOf(v);
        return s !== undefined && re.test(s);
      });
    });
    return combine(tests);
  }
  for (const sub of ['i', 'm', 's']) if (has(sub)) throw new UnsupportedError(`modifier '${sub}' is only valid after 're'`);

  // String/number/boolean/null values, through the transformation modifiers, then wildcard matching.
  const encodings = mods.filter((m) => m === 'utf16' || m === 'utf16le' || m === 'utf16be' || m === 'wide');
  const b64 = has('base64') ? 'base64' : has('base64offset') ? 'base64offset' : undefined;
  if (encodings.length > 0 && b64 === undefined) throw new UnsupportedError(`'${encodings[0] as string}' must be followed by 'base64' or 'base64offset'`);
  const contains = has('contains') || b64 === 'base64offset';
  const starts = has('startswith');
  const ends = has('endswith');

  const tests = values.map((value) => {
    if (value === null) return (event: object) => { const v = read(event); return v === undefined || v === null || v === ''; };
    if (typeof value === 'boolean') return onValues(read, (v) => v === value || (typeof v === 'string' && v.toLowerCase() === String(value)));
    if (typeof value === 'number') {
      const text = String(value);
      return onValues(read, (v) => v === value || v === text);
    }
    if (typeof value !== 'string') throw new UnsupportedError(`value ${JSON.stringify(value)} is not a string, number, boolean or null`);
    let variants = [value];
    if (has('expand')) variants = variants.flatMap((v) => expandVariants(v, ctx));
    if (has('windash')) variants = variants.flatMap(windashVariants);
    if (b64 !== undefined) {
      variants = variants.flatMap((v) => {
        let bytes: Bytes = Buffer.from(v, 'utf8');
        for (const enc of encodings) {
          if (enc === 'utf16be') {
            const le = Buffer.from(v, 'utf16le');
            bytes = Buffer.from(le).swap16();
          } else if (enc === 'utf16') bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(v, 'utf16le')]);
          else bytes = Buffer.from(v, 'utf16le');
        }
        return b64 === 'base64' ? [bytes.toString('base64')] : base64offsetVariants(bytes);
      });
    }
    const wrapped: StringTest[] = variants.map((v) => {
      // Encoded text is literal; escape what would read as wildcards.
      const body = b64 !== undefined ? v.replace(/[\\*?]/g, '\\$&') : v;
      return compileGlob(`${contains || ends ? '*' : ''}${body}${contains || starts ? '*' : ''}`, b64 !== undefined || cased);
    });
    if (wrapped.length === 1) {
      const only = wrapped[0] as StringTest;
      return onValues(read, (v) => {
        const s = textOf(v);
        return s !== undefined && only(s);
      });
    }
    return onValues(read, (v) => {
      const s = textOf(v);
      if (s === undefined) return false;
      for (const g of wrapped) if (g(s)) return true;
      return false;
    });
  });
  return combine(tests);
}
