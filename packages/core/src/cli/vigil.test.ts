// The `vigil` command as users run it: the built CLI in a child process, against real files and a real store.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const cli = resolve(import.meta.dirname, '../../dist/cli/vigil.js');
let dir: string;

function vigil(args: string[], input?: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', input, cwd: dir, timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  if (!existsSync(cli)) throw new Error(`build @vigil/core first: ${cli} is missing`);
  dir = mkdtempSync(join(tmpdir(), 'vigil-cli-'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('vigil CLI', { timeout: 120_000 }, () => {
  it('runs as the linked `vigil` executable, with the larger young generation its first line asks for', () => {
    const bin = resolve(import.meta.dirname, '../../bin/vigil.js');
    expect(readFileSync(bin, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env -S node --max-semi-space-size=64');
    // A preload prints V8's heap limit, which grows with the semi-space size: compare the bin run through its own
    // first line (as npm links it) with plain node.
    const probe = join(dir, 'heap-limit.cjs');
    writeFileSync(probe, "process.stderr.write('heap_size_limit=' + require('node:v8').getHeapStatistics().heap_size_limit + '\\n');");
    const env = { ...process.env, NODE_OPTIONS: `--require ${probe}` };
    const direct = spawnSync(bin, ['--version'], { encoding: 'utf8', env, timeout: 60_000 });
    expect(direct.status).toBe(0);
    expect(direct.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const plain = spawnSync(process.execPath, ['-e', ''], { encoding: 'utf8', env, timeout: 60_000 });
    const limit = (out: string): number => Number(/heap_size_limit=(\d+)/.exec(out)?.[1]);
    expect(limit(direct.stderr) - limit(plain.stderr)).toBeGreaterThanOrEqual(3 * 48 * 1024 * 1024);
  });

  it('ingests NDJSON from a file into a data directory, reporting refused lines, then searches it', () => {
    const file = join(dir, 'events.ndjson');
    writeFileSync(
      file,
      [
        JSON.stringify({ summary: 'Accepted publickey for alice', hostname: 'cli-host', timestamp: new Date().toISOString() }),
        JSON.stringify({ summary: 'Failed password for bob', hostname: 'cli-host', timestamp: new Date().toISOString() }),
        '{"summary": oops}',
        '',
      ].join('\n'),
    );
    const data = join(dir, 'data');
    const ingest = vigil(['ingest', file, '--data', data]);
    expect(ingest.stdout).toMatch(/sent 3, accepted 2, rejected 1/);
    expect(ingest.stdout).toMatch(/malformed JSON/);
    expect(ingest.status).toBe(1);

    const text = vigil(['search', 'hostname:cli-host AND Failed', '--data', data, '--since', '1h']);
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/cli-host .*Failed password for bob/);
    expect(text.stdout).toMatch(/1 of 1 event/);

    const json = vigil(['search', '', '--data', data, '--json']);
    expect((JSON.parse(json.stdout) as { total: number }).total).toBe(2);
  });

  it('ingests from standard input', () => {
    const data = join(dir, 'stdin-data');
    const result = vigil(['ingest', '-', '--data', data], '{"summary":"from stdin","hostname":"pipe"}\n');
    expect(result.stdout).toMatch(/accepted 1, rejected 0/);
    expect(result.status).toBe(0);
  });

  it('shows a bad query with a caret under the position', () => {
    const result = vigil(['search', 'hostname:(a OR', '--data', join(dir, 'data')]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/bad query/);
    expect(result.stderr).toMatch(/\^/);
  });

  it('validates configuration files, listing every error', () => {
    const good = join(dir, 'good.yaml');
    writeFileSync(good, 'server: { port: 9999 }\npackages: []\n');
    expect(vigil(['validate-config', good]).stdout).toMatch(/valid \(0 enrichment/);
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'server: { port: "x" }\nstore: { dataDir: "" }\npackages: []\nenrichment: [{ plugin: enrich:missing }]\n');
    const result = vigil(['validate-config', bad]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/2 problem\(s\)/);
    expect(result.stderr).toMatch(/\/server\/port/);
    expect(result.stderr).toMatch(/\/store\/dataDir/);
    const unknown = join(dir, 'unknown.yaml');
    writeFileSync(unknown, 'packages: []\nenrichment: [{ plugin: enrich:missing }]\n');
    expect(vigil(['validate-config', unknown]).stderr).toMatch(/no plugin named "enrich:missing"/);
  });

  it('archives a range, restores it elsewhere, and prunes old events', () => {
    const data = join(dir, 'archive-data');
    const file = join(dir, 'old.ndjson');
    writeFileSync(file, ['2020-01-01T00:00:00Z', '2020-01-02T00:00:00Z', new Date().toISOString()].map((t, i) => JSON.stringify({ summary: `e${i}`, timestamp: t })).join('\n'));
    expect(vigil(['ingest', file, '--data', data]).stdout).toMatch(/accepted 3/);
    const out = join(dir, 'archive-out');
    const archived = vigil(['archive', '--from', '2019-12-31T00:00:00Z', '--to', '2020-12-31T00:00:00Z', '--out', out, '--data', data]);
    expect(archived.stdout).toMatch(/archived 2 event\(s\) in 1 file/);
    const restored = vigil(['restore', out, '--data', join(dir, 'restored-data')]);
    expect(restored.stdout).toMatch(/restored 2, already present 0, failed 0/);
    expect(vigil(['prune', '--older-than', '30d', '--data', data]).stdout).toMatch(/deleted 2 event/);
    expect((JSON.parse(vigil(['search', '', '--data', data, '--json']).stdout) as { total: number }).total).toBe(1);
  });

  it('prints its version and help', () => {
    expect(vigil(['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const help = vigil(['--help']).stdout;
    for (const command of ['serve', 'search', 'ingest', 'validate-config', 'plugins', 'archive', 'restore', 'prune']) expect(help).toContain(command);
  });
});
