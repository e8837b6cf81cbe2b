import { asciiLower, type PatternPart, tokenize } from './text';

/** Pattern atoms: a UTF-16 code unit to match, or ONE (`?`, one code point) or STAR (`*`, any code points). */
const ONE = -1;
const STAR = -2;

function atoms(parts: readonly PatternPart[], fold: (text: string) => string): Int32Array {
  const out: number[] = [];
  for (const part of parts) {
    if (part.kind === 'star') out.push(STAR);
    else if (part.kind === 'one') out.push(ONE);
    else for (const unit of fold(part.text)) for (let i = 0; i < unit.length; i++) out.push(unit.charCodeAt(i));
  }
  return Int32Array.from(out);
}

/** Length in code units of the code point at `index`. */
function pointLength(value: string, index: number): number {
  const c = value.charCodeAt(index);
  if (c >= 0xd800 && c <= 0xdbff && index + 1 < value.length) {
    const d = value.charCodeAt(index + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return 2;
  }
  return 1;
}

/**
 * Matches `value` against the atoms in O(value × pattern) time: on a mismatch only the last `*` is retried,
 * so no pattern can make matching exponential (unlike a backtracking regular expression).
 */
function matchAtoms(value: string, pattern: Int32Array, foldAscii: boolean): boolean {
  const n = value.length;
  const m = pattern.length;
  let p = 0;
  let v = 0;
  let starP = -1;
  let starV = 0;
  while (v < n) {
    const atom = p < m ? (pattern[p] as number) : 0;
    if (p < m && atom === ONE) {
      p++;
      v += pointLength(value, v);
      continue;
    }
    if (p < m && atom >= 0) {
      let c = value.charCodeAt(v);
      if (foldAscii && c >= 65 && c <= 90) c += 32;
      if (c === atom) {
        p++;
        v++;
        continue;
      }
    }
    if (p < m && atom === STAR) {
      starP = p++;
      starV = v;
      continue;
    }
    if (starP < 0) return false;
    p = starP + 1;
    starV += pointLength(value, starV);
    v = starV;
  }
  while (p < m && pattern[p] === STAR) p++;
  return p === m;
}

/** A test of a whole keyword value against a pattern, folding ASCII case only (as SQLite's `lower()`/GLOB). */
export function keywordWildcard(parts: readonly PatternPart[]): (value: string) => boolean {
  const pattern = atoms(parts, asciiLower);
  return (value) => matchAtoms(value, pattern, true);
}

/** A test of whether some word of a text matches a pattern, ignoring case (Unicode lower-casing). */
export function wordWildcard(parts: readonly PatternPart[]): (text: string) => boolean {
  const pattern = atoms(parts, (text) => text.toLowerCase());
  return (text) => {
    for (const word of tokenize(text)) if (matchAtoms(word.toLowerCase(), pattern, false)) return true;
    return false;
  };
}
