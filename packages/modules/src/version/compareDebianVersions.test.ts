import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compareDebianVersions } from './compareDebianVersions';
import { parseDebianVersion } from './parseDebianVersion';

/** Small deterministic PRNG (mulberry32) so the generated set is the same on every run. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = prng(20151231);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

const NUMBERS = ['0', '1', '2', '9', '10', '01', '001', '007', '100', '2015', '20151231', '0000'];
const WORDS = ['a', 'b', 'z', 'A', 'Z', 'rc', 'beta', 'alpha', 'ubuntu', 'deb', 'dfsg', 'git', 'pre', 'p'];
const SEPARATORS = ['.', '.', '.', '+', '~', '-', ':'];

function upstreamPart(allowHyphenColon: { hyphen: boolean; colon: boolean }): string {
  let s = pick(NUMBERS);
  const n = Math.floor(random() * 5);
  for (let k = 0; k < n; k++) {
    let sep = pick(SEPARATORS);
    if ((sep === '-' && !allowHyphenColon.hyphen) || (sep === ':' && !allowHyphenColon.colon)) sep = '.';
    if (random() < 0.25) s += pick(WORDS);
    else s += sep + (random() < 0.6 ? pick(NUMBERS) : pick(WORDS));
  }
  if (random() < 0.1) s += '~';
  if (random() < 0.05) s += '+';
  return s;
}

function revisionPart(): string {
  const r = random();
  if (r < 0.3) return '';
  if (r < 0.5) return pick(NUMBERS);
  let s = pick(NUMBERS);
  const n = 1 + Math.floor(random() * 3);
  for (let k = 0; k < n; k++) s += pick(['.', '+', '~', '']) + (random() < 0.5 ? pick(NUMBERS) : pick(WORDS));
  return s;
}

function version(): string {
  const epoch = random() < 0.3 ? pick(['0', '1', '2', '10', '01']) : '';
  const revision = revisionPart();
  const upstream = upstreamPart({ hyphen: revision !== '', colon: epoch !== '' });
  return (epoch ? `${epoch}:` : '') + upstream + (revision ? `-${revision}` : '');
}

/** A neighbour of v: one character changed, added or removed, kept only when dpkg would accept it. */
function mutate(v: string): string {
  for (let attempt = 0; attempt < 20; attempt++) {
    const at = Math.floor(random() * (v.length + 1));
    const ch = pick(['0', '1', '9', 'a', 'z', 'Z', '.', '+', '~', '~', '-']);
    const op = random();
    const out = op < 0.4 ? v.slice(0, at) + ch + v.slice(at + 1) : op < 0.8 ? v.slice(0, at) + ch + v.slice(at) : v.slice(0, at) + v.slice(at + 1);
    if (out !== '' && parseDebianVersion(out).ok) return out;
  }
  return v;
}

function generatePairs(count: number): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  // Hand-picked corners first: tildes, empty revisions, leading zeros, letters vs non-letters, epochs, warnings.
  const corners: Array<[string, string]> = [
    ['1.0~rc1', '1.0'], ['1.0~', '1.0'], ['1.0~~', '1.0~'], ['1.0~~a', '1.0~'], ['1.0', '1.0+'], ['1.0a', '1.0+'],
    ['1.0a', '1.0.'], ['1.0', '1.0-0'], ['1.0-0', '1.0-'.concat('00')], ['001', '1'], ['1:0', '0:9'], ['01:1', '1:1'],
    ['1.0', '1.00'], ['1.0', '1.0.0'], ['1.2.3', '1.2.3a'], ['a', 'b'], ['1a', '1A'], ['1.0ä', '1.0z'], ['1.0ä', '1.0+'],
    ['1:2:3', '1:2.3'], ['1.0-1-2', '1.0-1.2'], ['2.36-9+deb12u4', '2.36-9+deb12u10'], ['0', '0~'], ['1-1', '1-1~'],
  ];
  pairs.push(...corners);
  while (pairs.length < count) {
    const a = version();
    const b = random() < 0.65 ? mutate(a) : version();
    pairs.push([a, b]);
  }
  return pairs;
}

const OPERATOR = { [-1]: 'lt', 0: 'eq', 1: 'gt' } as const;

/** Asks the real dpkg whether `a <claimed> b` holds, one line of exit codes per pair, in `chunks` parallel shells. */
async function askDpkg(pairs: ReadonlyArray<readonly [string, string, -1 | 0 | 1]>, dir: string, chunks: number): Promise<number[]> {
  const size = Math.ceil(pairs.length / chunks);
  const runs: Array<Promise<number[]>> = [];
  for (let c = 0; c < chunks; c++) {
    const slice = pairs.slice(c * size, (c + 1) * size);
    const script = slice
      .map(([a, b, claim]) => `dpkg --compare-versions '${a}' ${OPERATOR[claim]} '${b}' 2>/dev/null; echo $?`)
      .join('\n');
    const file = join(dir, `chunk-${c}.sh`);
    writeFileSync(file, `${script}\n`);
    runs.push(
      new Promise((resolve, reject) => {
        const child = spawn('sh', [file], { stdio: ['ignore', 'pipe', 'inherit'] });
        let out = '';
        child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
        child.on('error', reject);
        child.on('close', (code) => (code === 0 ? resolve(out.trim().split('\n').map(Number)) : reject(new Error(`sh exited ${code}`))));
      }),
    );
  }
  return (await Promise.all(runs)).flat();
}

describe('compareDebianVersions against the real dpkg', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-dpkg-oracle-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('agrees with `dpkg --compare-versions` on 3000 generated pairs', async () => {
    const pairs = generatePairs(3000);
    for (const [a, b] of pairs) {
      expect(a.includes("'") || b.includes("'")).toBe(false);
    }
    const claims = pairs.map(([a, b]) => [a, b, compareDebianVersions(a, b)] as const);
    // Every outcome must be well represented, or the oracle proves little.
    for (const order of [-1, 0, 1] as const) {
      expect(claims.filter((c) => c[2] === order).length).toBeGreaterThan(100);
    }
    const codes = await askDpkg(claims, dir, 2);
    expect(codes.length).toBe(claims.length);
    const disagreements = claims
      .filter((_, k) => codes[k] !== 0)
      .map(([a, b, claim]) => `${a} ${OPERATOR[claim]} ${b}`);
    expect(disagreements).toEqual([]);
  });
});

describe('compareDebianVersions', () => {
  it('orders tilde before the end, the end before letters, letters before other characters', () => {
    const sorted = ['1.0~~', '1.0~~a', '1.0~', '1.0', '1.0a', '1.0+', '1.0.1'];
    const shuffled = [...sorted].reverse();
    expect(shuffled.sort(compareDebianVersions)).toEqual(sorted);
  });

  it('compares epochs numerically and treats a missing revision as empty', () => {
    expect(compareDebianVersions('1:1.0', '0:9.9')).toBe(1);
    expect(compareDebianVersions('10:1', '9:1')).toBe(1);
    expect(compareDebianVersions('1.0', '1.0-0')).toBe(0);
    expect(compareDebianVersions('0:1.0', '1.0')).toBe(0);
  });

  it('treats the empty version as "no version", below everything', () => {
    expect(compareDebianVersions('', '0')).toBe(-1);
    expect(compareDebianVersions('', '')).toBe(0);
  });

  it('throws for a version dpkg refuses', () => {
    expect(() => compareDebianVersions('1.0-', '1.0')).toThrow(/revision number is empty/);
  });
});

describe('parseDebianVersion', () => {
  it('splits epoch, upstream and revision at the first colon and last hyphen', () => {
    expect(parseDebianVersion('2:1.2-3-4')).toEqual({ ok: true, version: { epoch: 2, upstream: '1.2-3', revision: '4' }, warnings: [] });
    expect(parseDebianVersion(' 1.0 ')).toEqual({ ok: true, version: { epoch: 0, upstream: '1.0', revision: '' }, warnings: [] });
  });

  it.each([
    ['', 'version string is empty'],
    ['1.0 x', 'version string has embedded spaces'],
    [':1', 'epoch in version is empty'],
    ['a:1', 'epoch in version is not number'],
    ['-1:1', 'epoch in version is negative'],
    ['99999999999:1', 'epoch in version is too big'],
    ['1:', 'nothing after colon in version number'],
    ['1.0-', 'revision number is empty'],
    ['-1', 'version number is empty'],
  ])('refuses %j: %s', (input, reason) => {
    expect(parseDebianVersion(input)).toEqual({ ok: false, code: 'VERSION_INVALID', reason });
  });

  it.each([
    ['a1.0', 'version number does not start with digit'],
    ['1_0', 'invalid character in version number'],
    ['1.0-a_b', 'invalid character in revision number'],
  ])('warns about %j like dpkg: %s', (input, warning) => {
    const parsed = parseDebianVersion(input);
    expect(parsed.ok && parsed.warnings).toEqual([warning]);
  });
});
