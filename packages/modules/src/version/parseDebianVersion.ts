/** A Debian version split the way dpkg splits it: `[epoch:]upstream[-revision]`. */
export interface DebianVersion {
  /** Epoch, 0 when absent. */
  readonly epoch: number;
  /** Upstream version (may contain `-` and `:`, which dpkg allows when a revision / epoch is present). */
  readonly upstream: string;
  /** Debian revision, `''` when absent. */
  readonly revision: string;
}

/** Result of {@link parseDebianVersion}: the version and dpkg's warnings, or dpkg's refusal. */
export type ParseDebianVersionResult =
  | { readonly ok: true; readonly version: DebianVersion; readonly warnings: readonly string[] }
  | { readonly ok: false; readonly code: 'VERSION_INVALID'; readonly reason: string };

const INT_MAX = 2147483647;

function isBlank(c: string | undefined): boolean {
  return c === ' ' || c === '\t';
}

function isDigitChar(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

function isAlnumChar(c: string): boolean {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

function fail(reason: string): ParseDebianVersionResult {
  return { ok: false, code: 'VERSION_INVALID', reason };
}

/**
 * Parses a Debian version with dpkg's rules (`parseversion` in libdpkg): the same hard errors
 * (returned as `{ ok: false }`) and the same warnings (returned beside the version; dpkg still compares such versions).
 */
export function parseDebianVersion(input: string): ParseDebianVersionResult {
  if (input.length === 0) return fail('version string is empty');
  let start = 0;
  while (start < input.length && isBlank(input[start])) start++;
  let end = start;
  while (end < input.length && !isBlank(input[end])) end++;
  let after = end;
  while (after < input.length && isBlank(input[after])) after++;
  if (after < input.length) return fail('version string has embedded spaces');
  let rest = input.slice(start, end);

  let epoch = 0;
  const colon = rest.indexOf(':');
  if (colon !== -1) {
    // dpkg reads the epoch with strtol: an optional sign, then digits, which must end exactly at the colon.
    let k = 0;
    let negative = false;
    if (rest[k] === '+' || rest[k] === '-') {
      negative = rest[k] === '-';
      k++;
    }
    const digitsStart = k;
    while (isDigitChar(rest[k])) k++;
    if (k === digitsStart) return fail(colon === 0 ? 'epoch in version is empty' : 'epoch in version is not number');
    if (k !== colon) return fail('epoch in version is not number');
    const value = Number(rest.slice(digitsStart, k));
    if (negative && value !== 0) return fail('epoch in version is negative');
    if (value > INT_MAX) return fail('epoch in version is too big');
    if (colon + 1 >= rest.length) return fail('nothing after colon in version number');
    epoch = value;
    rest = rest.slice(colon + 1);
  }

  let upstream = rest;
  let revision = '';
  const hyphen = rest.lastIndexOf('-');
  if (hyphen !== -1) {
    upstream = rest.slice(0, hyphen);
    revision = rest.slice(hyphen + 1);
    if (revision.length === 0) return fail('revision number is empty');
  }
  if (upstream.length === 0) return fail('version number is empty');

  // Like dpkg, report only the first warning.
  const version: DebianVersion = { epoch, upstream, revision };
  if (!isDigitChar(upstream[0])) return { ok: true, version, warnings: ['version number does not start with digit'] };
  for (const c of upstream) {
    if (!isAlnumChar(c) && c !== '.' && c !== '-' && c !== '+' && c !== '~' && c !== ':') {
      return { ok: true, version, warnings: ['invalid character in version number'] };
    }
  }
  for (const c of revision) {
    if (!isAlnumChar(c) && c !== '.' && c !== '+' && c !== '~') {
      return { ok: true, version, warnings: ['invalid character in revision number'] };
    }
  }
  return { ok: true, version, warnings: [] };
}
