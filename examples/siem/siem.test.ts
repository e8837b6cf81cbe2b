// Runs the reference deployment as a newcomer would (`vigil serve`), posts MozDef's own demo events
// (shared/samples/mozdef-sample-events, from mozilla/MozDef, MPL-2.0) and finds them again.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const cli = join(dirname(require.resolve('@vigil/core/package.json')), 'dist', 'cli', 'vigil.js');
const samplesDir = [resolve(import.meta.dirname, '../../../shared/samples/mozdef-sample-events'), '/work/shared/samples/mozdef-sample-events'].find((d) => {
  try {
    return readdirSync(d).length > 0;
  } catch {
    return false;
  }
});

let server: ChildProcess;
let url: string;
let data: string;

beforeAll(async () => {
  data = mkdtempSync(join(tmpdir(), 'vigil-example-siem-'));
  server = spawn(process.execPath, [cli, 'serve', '--port', '0', '--data', data], { cwd: import.meta.dirname, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  url = await new Promise<string>((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`vigil serve did not start:\n${out}`)), 30_000);
    server.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/[^\s]+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolvePromise(match[1]!);
      }
    });
    server.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    server.on('exit', (code) => reject(new Error(`vigil serve exited with ${code}:\n${out}`)));
  });
});

afterAll(async () => {
  if (server.exitCode === null) {
    const exited = new Promise((r) => server.on('exit', r));
    server.kill('SIGTERM');
    await exited;
  }
  rmSync(data, { recursive: true, force: true });
});

describe('examples/siem: the reference deployment', { timeout: 120_000 }, () => {
  it('prints a curl line that works', async () => {
    const response = await fetch(`${url}/events`, {
      method: 'POST',
      body: JSON.stringify({ summary: 'Failed password for root from 203.0.113.9 port 52114 ssh2', hostname: 'web1', processname: 'sshd' }),
    });
    expect(response.status).toBe(200);
    const found = (await (await fetch(`${url}/api/search?q=hostname:web1`)).json()) as { total: number };
    expect(found.total).toBe(1);
  });

  it("ingests MozDef's demo events unchanged and finds them by field, phrase and time", async () => {
    expect(samplesDir, 'shared/samples/mozdef-sample-events must be beside the repo').toBeDefined();
    const events = readdirSync(samplesDir!)
      .filter((f) => f.endsWith('.json'))
      .flatMap((f) => {
        const parsed = JSON.parse(readFileSync(join(samplesDir!, f), 'utf8')) as unknown;
        return Array.isArray(parsed) ? parsed : [parsed];
      });
    const response = await fetch(`${url}/events`, { method: 'POST', body: JSON.stringify(events) });
    const body = (await response.json()) as { accepted: number; rejected: number };
    expect(body).toMatchObject({ accepted: events.length, rejected: 0 });
    const ldap = (await (await fetch(`${url}/api/search?q=${encodeURIComponent('"LDAP_INVALID_CREDENTIALS" AND category:authentication')}&size=100`)).json()) as {
      total: number;
    };
    expect(ldap.total).toBe(events.filter((e) => String((e as { summary?: string }).summary).includes('LDAP_INVALID_CREDENTIALS')).length);
    const since2014 = (await (await fetch(`${url}/api/search?from=2014-01-01T00:00:00Z&to=2014-12-31T23:59:59Z&size=0`)).json()) as { total: number };
    expect(since2014.total).toBeGreaterThan(0);
  });

  it('searches from the command line and validates its configuration', () => {
    const search = spawnSync(process.execPath, [cli, 'search', 'hostname:web1', '--url', url, '--json'], { encoding: 'utf8' });
    expect(search.status).toBe(0);
    expect((JSON.parse(search.stdout) as { total: number }).total).toBe(1);
    const valid = spawnSync(process.execPath, [cli, 'validate-config', join(import.meta.dirname, 'vigil.yaml')], { encoding: 'utf8' });
    expect(valid.stderr).toBe('');
    expect(valid.stdout).toMatch(/valid/);
    const badFile = join(data, 'bad.yaml');
    writeFileSync(badFile, 'server: { port: -1, nope: 1 }\nstore: { type: oracle }\n');
    const invalid = spawnSync(process.execPath, [cli, 'validate-config', badFile], { encoding: 'utf8' });
    expect(invalid.status).toBe(1);
    expect(invalid.stderr).toMatch(/3 problem\(s\)/);
  });
});
