/**
 * Text rules shared by the parser, the in-memory evaluator and the stores, so they cannot drift apart.
 * Full text follows SQLite FTS5's `unicode61` tokenizer with its default categories: a token is a run of
 * Unicode letters, numbers and private-use characters; everything else separates tokens.
 */

/** Character class (inside `[...]`) of token characters; use with the `u` flag. */
export const TOKEN_CHAR_CLASS = '\\p{L}\\p{N}\\p{Co}';

const TOKEN_RE = /[\p{L}\p{N}\p{Co}]+/gu;
const NON_ASCII = /[^\x00-\x7f]/;
const UPPER_ASCII = /[A-Z]/g;

/** The tokens of `text`, in order, as written (not case-folded). */
export function tokenize(text: string): string[] {
  return text.match(TOKEN_RE) ?? [];
}

/** Whether `text` consists of token characters only (and is not empty). */
export function isSingleToken(text: string): boolean {
  return /^[\p{L}\p{N}\p{Co}]+$/u.test(text);
}

/**
 * Lower-cases ASCII letters only, as SQLite's `lower()` and `NOCASE` do: keyword comparisons fold A–Z and
 * nothing else, in every store.
 */
export function asciiLower(value: string): string {
  if (!NON_ASCII.test(value)) return value.toLowerCase();
  return value.replace(UPPER_ASCII, (c) => String.fromCharCode(c.charCodeAt(0) + 32));
}

/** Decimal number literal accepted where a string must count as a number: `-?[0-9]+(\.[0-9]+)?`. */
export const NUMERIC_LITERAL = /^-?[0-9]+(?:\.[0-9]+)?$/;

/** Whether `value` is a decimal number literal. */
export function isNumericLiteral(value: string): boolean {
  return NUMERIC_LITERAL.test(value);
}

/** Escapes a string for a JavaScript regular expression. */
export function escapeRegExp(value: string): string {
  // Only syntax characters: identity escapes of anything else are errors under the `u` flag.
  return value.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** One piece of a wildcard pattern: a literal run, `*` (any sequence) or `?` (one character). */
export type PatternPart = { kind: 'literal'; text: string } | { kind: 'star' } | { kind: 'one' };

/**
 * Splits a wildcard pattern (`*` any sequence, `?` one character, `\` escapes the next character) into parts.
 */
export function splitPattern(pattern: string): PatternPart[] {
  const parts: PatternPart[] = [];
  let literal = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '\\' && i + 1 < pattern.length) {
      literal += pattern[++i] as string;
    } else if (c === '*' || c === '?') {
      if (literal !== '') parts.push({ kind: 'literal', text: literal });
      literal = '';
      const last = parts[parts.length - 1];
      if (c === '*' && last?.kind === 'star') continue;
      parts.push(c === '*' ? { kind: 'star' } : { kind: 'one' });
    } else {
      literal += c;
    }
  }
  if (literal !== '') parts.push({ kind: 'literal', text: literal });
  return parts;
}

/** SQLite GLOB pattern for a keyword pattern (compare with `lower(value)`). */
export function keywordPatternGlob(parts: readonly PatternPart[]): string {
  let glob = '';
  for (const part of parts) {
    if (part.kind === 'star') glob += '*';
    else if (part.kind === 'one') glob += '?';
    else glob += asciiLower(part.text).replace(/[*?[]/g, '[$&]');
  }
  return glob;
}

/** Whether every literal part of a word pattern is made of word characters (else it can match no word). */
export function isWordPattern(parts: readonly PatternPart[]): boolean {
  return parts.every((p) => p.kind !== 'literal' || isSingleToken(p.text));
}

/**
 * Regex source (flags `iu`) finding the tokens of `value` as consecutive tokens of a text (a phrase; one
 * token is a word match). `null` when `value` has no tokens (it matches nothing).
 */
export function phraseSource(value: string): string | null {
  const tokens = tokenize(value);
  if (tokens.length === 0) return null;
  const body = tokens.map(escapeRegExp).join(`[^${TOKEN_CHAR_CLASS}]+`);
  return `(?<![${TOKEN_CHAR_CLASS}])${body}(?![${TOKEN_CHAR_CLASS}])`;
}
