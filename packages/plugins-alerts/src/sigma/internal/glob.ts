import { stringTest } from './specialize';

const memoIn = ['', '', '', ''];
const memoOut = ['', '', '', ''];
let memoNext = 0;
/**
 * Lower-cases with a four-entry memo: the rules of a set read the same few field values of one event in a row,
 * so most calls neither allocate nor scan.
 */
export function lower(s: string): string {
  if (s === memoIn[0]) return memoOut[0] as string;
  if (s === memoIn[1]) return memoOut[1] as string;
  if (s === memoIn[2]) return memoOut[2] as string;
  if (s === memoIn[3]) return memoOut[3] as string;
  const out = s.toLowerCase();
  memoIn[memoNext] = s;
  memoOut[memoNext] = out;
  memoNext = (memoNext + 1) & 3;
  return out;
}

/** A compiled string test. */
export type StringTest = (value: string) => boolean;

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');

/**
 * Compiles a Sigma value with wildcards (`*` any run, `?` one character; `\*`, `\?`, `\\` are literals, any other
 * backslash is literal too) into a test, case-insensitive unless `cased`. Plain, prefix, suffix and substring
 * shapes avoid regular expressions.
 */
export function compileGlob(pattern: string, cased: boolean): StringTest {
  // Split into literal runs and wildcard tokens.
  const tokens: Array<{ lit: string } | { wild: '*' | '?' }> = [];
  let lit = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '\\') {
      const n = pattern[i + 1];
      if (n === '*' || n === '?' || n === '\\') {
        lit += n;
        i++;
      } else lit += c;
    } else if (c === '*' || c === '?') {
      if (lit !== '') tokens.push({ lit });
      lit = '';
      tokens.push({ wild: c });
    } else lit += c;
  }
  if (lit !== '') tokens.push({ lit });
  const norm = cased ? (s: string) => s : lower;
  const isLit = (t: (typeof tokens)[number] | undefined): t is { lit: string } => t !== undefined && 'lit' in t;
  const isStar = (t: (typeof tokens)[number] | undefined): boolean => t !== undefined && 'wild' in t && t.wild === '*';
  if (tokens.length === 0) return (v) => v === '';
  // A literal without cased letters matches the same with or without lower-casing the value: skip it.
  const low = (lit: string): typeof lower | undefined => (cased || lit.toLowerCase() === lit.toUpperCase() ? undefined : lower);
  if (tokens.length === 1 && isLit(tokens[0])) return stringTest('eq', norm(tokens[0].lit), low(tokens[0].lit));
  if (tokens.length === 1 && isStar(tokens[0])) return () => true;
  if (tokens.length === 2 && isLit(tokens[0]) && isStar(tokens[1])) return stringTest('prefix', norm(tokens[0].lit), low(tokens[0].lit));
  if (tokens.length === 2 && isStar(tokens[0]) && isLit(tokens[1])) return stringTest('suffix', norm(tokens[1].lit), low(tokens[1].lit));
  if (tokens.length === 3 && isStar(tokens[0]) && isLit(tokens[1]) && isStar(tokens[2])) return stringTest('includes', norm(tokens[1].lit), low(tokens[1].lit));
  const source = tokens.map((t) => ('lit' in t ? escapeRe(t.lit) : t.wild === '*' ? '.*' : '.')).join('');
  const re = new RegExp(`^${source}$`, cased ? 's' : 'is');
  return (v) => re.test(v);
}
