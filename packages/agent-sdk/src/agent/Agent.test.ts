import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureRunner, targetOnlyVerifier } from '../../test/fixtures/runtime';
import type { ModuleRunner } from '../module/ModuleRunner';
import { createInProcessBroker } from '../transport/InProcessBroker';
import type { ActionResult } from './ActionResult';
import { createAgent } from './Agent';
import type { Heartbeat } from './Heartbeat';

let runner: ModuleRunner;
let dir: string;

beforeAll(async () => {
  runner = await fixtureRunner({ concurrency: 2 });
  dir = await mkdtemp(join(tmpdir(), 'vigil-agent-'));
});
afterAll(async () => {
  await runner.close();
  await rm(dir, { recursive: true, force: true });
});

const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();

function collector() {
  const results: ActionResult[] = [];
  const heartbeats: Heartbeat[] = [];
  const waiters: Array<() => void> = [];
  return {
    results,
    heartbeats,
    listener: {
      result: (r: ActionResult) => {
        results.push(r);
        for (const w of waiters.splice(0)) w();
      },
      heartbeat: (h: Heartbeat) => {
        heartbeats.push(h);
        for (const w of waiters.splice(0)) w();
      },
    },
    async until(check: () => boolean) {
      while (!check()) await new Promise<void>((r) => waiters.push(r));
    },
  };
}

describe('Agent', () => {
  it('describes its environment and evaluates targets against it', () => {
    const broker = createInProcessBroker();
    const agent = createAgent({ transport: broker.agentTransport(), verifier: targetOnlyVerifier, runner, environment: { id: 'web-1', tags: { env: 'prod' } } });
    expect(agent.environment).toMatchObject({ id: 'web-1', os: process.platform, arch: process.arch, pid: process.pid, tags: { env: 'prod' } });
    expect(agent.matchesTarget(`os == "${process.platform}" && tags.env == "prod"`)).toBe(true);
    expect(agent.matchesTarget('tags.env == "dev"')).toBe(false);
    expect(agent.matchesTarget('os ==')).toBe(false);
    expect(() => createAgent({ transport: broker.agentTransport(), verifier: targetOnlyVerifier, runner, environment: { id: '../etc' } })).toThrow(/agent id/);
  });

  it('runs verified operations in workers and answers through the transport', async () => {
    const planted = join(dir, 'planted.txt');
    await writeFile(planted, 'evil');
    const broker = createInProcessBroker();
    const seen = collector();
    const investigator = broker.investigatorTransport();
    await investigator.connect(seen.listener);
    const agent = createAgent({ transport: broker.agentTransport(), verifier: targetOnlyVerifier, runner, environment: { id: 'a1', tags: { env: 'prod' } } });
    await agent.start();
    await seen.until(() => seen.heartbeats.length === 1);
    expect(seen.heartbeats[0]?.agent.id).toBe('a1');
    const compressed = gzipSync(JSON.stringify({ dir, name: '^planted' })).toString('base64');
    await investigator.sendAction(['a1'], {
      id: 'act-1',
      name: 'find planted',
      target: 'tags.env == "prod"',
      expireafter: inAnHour(),
      operations: [
        { module: 'stat', parameters: { paths: [planted] } },
        { module: 'ls', parameters: compressed, is_compressed: true },
      ],
    });
    await seen.until(() => seen.results.length === 1);
    const result = seen.results[0] as ActionResult;
    expect(result).toMatchObject({ actionid: 'act-1', agentid: 'a1', status: 'success', foundanything: true });
    expect(result.results.map((r) => r.module)).toEqual(['stat', 'ls']);
    expect(result.results[0]?.result.elements).toEqual([{ path: planted, size: 4, isFile: true }]);
    expect(result.results[1]?.result.elements).toEqual(['planted.txt']);
    await investigator.discover();
    await seen.until(() => seen.heartbeats.length === 2);
    await agent.stop();
    await agent.stop();
  });

  it('answers refused, expired and failed actions without running them or dying', async () => {
    const broker = createInProcessBroker();
    const agent = createAgent({ transport: broker.agentTransport(), verifier: targetOnlyVerifier, runner, environment: { id: 'a2', tags: { env: 'dev' } } });
    const base = { id: 'x', name: 'n', expireafter: inAnHour(), operations: [{ module: 'throws', parameters: {} }] };
    expect(await agent.handle({ ...base, target: 'tags.env == "prod"' })).toMatchObject({ status: 'refused', code: 'TARGET_MISMATCH', results: [] });
    expect(await agent.handle({ ...base, target: 'true', expireafter: new Date(Date.now() - 1000).toISOString() })).toMatchObject({ status: 'expired', code: 'EXPIRED' });
    expect(await agent.handle({ ...base, target: 'true', operations: [{ module: 'forbidden' }] })).toMatchObject({ status: 'refused', code: 'ACL_DENIED' });
    const crashed = await agent.handle({ ...base, target: 'true', operations: [{ module: 'throws', parameters: {} }, { module: 'stat', parameters: { paths: [dir] } }] });
    expect(crashed).toMatchObject({ status: 'failed', foundanything: true, reason: 'throws: module throws failed: module exploded' });
    const badParams = await agent.handle({ ...base, target: 'true', operations: [{ module: 'stat', parameters: { paths: 3 } }] });
    expect(badParams.status).toBe('failed');
    expect(badParams.reason).toMatch(/\/paths must be array/);
    const verifierBug = createAgent({ transport: broker.agentTransport(), verifier: () => Promise.reject(new Error('boom')), runner, environment: { id: 'a3' } });
    expect(await verifierBug.handle(base)).toMatchObject({ status: 'refused', code: 'VERIFIER_ERROR', actionid: 'x' });
  });

  it('checks in once: handles what waits in its queue, then disconnects', async () => {
    const broker = createInProcessBroker();
    const seen = collector();
    const investigator = broker.investigatorTransport();
    await investigator.connect(seen.listener);
    const actions = [1, 2, 3].map((n) => ({ id: `once-${n}`, name: 'n', target: 'true', expireafter: inAnHour(), operations: [{ module: 'hash', parameters: { path: join(dir, `missing-${n}`) } }] }));
    for (const action of actions) await investigator.sendAction(['sleeper'], action);
    expect(broker.pending('sleeper')).toBe(3);
    const agent = createAgent({ transport: broker.agentTransport(), verifier: targetOnlyVerifier, runner, environment: { id: 'sleeper' } });
    expect(await agent.checkIn()).toBe(3);
    expect(broker.pending('sleeper')).toBe(0);
    await seen.until(() => seen.results.length === 3);
    expect(seen.results.map((r) => r.actionid)).toEqual(['once-1', 'once-2', 'once-3']);
    expect(seen.results.every((r) => r.status === 'success' && !r.foundanything && r.results[0]?.result.errors[0]?.includes('ENOENT'))).toBe(true);
  });

  it('produces compliance items for compliance actions', async () => {
    const broker = createInProcessBroker();
    const agent = createAgent({ transport: broker.agentTransport(), verifier: targetOnlyVerifier, runner, environment: { id: 'c1', hostname: 'host-c1' } });
    const file = join(dir, 'policy.conf');
    await writeFile(file, 'PermitRootLogin no\n');
    const result = await agent.handle({
      id: 'c',
      name: 'compliance check',
      target: 'true',
      threat: { family: 'compliance', level: 'high' },
      description: { url: 'https://policy.example/ssh' },
      operations: [
        { module: 'lines', parameters: { path: file, required: ['PermitRootLogin no', 'PasswordAuthentication no'] } },
        { module: 'hash', parameters: { path: file } },
      ],
    });
    expect(result.status).toBe('success');
    expect(result.compliance).toHaveLength(2);
    expect(result.compliance?.map((c) => [c.check.ref, c.compliance, c.target, c.policy.level, c.policy.name, c.link])).toEqual([
      ['line1', true, 'host-c1', 'high', 'compliance check', 'https://policy.example/ssh'],
      ['line2', false, 'host-c1', 'high', 'compliance check', 'https://policy.example/ssh'],
    ]);
    const plain = await agent.handle({ id: 'p', name: 'p', target: 'true', operations: [{ module: 'lines', parameters: { path: file, required: ['x'] } }] });
    expect(plain.compliance).toBeUndefined();
  });
});
