import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testContext } from '../internal/testContext';
import type { FileSearch } from './FileParams';
import { fileModule } from './fileModule';

let root: string;

async function search(s: Omit<FileSearch, 'paths'> & { paths?: string[] }) {
  return fileModule.run({ searches: { s1: { paths: [root], ...s } } }, testContext());
}

function files(result: Awaited<ReturnType<typeof search>>, label = 's1'): string[] {
  return (result.elements[label] ?? []).map((m) => m.file.slice(root.length + 1)).sort();
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'vigil-file-'));
  mkdirSync(join(root, 'etc/ssh'), { recursive: true });
  mkdirSync(join(root, 'var/log'), { recursive: true });
  writeFileSync(join(root, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/sh\n');
  writeFileSync(join(root, 'etc/ssh/sshd_config'), 'Port 22\r\nPermitRootLogin yes\r\nPasswordAuthentication no\r\n');
  writeFileSync(join(root, 'etc/hosts'), '127.0.0.1 localhost\n::1 localhost\n');
  writeFileSync(join(root, 'var/log/big.log'), 'x'.repeat(20_000));
  writeFileSync(join(root, 'var/log/app.log'), 'started\nERROR disk full\n');
  writeFileSync(join(root, 'var/log/old.log'), 'nothing to see\n');
  utimesSync(join(root, 'var/log/old.log'), new Date('2020-01-01'), new Date('2020-01-01'));
  writeFileSync(join(root, 'var/log/rotated.log'), 'secret token=abc123\nother\n');
  execFileSync('gzip', ['-n', join(root, 'var/log/rotated.log')]);
  writeFileSync(join(root, 'etc/suid-tool'), '#!/bin/sh\n');
  chmodSync(join(root, 'etc/suid-tool'), 0o4755);
  // A directory symlink loop and a link to a file.
  symlinkSync(root, join(root, 'var/loop'));
  symlinkSync(join(root, 'etc/hosts'), join(root, 'hosts-link'));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('fileModule', () => {
  it('finds files by name regex, with negation', async () => {
    const r = await search({ names: ['\\.log$'] });
    expect(r.success).toBe(true);
    expect(r.foundanything).toBe(true);
    expect(files(r)).toEqual(['var/log/app.log', 'var/log/big.log', 'var/log/old.log']);
    const neg = await search({ names: ['!\\.log$'], paths: [join(root, 'var/log')] });
    expect(files(neg)).toEqual(['var/log/rotated.log.gz']);
  });

  it('returns metadata, never content', async () => {
    const r = await search({ names: ['^passwd$'] });
    const [m] = r.elements.s1 ?? [];
    expect(m).toBeDefined();
    expect(Object.keys(m ?? {}).sort()).toEqual(['file', 'mode', 'mtime', 'size']);
    expect(m?.size).toBe(71);
    expect(m?.mode).toMatch(/^-rw/);
    expect(JSON.stringify(r)).not.toContain('alice');
  });

  it('matches content per line, strips CR, and honours ! on content', async () => {
    expect(files(await search({ contents: ['^PermitRootLogin yes$'] }))).toEqual(['etc/ssh/sshd_config']);
    const without = await search({ names: ['^(passwd|hosts|sshd_config)$'], contents: ['!localhost'] });
    expect(files(without)).toEqual(['etc/passwd', 'etc/ssh/sshd_config']);
  });

  it('matchall needs every content regex; macroal needs them on one line', async () => {
    const all = await search({ contents: ['^root:', 'alice'] });
    expect(files(all)).toEqual(['etc/passwd']);
    const same = await search({ contents: ['^root:', 'alice'], options: { macroal: true } });
    expect(files(same)).toEqual([]);
    const oneLine = await search({ contents: ['^alice:', '/bin/sh$'], options: { macroal: true } });
    expect(files(oneLine)).toEqual(['etc/passwd']);
  });

  it('matchany accepts a file matching any filter', async () => {
    const r = await search({ names: ['^hosts$'], contents: ['ERROR'], options: { matchany: true } });
    expect(files(r)).toEqual(['etc/hosts', 'var/log/app.log']);
  });

  it('mismatch inverts the named filter', async () => {
    const r = await search({ paths: [join(root, 'var/log')], names: ['\\.log$'], contents: ['ERROR'], options: { mismatch: ['content'] } });
    expect(files(r)).toEqual(['var/log/big.log', 'var/log/old.log']);
  });

  it('filters on size, mode and mtime', async () => {
    expect(files(await search({ sizes: ['>10k'] }))).toEqual(['var/log/big.log']);
    expect(files(await search({ names: ['\\.log$'], sizes: ['<1k'] }))).toEqual(['var/log/app.log', 'var/log/old.log']);
    expect(files(await search({ modes: ['^u'] }))).toEqual(['etc/suid-tool']);
    expect(files(await search({ mtimes: ['>365d'] }))).toEqual(['var/log/old.log']);
    const recent = files(await search({ names: ['\\.log$'], mtimes: ['<1h'] }));
    expect(recent).toEqual(['var/log/app.log', 'var/log/big.log']);
  });

  it('checks hashes and returns sha256 as sha256sum computes it', async () => {
    const passwd = join(root, 'etc/passwd');
    const oracle = execFileSync('sha256sum', [passwd]).toString().split(' ')[0] ?? '';
    const md5 = execFileSync('md5sum', [passwd]).toString().split(' ')[0] ?? '';
    const byMd5 = await search({ md5: [md5.toUpperCase()], options: { returnsha256: true } });
    expect(files(byMd5)).toEqual(['etc/passwd']);
    expect(byMd5.elements.s1?.[0]?.sha256).toBe(oracle);
    expect(files(await search({ md5: [md5], options: { macroal: true } }))).toEqual(['etc/passwd']);
    const bySha3 = execFileSync('openssl', ['dgst', '-sha3-256', '-r', passwd]).toString().split(' ')[0] ?? '';
    expect(files(await search({ sha3_256: [bySha3] }))).toEqual(['etc/passwd']);
    expect(files(await search({ sha256: ['0'.repeat(64)] }))).toEqual([]);
  });

  it('reads gzip files only with decompress', async () => {
    expect(files(await search({ contents: ['token=abc'] }))).toEqual([]);
    expect(files(await search({ contents: ['token=abc'], options: { decompress: true } }))).toEqual(['var/log/rotated.log.gz']);
  });

  it('never follows directory symlinks but inspects links to files', async () => {
    const r = await search({ names: ['^hosts'] });
    expect(files(r)).toEqual(['etc/hosts', 'hosts-link']);
    expect(r.statistics.dirscount).toBe(5);
  });

  it('honours maxdepth and matchlimit', async () => {
    expect(files(await search({ names: ['.'], options: { maxdepth: 0 } }))).toEqual(['hosts-link']);
    expect(files(await search({ names: ['^(passwd|hosts|sshd_config)$'], options: { maxdepth: 1 } }))).toEqual(['etc/hosts', 'etc/passwd']);
    const limited = await search({ names: ['.'], options: { matchlimit: 2 } });
    expect(limited.elements.s1).toHaveLength(2);
  });

  it('finds a match on a line longer than the read buffer without loading the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-file-long-'));
    try {
      writeFileSync(join(dir, 'long.txt'), `${'a'.repeat(200_000)}NEEDLE${'b'.repeat(200_000)}\nshort\n`);
      const r = await fileModule.run({ searches: { s1: { paths: [dir], contents: ['aNEEDLEb'] } } }, testContext());
      expect(r.elements.s1).toHaveLength(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('returns bad parameters and unreadable paths as values', async () => {
    const bad = await search({ names: ['(unclosed'] });
    expect(bad.success).toBe(false);
    expect(bad.errors[0]).toMatch(/search "s1": name: invalid regex/);
    const missing = await fileModule.run({ searches: { s1: { paths: [join(root, 'nope')], names: ['x'] } } }, testContext());
    expect(missing.success).toBe(true);
    expect(missing.statistics.openfailed).toBe(1);
    expect(missing.errors[0]).toMatch(/ENOENT/);
  });

  it('stops when the signal is aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const r = await fileModule.run({ searches: { s1: { paths: [root], names: ['.'] } } }, testContext(20_000, controller.signal));
    expect(r.success).toBe(false);
    expect(r.errors).toContain('aborted: the run was cancelled');
    const late = await fileModule.run({ searches: { s1: { paths: [root], names: ['.'] } } }, testContext(-1));
    expect(late.success).toBe(false);
    expect(late.errors).toContain('stopped: the deadline passed');
  });

  it('sees an abort that arrives while it walks', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-file-abort-'));
    try {
      for (let d = 0; d < 5; d++) {
        mkdirSync(join(dir, `d${d}`));
        for (let f = 0; f < 5; f++) writeFileSync(join(dir, `d${d}`, `f${f}`), 'x\n');
      }
      const controller = new AbortController();
      // Aborts from the event loop: only seen because the module yields to it while it works.
      setImmediate(() => controller.abort());
      const r = await fileModule.run({ searches: { s1: { paths: [dir], contents: ['y'], sha1: ['0'.repeat(40)], options: { matchany: true } } } }, testContext(20_000, controller.signal));
      expect(r.success).toBe(false);
      expect(r.errors).toContain('aborted: the run was cancelled');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('builds params from MIG-style flags and renders results', async () => {
    const params = fileModule.paramsFromFlags?.({
      path: [root], name: ['^passwd$'], content: ['^root'], sha2: ['a'.repeat(64)], matchany: true, maxdepth: 4, returnsha256: true,
    });
    expect(params).toEqual({
      searches: { s1: { paths: [root], names: ['^passwd$'], contents: ['^root'], sha256: ['a'.repeat(64)], options: { maxdepth: 4, matchany: true, returnsha256: true } } },
    });
    const r = await fileModule.run(params ?? { searches: {} }, testContext());
    const lines = fileModule.render?.(r, 'found') ?? [];
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/etc\/passwd \[s1\] size=71 mode=-rw.* sha256=[0-9a-f]{64}$/);
    expect(() => fileModule.paramsFromFlags?.({ name: ['x'] })).toThrow(/-path/);
  });
});
