import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CorrelationContext, VigilAlert, VigilEvent } from '@vigil/core';
import { from, lastValueFrom, merge, toArray } from 'rxjs';
import { afterAll, describe, expect, it } from 'vitest';
import { makeEvent, sec } from '../internal/makeEvent';
import { loadRules } from './loadRules';
import { parseRules } from './parseRules';

const FIXTURES = join(import.meta.dirname, '../../fixtures/rules');
const ctx: CorrelationContext = { pluginName: 'test', gauge: () => undefined };
const tmp = mkdtempSync(join(tmpdir(), 'vigil-rules-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const runAll = async (plugins: ReturnType<typeof loadRules>, events: VigilEvent[]): Promise<VigilAlert[]> =>
  lastValueFrom(merge(...plugins.map((p) => p.correlate(from(events), ctx))).pipe(toArray()));

describe('loadRules', () => {
  it('loads Vigil YAML rules and Sigma rules (with a correlation) from a directory', async () => {
    const plugins = loadRules(FIXTURES);
    expect(plugins.map((p) => p.name)).toEqual(['alerts:many-users-per-ip', 'alerts:bro-intel', 'alerts:sigma']);
    const fail = (ip: string, user: string, s: number) => makeEvent({ at: sec(s), category: 'authentication', processname: 'sshd', details: { success: false, sourceipaddress: ip, username: user } });
    const events = [fail('9.9.9.9', 'a', 0), fail('9.9.9.9', 'b', 1), fail('9.9.9.9', 'c', 2), fail('9.9.9.9', 'd', 3), fail('9.9.9.9', 'e', 4), fail('8.8.8.8', 'a', 5)];
    const alerts = await runAll(plugins, events);
    const byRule = alerts.map((a) => a.rule.id).sort();
    // valueCount fires at 3 users; the Sigma correlation at 5 failures; the failed-login rule itself is silent.
    expect(byRule).toEqual(['0c1b5f6e-0000-4000-8000-000000000002', 'many-users-per-ip']);
    const sigma = alerts.find((a) => a.category === 'sigma')!;
    expect(sigma).toMatchObject({ severity: 'ERROR', count: 5, details: { key: '9.9.9.9' } });
    expect(alerts.find((a) => a.rule.id === 'many-users-per-ip')!.summary).toBe('9.9.9.9 tried a,b,c');
  });

  it('reports every problem of every document at once, with paths', () => {
    const bad = join(tmp, 'bad.yml');
    writeFileSync(
      bad,
      [
        'id: r1\ndetect:\n  type: threshold\n  count: 0\n  window: 2 minutes\n  extra: 1',
        'id: r2\nseverity: LOUD\ndetect:\n  type: teleport',
        'id: r3\ndetect:\n  type: match\n  where: "a:(b"',
        'id: r1\ndetect:\n  type: match\n  where: x',
      ].join('\n---\n'),
    );
    let message = '';
    try {
      loadRules(bad);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('bad.yml#1: /detect/count must be >= 1');
    expect(message).toContain('bad.yml#1: /detect/window must match pattern');
    expect(message).toContain("bad.yml#1: /detect must NOT have additional properties 'extra'");
    expect(message).toContain('bad.yml#2: /severity must be equal to one of the allowed values');
    expect(message).toContain('bad.yml#2: /detect/type must be equal to one of the allowed values');
    expect(message).toContain('bad.yml#3: rule r3: where: query "a:(b" is invalid');
    expect(message).not.toContain('bad.yml#4');
  });

  it('refuses duplicate ids', () => {
    expect(() => parseRules([{ text: 'id: a\ndetect: {type: match, where: x}\n---\nid: a\ndetect: {type: match, where: y}', origin: 'dup.yml' }])).toThrow(/rule id 'a' is already used by dup.yml#1/);
  });
});
