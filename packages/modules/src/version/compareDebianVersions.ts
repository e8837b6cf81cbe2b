import { AgentError } from '@vigil/agent-sdk';
import { parseDebianVersion } from './parseDebianVersion';
import type { DebianVersion } from './parseDebianVersion';

/** -1 when a sorts before b, 0 when equal, 1 when after. */
export type VersionOrder = -1 | 0 | 1;

const encoder = new TextEncoder();

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

/**
 * dpkg's weight of one byte outside a digit run: `~` below the end of the string, the end (0),
 * letters by their code, anything else after all letters. Bytes >= 0x80 get dpkg's (signed char) value.
 */
function weight(c: number): number {
  if (c === 0) return 0;
  if (c >= 0x30 && c <= 0x39) return 0;
  if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) return c;
  if (c === 0x7e) return -1;
  if (c >= 0x80) return c;
  return c + 256;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/**
 * Compares a[i, la) with b[j, lb) (one char per byte) the way dpkg's verrevcmp does: runs of non-digits by
 * {@link weight}, then digit runs numerically (leading zeros ignored).
 */
function verrevcmp(a: string, i: number, la: number, b: string, j: number, lb: number): number {
  while (i < la || j < lb) {
    let firstDiff = 0;
    for (;;) {
      const ca = i < la ? a.charCodeAt(i) : 0;
      const cb = j < lb ? b.charCodeAt(j) : 0;
      if ((ca === 0 || isDigit(ca)) && (cb === 0 || isDigit(cb))) break;
      const wa = weight(ca);
      const wb = weight(cb);
      if (wa !== wb) return wa - wb;
      i++;
      j++;
    }
    while (i < la && a.charCodeAt(i) === 0x30) i++;
    while (j < lb && b.charCodeAt(j) === 0x30) j++;
    while (i < la && j < lb) {
      const ca = a.charCodeAt(i);
      const cb = b.charCodeAt(j);
      if (!isDigit(ca) || !isDigit(cb)) break;
      if (firstDiff === 0) firstDiff = ca - cb;
      i++;
      j++;
    }
    if (i < la && isDigit(a.charCodeAt(i))) return 1;
    if (j < lb && isDigit(b.charCodeAt(j))) return -1;
    if (firstDiff !== 0) return firstDiff;
  }
  return 0;
}

/** dpkg compares bytes: non-ASCII text is turned into its UTF-8 bytes, one char per byte. */
function bytes(s: string): string {
  if (isAscii(s)) return s;
  return String.fromCharCode(...encoder.encode(s));
}

/** Compares one version part (upstream or revision) exactly as dpkg's verrevcmp. */
export function compareDebianVersionPart(a: string, b: string): VersionOrder {
  if (a === b) return 0;
  const ba = bytes(a);
  const bb = bytes(b);
  const r = verrevcmp(ba, 0, ba.length, bb, 0, bb.length);
  return r < 0 ? -1 : r > 0 ? 1 : 0;
}

/**
 * Split positions of a plain ASCII version (no blanks, unsigned epoch, non-empty parts), found in one scan
 * without allocating; `null` sends the version to the full parser.
 */
interface Split {
  epoch: number;
  upStart: number;
  upEnd: number;
  revStart: number;
}

const scratchA: Split = { epoch: 0, upStart: 0, upEnd: 0, revStart: 0 };
const scratchB: Split = { epoch: 0, upStart: 0, upEnd: 0, revStart: 0 };

function fastSplit(v: string, out: Split): boolean {
  const n = v.length;
  if (n === 0) return false;
  let colon = -1;
  let hyphen = -1;
  let epochDigitsEnd = 0;
  let epochDigitsOnly = true;
  for (let k = 0; k < n; k++) {
    const c = v.charCodeAt(k);
    if (c <= 0x20 || c >= 0x7f) return false;
    if (c === 0x3a) {
      if (colon === -1) {
        colon = k;
        epochDigitsEnd = k;
      }
    } else if (c === 0x2d) hyphen = k;
    else if (colon === -1 && !isDigit(c)) epochDigitsOnly = false;
  }
  let epoch = 0;
  let upStart = 0;
  if (colon !== -1) {
    if (!epochDigitsOnly || epochDigitsEnd === 0 || epochDigitsEnd > 9 || colon === n - 1) return false;
    epoch = Number(v.slice(0, colon));
    upStart = colon + 1;
  }
  let upEnd = n;
  let revStart = n;
  if (hyphen > colon) {
    upEnd = hyphen;
    revStart = hyphen + 1;
    if (revStart === n) return false;
  }
  if (upEnd === upStart) return false;
  out.epoch = epoch;
  out.upStart = upStart;
  out.upEnd = upEnd;
  out.revStart = revStart;
  return true;
}

function toParsed(v: string | DebianVersion): DebianVersion | null {
  if (typeof v !== 'string') return v;
  // dpkg --compare-versions treats an empty version (and `<unknown>`) as "no version".
  if (v === '' || v === '<unknown>') return null;
  const parsed = parseDebianVersion(v);
  if (!parsed.ok) {
    throw new AgentError('VERSION_INVALID', `"${v}" is not a Debian version (${parsed.reason}); check it with parseDebianVersion first`);
  }
  return parsed.version;
}

/**
 * Compares two Debian versions exactly as `dpkg --compare-versions`: epoch numerically, then upstream, then
 * revision with verrevcmp (`~` before everything, even the end; letters before other characters; digit runs
 * numerically). An empty string is "no version" and sorts first, as in dpkg.
 * @throws AgentError `VERSION_INVALID` for a string dpkg refuses (use {@link parseDebianVersion} on untrusted input).
 */
export function compareDebianVersions(a: string | DebianVersion, b: string | DebianVersion): VersionOrder {
  if (a === b) return 0;
  if (typeof a === 'string' && typeof b === 'string' && fastSplit(a, scratchA) && fastSplit(b, scratchB)) {
    if (scratchA.epoch !== scratchB.epoch) return scratchA.epoch < scratchB.epoch ? -1 : 1;
    let r = verrevcmp(a, scratchA.upStart, scratchA.upEnd, b, scratchB.upStart, scratchB.upEnd);
    if (r === 0) r = verrevcmp(a, scratchA.revStart, a.length, b, scratchB.revStart, b.length);
    return r < 0 ? -1 : r > 0 ? 1 : 0;
  }
  const va = toParsed(a);
  const vb = toParsed(b);
  if (va === null || vb === null) return va === vb ? 0 : va === null ? -1 : 1;
  if (va.epoch !== vb.epoch) return va.epoch < vb.epoch ? -1 : 1;
  const up = compareDebianVersionPart(va.upstream, vb.upstream);
  if (up !== 0) return up;
  return compareDebianVersionPart(va.revision, vb.revision);
}
