import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePath } from '../../test/fixtures/modules';
import { fixtureRunner, targetOnlyVerifier } from '../../test/fixtures/runtime';
import { createAgent } from '../agent/Agent';
import type { Agent } from '../agent/Agent';
import { loadModules } from '../module/loadModules';
import type { ModuleRegistry } from '../module/ModuleRegistry';
import type { ModuleRunner } from '../module/ModuleRunner';
import { createInProcessBroker } from '../transport/InProcessBroker';
import { createAgentDirectory } from './AgentDirectory';
import { createInvestigator } from './Investigator';
import type { InvestigationProgress } from './Investigator';
import { parseDuration } from './parseDuration';
import { formatProgress, renderInvestigation } from './renderInvestigation';

let runner: ModuleRunner;
let registry: ModuleRegistry;
let dir: string;
const agents: Agent[] = [];

beforeAll(async () => {
  runner = await fixtureRunner({ concurrency: 2 });
  registry = await loadModules({ specifier: fixturePath, exportName: 'allModules' });
  dir = await mkdtemp(join(tmpdir(), 'vigil-investigator-'));
});
afterAll(async () => {
  for (const a of agents) await a.stop();
  await runner.close();
  await rm(dir, { recursive: true, force: true });
});

describe('parseDuration', () => {
  it('parses MIG-style expiries', () => {
    expect(parseDuration('10m')).toBe(600_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('2.5s')).toBe(2500);
    for (const bad of ['', '10', 'm', '-5m', '0s', '10 minutes']) expect(parseDuration(bad), bad).toBeUndefined();
  });
});

describe('AgentDirectory', () => {
  it('forgets agents that stopped sending heartbeats', () => {
    const directory = createAgentDirectory({ staleAfterMs: 1000 });
    const env = (id: string) => ({ id, hostname: id, os: 'linux', arch: 'x64', addresses: [], tags: {}, version: '1', pid: 1, starttime: '' });
    directory.update({ agent: env('old'), heartbeattime: '' }, 0);
    directory.update({ agent: env('new'), heartbeattime: '' }, 1500);
    expect(directory.live(2000).map((a) => a.environment.id)).toEqual(['new']);
    expect(directory.size()).toBe(2);
    expect(directory.get('old')?.lastSeen).toBe(0);
  });
});

describe('Investigator', () => {
  it('selects live agents by target, dispatches, collects and renders', async () => {
    const broker = createInProcessBroker();
    const hosts = [
      { id: 'web-1', tags: { env: 'prod', role: 'web' } },
      { id: 'web-2', tags: { env: 'prod', role: 'web' } },
      { id: 'db-1', tags: { env: 'prod', role: 'db' } },
      { id: 'dev-1', tags: { env: 'dev', role: 'web' } },
    ];
    for (const h of hosts) {
      const home = join(dir, h.id);
      await mkdir(home);
      if (h.id !== 'web-2') await writeFile(join(home, 'backdoor.sh'), '#!/bin/sh\n');
      const agent = createAgent({ transport: broker.agentTransport(), verifier: targetOnlyVerifier, runner, environment: { id: h.id, hostname: `${h.id}.example`, tags: h.tags } });
      await agent.start();
      agents.push(agent);
    }
    const investigator = createInvestigator({ transport: broker.investigatorTransport(), signer: async (a) => a, registry });
    await investigator.start();
    expect((await investigator.discover(50)).map((a) => a.id).sort()).toEqual(['db-1', 'dev-1', 'web-1', 'web-2']);
    expect(investigator.select('tags.env == "prod" && tags.role == "web"').map((a) => a.id).sort()).toEqual(['web-1', 'web-2']);
    expect(() => investigator.select('tags.env ==')).toThrow(/position 11/);
    expect(() => investigator.buildAction({ name: 'bad', target: 'true', operations: [{ module: 'ls', parameters: { dir: 1 } }] })).toThrow(/\/dir must be string/);

    // Each agent looks in its own directory: operations are per agent here, so send one action per host.
    const progress: InvestigationProgress[] = [];
    const action = investigator.buildAction({
      name: 'find backdoor',
      target: 'tags.env == "prod"',
      operations: [{ module: 'ls', parameters: { dir, name: '^(web|db)-1$' } }],
      expiresInMs: 60_000,
    });
    expect(Date.parse(action.expireafter as string) - Date.parse(action.validfrom as string)).toBe(60_000);
    const report = await investigator.run(action, { onProgress: (p) => progress.push(p) });
    expect(report.selected.map((a) => a.id).sort()).toEqual(['db-1', 'web-1', 'web-2']);
    expect(report.missing).toEqual([]);
    expect(report.progress).toEqual({ done: 3, total: 3, found: 3, failed: 0, timedOut: 0 });
    expect(progress.at(-1)).toEqual({ done: 3, total: 3, found: 3, failed: 0, timedOut: 0 });
    expect(report.results.every((r) => JSON.stringify(r.results[0]?.result.elements) === '["db-1","web-1"]')).toBe(true);
    const text = renderInvestigation(report, { registry, show: 'found' });
    expect(text).toContain('web-1.example (web-1) success, found');
    expect(text).toContain('ls: found: ["db-1","web-1"]');
    expect(text.split('\n').at(-1)).toBe('3/3 done, 3 found, 0 failed, 0 timed out');

    const perHost = await investigator.run(
      investigator.buildAction({ name: 'stat backdoor', target: 'true', operations: [{ module: 'stat', parameters: { paths: [join(dir, 'web-2', 'backdoor.sh'), join(dir, 'web-1', 'backdoor.sh')] } }] }),
      { agents: investigator.select('tags.role == "web"') },
    );
    expect(perHost.progress).toMatchObject({ total: 3, done: 3, found: 3 });
    expect(renderInvestigation(perHost, { registry, show: 'found' })).toContain(`stat: ${join(dir, 'web-1', 'backdoor.sh')} 10 bytes`);
    await investigator.close();
  });

  it('reports agents that do not answer and refusals', async () => {
    const broker = createInProcessBroker();
    const agent = createAgent({ transport: broker.agentTransport(), verifier: targetOnlyVerifier, runner, environment: { id: 'lonely', tags: { env: 'dev' } } });
    await agent.start();
    agents.push(agent);
    const investigator = createInvestigator({ transport: broker.investigatorTransport(), signer: async (a) => a });
    await investigator.start();
    await investigator.discover(20);
    const ghost = { ...agent.environment, id: 'ghost', hostname: 'ghost' };
    const action = investigator.buildAction({ name: 'prod only', target: 'tags.env == "prod"', operations: [{ module: 'stat', parameters: { paths: ['/'] } }] });
    const report = await investigator.run(action, { agents: [agent.environment, ghost], timeoutMs: 1500 });
    expect(report.missing).toEqual(['ghost']);
    expect(report.progress).toEqual({ done: 1, total: 2, found: 0, failed: 1, timedOut: 1 });
    expect(report.results[0]).toMatchObject({ status: 'refused', code: 'TARGET_MISMATCH' });
    const text = renderInvestigation(report, { show: 'all' });
    expect(text).toContain('(lonely) refused: TARGET_MISMATCH target tags.env == "prod" does not match this agent');
    expect(text).toContain('ghost did not answer in time');
    expect(formatProgress(report.progress)).toBe('1/2 done, 0 found, 1 failed, 1 timed out');
    await investigator.close();
  });
});
