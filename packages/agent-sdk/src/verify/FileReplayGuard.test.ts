import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openFileReplayGuard } from './FileReplayGuard';

const t = (seconds: number): Date => new Date(Date.UTC(2026, 0, 1) + seconds * 1000);
const dir = mkdtempSync(join(tmpdir(), 'vigil-replay-'));
let n = 0;
const journal = (): string => join(dir, `journal-${n++}`);
const mounts: string[] = [];

afterAll(() => {
  for (const m of mounts) execFileSync('umount', [m]);
  rmSync(dir, { recursive: true, force: true });
});

describe('openFileReplayGuard', () => {
  it('refuses, after a restart, a copy of an action accepted before it', () => {
    const path = journal();
    const first = openFileReplayGuard({ path, now: t(0) });
    expect(first.admit('vigil:a', t(600), t(0))).toBe('admitted');
    expect(first.admit('vigil:a', t(600), t(1))).toBe('replayed');
    first.close();
    const second = openFileReplayGuard({ path, now: t(10) });
    expect(second.has('vigil:a', t(10))).toBe(true);
    expect(second.admit('vigil:a', t(600), t(10))).toBe('replayed');
    expect(second.admit('vigil:b', t(600), t(10))).toBe('admitted');
    second.close();
    expect(readFileSync(path, 'utf8')).toBe(`${t(600).getTime()} "vigil:a"\n${t(600).getTime()} "vigil:b"\n`);
  });

  it('starts empty without a journal, and forgets on opening what has expired', () => {
    const path = journal();
    expect(existsSync(path)).toBe(false);
    const first = openFileReplayGuard({ path, now: t(0) });
    expect(existsSync(path)).toBe(true);
    expect(first.size).toBe(0);
    first.admit('short', t(60), t(0));
    first.admit('long', t(6000), t(0));
    first.close();
    const later = openFileReplayGuard({ path, now: t(120) });
    expect(later.size).toBe(1);
    expect(later.has('long', t(120))).toBe(true);
    expect(later.admit('short', t(600), t(120))).toBe('admitted');
    later.close();
    // The journal was rewritten with the live key only, then appended to.
    expect(readFileSync(path, 'utf8').split('\n').filter(Boolean)).toEqual([`${t(6000).getTime()} "long"`, `${t(600).getTime()} "short"`]);
  });

  it('keeps keys with spaces, quotes and newlines on one line each', () => {
    const path = journal();
    const odd = ['vigil:a b', 'vigil:"q"', 'vigil:line\nbreak', 'vigil:ünïcode'];
    const g = openFileReplayGuard({ path, now: t(0) });
    for (const key of odd) expect(g.admit(key, t(600), t(0))).toBe('admitted');
    g.close();
    expect(readFileSync(path, 'utf8').split('\n').filter(Boolean)).toHaveLength(4);
    const again = openFileReplayGuard({ path, now: t(1) });
    for (const key of odd) expect(again.admit(key, t(600), t(1))).toBe('replayed');
    again.close();
  });

  it('drops an append a crash cut short, and refuses to start on a damaged journal', () => {
    const path = journal();
    writeFileSync(path, `${t(600).getTime()} "kept"\n${t(600).getTime()} "cut sh`);
    const g = openFileReplayGuard({ path, now: t(0) });
    expect(g.has('kept', t(0))).toBe(true);
    expect(g.size).toBe(1);
    g.close();
    expect(readFileSync(path, 'utf8')).toBe(`${t(600).getTime()} "kept"\n`);

    const damaged = journal();
    writeFileSync(damaged, `${t(600).getTime()} "one"\nnot a journal line\n${t(600).getTime()} "two"\n`);
    expect(() => openFileReplayGuard({ path: damaged, now: t(0) })).toThrow(/damaged at line 2/);
    // Nothing was rewritten: the evidence stays as it was.
    expect(readFileSync(damaged, 'utf8')).toContain('not a journal line');
  });

  it('fails to open with a clear error where the journal cannot be written', () => {
    expect(() => openFileReplayGuard({ path: join(dir, 'no', 'such', 'dir', 'journal') })).toThrow(/cannot lock the replay journal .*ENOENT/);
  });

  it('is locked while open: a second agent cannot share it, a dead one does not keep it', () => {
    const path = journal();
    const first = openFileReplayGuard({ path, now: t(0) });
    expect(readFileSync(`${path}.lock`, 'utf8')).toBe(`${process.pid}\n`);
    expect(() => openFileReplayGuard({ path, now: t(0) })).toThrow(new RegExp(`in use by process ${process.pid}`));
    first.close();
    expect(existsSync(`${path}.lock`)).toBe(false);
    // A lock left by a process that is gone (an agent killed -9) is taken over.
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(`${path}.lock`, `${dead.stdout}\n`);
    const second = openFileReplayGuard({ path, now: t(0) });
    expect(readFileSync(`${path}.lock`, 'utf8')).toBe(`${process.pid}\n`);
    second.close();
    // A journal that fails to open gives its lock back.
    writeFileSync(path, 'damaged\n');
    expect(() => openFileReplayGuard({ path })).toThrow(/damaged at line 1/);
    expect(existsSync(`${path}.lock`)).toBe(false);
  });

  it('rewrites itself while running so the file stays near the live keys', () => {
    const path = journal();
    const g = openFileReplayGuard({ path, now: t(0) });
    // 3,000 actions, each valid for 10 s, one per second: about 10 are live at any time.
    for (let i = 0; i < 3000; i++) expect(g.admit(`k${i}`, t(i + 10), t(i))).toBe('admitted');
    const lines = readFileSync(path, 'utf8').split('\n').filter(Boolean).length;
    expect(lines).toBeGreaterThanOrEqual(g.size);
    expect(lines).toBeLessThanOrEqual(1001 + 11);
    g.close();
    const again = openFileReplayGuard({ path, now: t(2999) });
    for (let i = 2990; i < 3000; i++) expect(again.admit(`k${i}`, t(i + 10), t(2999))).toBe('replayed');
    expect(again.admit('k2980', t(2990), t(2999))).toBe('admitted');
    again.close();
  });

  it("answers 'unrecorded' when the key cannot reach the disk, and once closed", () => {
    // A 16 KiB tmpfs fills up for real: appends then fail with ENOSPC.
    const small = join(dir, 'small');
    mkdirSync(small);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16k', 'tmpfs', small]);
    mounts.push(small);
    const path = join(small, 'journal');
    const g = openFileReplayGuard({ path, now: t(0) });
    const filler = join(small, 'filler');
    let full = false;
    for (let i = 0; i < 64 && !full; i++) {
      try {
        appendFileSync(filler, Buffer.alloc(1024, 1));
      } catch {
        full = true;
      }
    }
    expect(full).toBe(true);
    const big = `vigil:${'x'.repeat(8192)}`;
    expect(g.admit(big, t(600), t(0))).toBe('unrecorded');
    // Still refused as a replay while this process runs.
    expect(g.admit(big, t(600), t(1))).toBe('replayed');
    rmSync(filler);
    expect(g.admit('vigil:fits', t(600), t(2))).toBe('admitted');
    g.close();
    g.close();
    expect(g.admit('vigil:after', t(600), t(3))).toBe('unrecorded');
    expect(readFileSync(path, 'utf8')).toBe(`${t(600).getTime()} "vigil:fits"\n`);
  });
});
