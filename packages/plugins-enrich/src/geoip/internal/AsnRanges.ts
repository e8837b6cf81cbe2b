import { readFileSync } from 'node:fs';
import { parseIpv6 } from './parseIpv6';

/** What an ASN lookup found: the AS number and its organisation, or nothing. */
export interface AsnAnswer {
  asn: number;
  org: string | undefined;
}

/**
 * ip-location-db's ASN ranges (`@ip-location-db/asn`: `start,end,asn,organisation` lines, inclusive ranges) held
 * in typed arrays and searched by bisection: 400,000 IPv4 and 100,000 IPv6 ranges take about 9 MB instead of the
 * 65 MB of their CSV text, or ~100 MB as objects. Organisation names are kept once per AS number (in this data
 * each AS number has one name; the first one read wins).
 */
export class AsnRanges {
  private constructor(
    private readonly v4Start: Uint32Array,
    private readonly v4End: Uint32Array,
    private readonly v4Asn: Uint32Array,
    /** Four words per address, most significant first. */
    private readonly v6Start: Uint32Array,
    private readonly v6End: Uint32Array,
    private readonly v6Asn: Uint32Array,
    private readonly orgs: Map<number, string>,
  ) {}

  /**
   * Loads `ipv4NumCsv` (ranges as decimal numbers, `asn-ipv4-num.csv`) and `ipv6Csv` (ranges as IPv6 text,
   * `asn-ipv6.csv`). Throws on a line it cannot read, naming the file and line.
   */
  static load(ipv4NumCsv: string, ipv6Csv: string): AsnRanges {
    const orgs = new Map<number, string>();
    const v4 = readRanges(readFileSync(ipv4NumCsv), ipv4NumCsv, 1, orgs);
    const v6 = readRanges(readFileSync(ipv6Csv), ipv6Csv, 4, orgs);
    return new AsnRanges(v4.start, v4.end, v4.asn, v6.start, v6.end, v6.asn, orgs);
  }

  /** How many IPv4 and IPv6 ranges are held. */
  get size(): { ipv4: number; ipv6: number } {
    return { ipv4: this.v4Asn.length, ipv6: this.v6Asn.length };
  }

  /** The AS of IPv4 address `address` (a 32-bit number), or undefined. */
  lookupV4(address: number): AsnAnswer | undefined {
    const i = lastAtOrBelow(this.v4Start, address);
    if (i < 0 || (this.v4End[i] as number) < address) return undefined;
    return this.answer(this.v4Asn[i] as number);
  }

  /**
   * Whether every address of the /24 holding `address` gets the same answer (the same range, or none): then the
   * caller may cache the answer per /24.
   */
  uniformOver24(address: number): boolean {
    const network = (address >>> 8) * 256;
    const high = network + 255;
    const i = lastAtOrBelow(this.v4Start, high);
    if (i < 0) return true;
    const end = this.v4End[i] as number;
    return (this.v4Start[i] as number) <= network ? end >= high || end < network : false;
  }

  /** The AS of the IPv6 address in `words[0..3]`, or undefined. */
  lookupV6(words: Uint32Array): AsnAnswer | undefined {
    const starts = this.v6Start;
    let lo = 0;
    let hi = this.v6Asn.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (compareWords(starts, mid * 4, words, 0, 4) <= 0) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    if (found < 0 || compareWords(this.v6End, found * 4, words, 0, 4) < 0) return undefined;
    return this.answer(this.v6Asn[found] as number);
  }

  private answer(asn: number): AsnAnswer {
    return { asn, org: this.orgs.get(asn) };
  }
}

/** Index of the last value of the sorted `starts` that is at most `value`, or -1. */
function lastAtOrBelow(starts: Uint32Array, value: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if ((starts[mid] as number) <= value) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

/** Compares the `words`-word values at a[i…] and b[j…], most significant word first. */
function compareWords(a: Uint32Array, i: number, b: Uint32Array, j: number, words: number): number {
  for (let k = 0; k < words; k++) {
    const x = a[i + k] as number;
    const y = b[j + k] as number;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

interface Ranges {
  start: Uint32Array;
  end: Uint32Array;
  asn: Uint32Array;
}

const COMMA = 44;
const QUOTE = 34;
const LF = 10;
const CR = 13;

/**
 * Parses one CSV file of `start,end,asn,organisation` lines. `words` is 1 for IPv4 as decimal numbers, 4 for
 * IPv6 as text. Rows come sorted by start; overlapping rows (the data has a few) are cut so that each address
 * belongs to the row that starts last at or below it, which is also what the bisection answers.
 */
function readRanges(buf: Buffer, file: string, words: 1 | 4, orgs: Map<number, string>): Ranges {
  let lines = 0;
  for (let at = buf.indexOf(LF); at >= 0; at = buf.indexOf(LF, at + 1)) lines++;
  if (buf.length > 0 && buf[buf.length - 1] !== LF) lines++;
  const start = new Uint32Array(lines * words);
  const end = new Uint32Array(lines * words);
  const asn = new Uint32Array(lines);
  let rows = 0;
  let pos = 0;
  let line = 0;
  const fail = (what: string): never => {
    throw new Error(`${file}:${line}: ${what}`);
  };
  // The end of the field that starts at `pos` (a comma must follow it).
  const fieldEnd = (from: number): number => {
    const comma = buf.indexOf(COMMA, from);
    const newline = buf.indexOf(LF, from);
    if (comma < 0 || (newline >= 0 && newline < comma)) fail('expected start,end,asn,organisation');
    return comma;
  };
  const decimal = (from: number, to: number): number => {
    if (to === from || to - from > 10) fail('expected a decimal number');
    let value = 0;
    for (let i = from; i < to; i++) {
      const d = (buf[i] as number) - 48;
      if (d < 0 || d > 9) fail('expected a decimal number');
      value = value * 10 + d;
    }
    if (value > 0xffffffff) fail('number out of range');
    return value;
  };
  while (pos < buf.length) {
    line++;
    if (buf[pos] === LF || buf[pos] === CR) {
      pos = buf.indexOf(LF, pos) + 1 || buf.length;
      continue;
    }
    const s0 = pos;
    const s1 = fieldEnd(s0);
    const e0 = s1 + 1;
    const e1 = fieldEnd(e0);
    const a0 = e1 + 1;
    const a1 = fieldEnd(a0);
    pos = a1 + 1;
    const row = rows * words;
    if (words === 1) {
      start[row] = decimal(s0, s1);
      end[row] = decimal(e0, e1);
    } else if (!parseIpv6(buf.toString('latin1', s0, s1), start, row) || !parseIpv6(buf.toString('latin1', e0, e1), end, row)) {
      fail('expected an IPv6 address');
    }
    const number = decimal(a0, a1);
    asn[rows] = number;
    // The organisation: to the end of the line, in double quotes when it holds a comma ("" is a quote).
    let o0 = pos;
    let quoted = false;
    if (buf[pos] === QUOTE) {
      quoted = true;
      o0 = ++pos;
      for (;;) {
        const q = buf.indexOf(QUOTE, pos);
        if (q < 0) fail('unterminated quoted organisation');
        if (buf[q + 1] === QUOTE) pos = q + 2;
        else {
          pos = q;
          break;
        }
      }
    } else {
      while (pos < buf.length && buf[pos] !== LF && buf[pos] !== CR) pos++;
    }
    const o1 = pos;
    if (quoted) pos++;
    if (!orgs.has(number) && o1 > o0) {
      // toString copies: a slice of one large string would keep the whole file's text alive.
      const text = buf.toString('utf8', o0, o1);
      orgs.set(number, quoted ? text.replaceAll('""', '"') : text);
    }
    while (pos < buf.length && buf[pos] !== LF) pos++;
    pos++;
    if (rows > 0) clip(start, end, row, words);
    rows++;
  }
  return { start: start.slice(0, rows * words), end: end.slice(0, rows * words), asn: asn.slice(0, rows) };
}

/** Ends the previous row just before the row at `row` starts when the two overlap; rows must come sorted. */
function clip(start: Uint32Array, end: Uint32Array, row: number, words: 1 | 4): void {
  const previous = row - words;
  if (compareWords(start, previous, start, row, words) > 0) {
    throw new Error('ASN ranges are not sorted by their start');
  }
  if (compareWords(end, previous, start, row, words) < 0) return;
  // end[previous] = start[row] - 1, with borrow across words.
  let borrow = 1;
  for (let k = words - 1; k >= 0; k--) {
    const v = (start[row + k] as number) - borrow;
    borrow = v < 0 ? 1 : 0;
    end[previous + k] = v >>> 0;
  }
}
