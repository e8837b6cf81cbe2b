import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunBudget } from '../internal/RunBudget';
import { testContext } from '../internal/testContext';
import type { MemoryStatistics } from './MemoryParams';
import { memoryModule } from './memoryModule';
import { CHUNK_BYTES, scanProcessMemory } from './scanProcessMemory';

// The child builds its secrets byte by byte from a seed inside one 4 MiB buffer, so they exist nowhere
// else in its memory (not in its source, argv or environment): a header at offset 0 and a token that
// straddles the first 1 MiB chunk border, at CHUNK_BYTES - 5.
const seed = randomInt(1, 2 ** 30);
const tag = `vigil-memtest-${randomBytes(6).toString('hex')}`;
const letters = (salt: number, n: number): string =>
  Array.from({ length: n }, (_, i) => String.fromCharCode(97 + ((seed * (i + 7) + salt * 131 + i * i) % 26))).join('');
const header = `HDR${letters(1, 29)}`;
const token = `TOK${letters(2, 29)}`;
const absent = `TOK${letters(3, 29)}`;

const childCode = `
const seed = Number(process.argv[1]);
const letters = (salt, n) => { let s = ''; for (let i = 0; i < n; i++) s += String.fromCharCode(97 + ((seed * (i + 7) + salt * 131 + i * i) % 26)); return s; };
const big = Buffer.alloc(4 * 1024 * 1024);
const put = (at, prefix, salt) => { for (let i = 0; i < 3; i++) big[at + i] = prefix.charCodeAt(i); for (let i = 0; i < 29; i++) big[at + 3 + i] = 97 + ((seed * (i + 7) + salt * 131 + i * i) % 26); };
put(0, 'HDR', 1);
put(${CHUNK_BYTES - 5}, 'TOK', 2);
globalThis.keep = big;
process.stdout.write('ready\\n');
setInterval(() => big[100]++, 60000);
`;

let child: ChildProcess;

beforeAll(async () => {
  child = spawn(process.execPath, ['-e', childCode, String(seed), tag], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.stdout?.once('data', () => resolve());
  });
});

afterAll(async () => {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
});

describe('memoryModule on a live process', () => {
  it('finds a string held by a process chosen by name, with its pid', async () => {
    const r = await memoryModule.run({ searches: { s1: { names: [tag], contents: [token] } } }, testContext());
    expect(r.success).toBe(true);
    expect(r.foundanything).toBe(true);
    expect(r.elements.s1).toHaveLength(1);
    const [p] = r.elements.s1 ?? [];
    expect(p?.pid).toBe(child.pid);
    expect(p?.hits).toHaveLength(1);
    expect(p?.hits[0]?.pattern).toBe(token);
    expect(r.statistics.processes).toBe(1);
  });

  it('finds hex bytes by pid, and reports nothing for an absent string', async () => {
    const pid = child.pid ?? 0;
    const hex = Buffer.from(header, 'latin1').toString('hex');
    const found = await memoryModule.run({ searches: { s1: { pids: [pid], bytes: [hex] } } }, testContext());
    expect(found.elements.s1?.[0]?.hits).toHaveLength(1);
    const none = await memoryModule.run({ searches: { s1: { pids: [pid], contents: [absent] } } }, testContext());
    expect(none.success).toBe(true);
    expect(none.foundanything).toBe(false);
    expect(none.statistics.bytes).toBeGreaterThan(4 * 1024 * 1024);
    expect(memoryModule.render?.(none, 'notfound')).toContain('s1: nothing found');
  });

  it('matchall needs every pattern; matchany one of them', async () => {
    const pid = child.pid ?? 0;
    const all = await memoryModule.run({ searches: { s1: { pids: [pid], contents: [token, absent] } } }, testContext());
    expect(all.foundanything).toBe(false);
    const any = await memoryModule.run({ searches: { s1: { pids: [pid], contents: [token, absent], options: { matchany: true } } } }, testContext());
    expect(any.elements.s1?.[0]?.hits.map((h) => h.pattern)).toEqual([token]);
  });

  it('finds a match that straddles a chunk border exactly once', async () => {
    const pid = child.pid ?? 0;
    const head = await memoryModule.run({ searches: { s1: { pids: [pid], contents: [header] } } }, testContext());
    const start = Number(head.elements.s1?.[0]?.hits[0]?.address);
    expect(start).toBeGreaterThan(0);
    const stats: MemoryStatistics = { processes: 0, regions: 0, regionsSkipped: 0, regionsFailed: 0, bytes: 0, totalhits: 0, exectimeMs: 0 };
    const errors: string[] = [];
    const region = [{ start, end: start + 4 * 1024 * 1024, path: '' }];
    const limits = { offset: 0, maxlength: Number.MAX_SAFE_INTEGER, maxregionsize: 2 ** 30, matchlimit: 10 };
    const budget = new RunBudget(testContext());
    const byRegex = await scanProcessMemory(pid, region, [{ source: token, regex: new RegExp(token, 'g') }], limits, budget, stats, errors);
    const byBytes = await scanProcessMemory(pid, region, [{ source: 'tok', needle: Buffer.from(token, 'latin1') }], limits, budget, stats, errors);
    const expected = `0x${(start + CHUNK_BYTES - 5).toString(16)}`;
    expect(byRegex.hits.map((h) => h.address)).toEqual([expected]);
    expect(byBytes.hits.map((h) => h.address)).toEqual([expected]);
    expect(errors).toEqual([]);
    // Skipping past the token with offset finds nothing.
    const skipped = await scanProcessMemory(pid, region, [{ source: token, regex: new RegExp(token, 'g') }], { ...limits, offset: CHUNK_BYTES }, budget, stats, errors);
    expect(skipped.hits).toEqual([]);
  });

  it('returns bad parameters as values and reads MIG flags', async () => {
    const r = await memoryModule.run({ searches: { s1: { names: ['('], contents: ['x'] } } }, testContext());
    expect(r.success).toBe(false);
    expect(r.errors[0]).toMatch(/invalid regex/);
    expect(memoryModule.paramsFromFlags?.({ name: ['sshd'], content: ['root'], matchany: true })).toEqual({
      searches: { s1: { names: ['sshd'], contents: ['root'], options: { matchany: true } } },
    });
  });
});
