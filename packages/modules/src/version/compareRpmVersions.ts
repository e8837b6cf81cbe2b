import type { VersionOrder } from './compareDebianVersions';

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isAlpha(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

const TILDE = 0x7e;
const CARET = 0x5e;

/** Compares the ASCII segments a[i1,e1) and b[i2,e2) like strcmp, -1/0/1. */
function compareSegments(a: string, i1: number, e1: number, b: string, i2: number, e2: number): number {
  while (i1 < e1 && i2 < e2) {
    const d = a.charCodeAt(i1) - b.charCodeAt(i2);
    if (d !== 0) return d < 0 ? -1 : 1;
    i1++;
    i2++;
  }
  if (i1 < e1) return 1;
  if (i2 < e2) return -1;
  return 0;
}

/**
 * Compares two version (or release) strings exactly as rpm's `rpmvercmp`: alphanumeric segments compared one
 * by one (numeric segments numerically and newer than alpha ones), other characters only separate, `~` sorts
 * before everything and `^` after the base version but before any further segment.
 */
export function compareRpmVersions(a: string, b: string): VersionOrder {
  if (a === b) return 0;
  const la = a.length;
  const lb = b.length;
  let i = 0;
  let j = 0;
  while (i < la || j < lb) {
    for (; i < la; i++) {
      const c = a.charCodeAt(i);
      if (isDigit(c) || isAlpha(c) || c === TILDE || c === CARET) break;
    }
    for (; j < lb; j++) {
      const c = b.charCodeAt(j);
      if (isDigit(c) || isAlpha(c) || c === TILDE || c === CARET) break;
    }
    const ca = i < la ? a.charCodeAt(i) : 0;
    const cb = j < lb ? b.charCodeAt(j) : 0;

    if (ca === TILDE || cb === TILDE) {
      if (ca !== TILDE) return 1;
      if (cb !== TILDE) return -1;
      i++;
      j++;
      continue;
    }
    if (ca === CARET || cb === CARET) {
      if (i >= la) return -1;
      if (j >= lb) return 1;
      if (ca !== CARET) return 1;
      if (cb !== CARET) return -1;
      i++;
      j++;
      continue;
    }
    if (i >= la || j >= lb) break;

    let s1 = i;
    let s2 = j;
    const numeric = isDigit(ca);
    if (numeric) {
      while (i < la && isDigit(a.charCodeAt(i))) i++;
      while (j < lb && isDigit(b.charCodeAt(j))) j++;
    } else {
      while (i < la && isAlpha(a.charCodeAt(i))) i++;
      while (j < lb && isAlpha(b.charCodeAt(j))) j++;
    }
    // Segments of different kinds: the numeric one is newer.
    if (s2 === j) return numeric ? 1 : -1;
    if (numeric) {
      while (s1 < i && a.charCodeAt(s1) === 0x30) s1++;
      while (s2 < j && b.charCodeAt(s2) === 0x30) s2++;
      const len1 = i - s1;
      const len2 = j - s2;
      if (len1 !== len2) return len1 > len2 ? 1 : -1;
    }
    const rc = compareSegments(a, s1, i, b, s2, j);
    if (rc !== 0) return rc < 0 ? -1 : 1;
  }
  if (i >= la && j >= lb) return 0;
  return i >= la ? -1 : 1;
}
