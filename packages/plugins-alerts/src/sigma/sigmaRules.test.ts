import type { CorrelationContext, VigilAlert, VigilEvent } from '@vigil/core';
import { from, lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { makeEvent, sec } from '../internal/makeEvent';
import { parseSigmaRules } from './parseSigmaRules';
import { sigmaRules } from './sigmaRules';

const ctx: CorrelationContext = { pluginName: 'test', gauge: () => undefined };
const BASE = `
title: Recon command
id: recon
name: recon
logsource: {product: linux, category: process_creation}
detection:
  selection:
    CommandLine|startswith: [whoami, id, uname]
  condition: selection
level: low
---
title: Download to tmp
id: download
name: download
logsource: {product: linux, category: process_creation}
detection:
  selection:
    CommandLine|contains|all: [curl, /tmp/]
  condition: selection
level: medium
`;
const exec = (user: string, cmdline: string, s: number, host = 'web1') => makeEvent({ at: sec(s), hostname: host, category: 'auditd', details: { syscall: 'execve', username: user, cmdline } });
const run = async (yaml: string, events: VigilEvent[], throttle: string | number = 0): Promise<VigilAlert[]> =>
  lastValueFrom(sigmaRules(parseSigmaRules(yaml), { throttle }).correlate(from(events), ctx).pipe(toArray()));
const correlation = (body: string) => `${BASE}---\ntitle: Corr\nid: corr\nlevel: critical\ncorrelation:\n${body}`;

describe('sigmaRules plugin', () => {
  it('alerts per matching rule with the rule level and tags, throttled per rule and host', async () => {
    const alerts = await run(BASE, [exec('a', 'whoami', 0), exec('a', 'id -u', 1), exec('a', 'ls', 2), exec('a', 'whoami', 3, 'web2')], '1m');
    expect(alerts.map((a) => `${a.rule.id}@${a.events[0]!.event.hostname}`)).toEqual(['recon@web1', 'recon@web2']);
    expect(alerts[0]).toMatchObject({ severity: 'NOTICE', category: 'sigma', rule: { name: 'Recon command' } });
  });

  it('event_count with group-by', async () => {
    const yaml = correlation('  type: event_count\n  rules: [recon]\n  group-by: [User]\n  timespan: 1m\n  condition: {gte: 3}');
    const alerts = await run(yaml, [exec('a', 'whoami', 0), exec('b', 'id', 1), exec('a', 'id', 2), exec('a', 'uname -a', 3)]);
    expect(alerts.map((a) => a.rule.id)).toEqual(['corr']);
    expect(alerts[0]).toMatchObject({ severity: 'CRITICAL', count: 3, details: { key: 'a' } });
  });

  it('value_count: distinct values of a field', async () => {
    const yaml = correlation('  type: value_count\n  rules: [recon]\n  group-by: [Hostname]\n  timespan: 5m\n  condition: {gte: 2, field: User}');
    const alerts = await run(yaml, [exec('a', 'whoami', 0), exec('a', 'id', 1), exec('b', 'id', 2)]);
    expect(alerts.map((a) => a.details!['key'])).toEqual(['web1']);
  });

  it('value_sum and value_avg: a numeric field summed or averaged per key over the timespan', async () => {
    const pull = (user: string, bytes: number | string, s: number) => makeEvent({ at: sec(s), hostname: 'web1', category: 'auditd', details: { syscall: 'execve', username: user, cmdline: 'curl http://x -o /tmp/p', bytes_out: bytes } });
    const events = [pull('a', 600_000, 0), pull('b', 900_000, 5), pull('a', '300000', 10), pull('a', 200_000, 20)];
    const sum = correlation('  type: value_sum\n  rules: [download]\n  group-by: [User]\n  timespan: 1h\n  condition: {field: bytes_out, gt: 1000000}');
    const alerts = await run(sum, events);
    expect(alerts.map((a) => a.rule.id)).toEqual(['corr']);
    expect(alerts[0]).toMatchObject({ severity: 'CRITICAL', count: 3, details: { key: 'a', aggregate: 'sum', value: 1_100_000, field: 'details.bytes_out' } });
    // The window is what counts: spread over two hours, the same uploads stay under the limit.
    expect(await run(sum, [pull('a', 600_000, 0), pull('a', 300_000, 3600), pull('a', 200_000, 7300)])).toEqual([]);
    const avg = correlation('  type: value_avg\n  rules: [download]\n  group-by: [User]\n  timespan: 1h\n  condition: {field: bytes_out, gte: 900000}');
    expect((await run(avg, events)).map((a) => a.details!['key'])).toEqual(['b']);
  });

  it('temporal (any order) and temporal_ordered (in order), with generate keeping base alerts', async () => {
    const events = [exec('a', 'curl http://x -o /tmp/p', 0), exec('a', 'whoami', 10)];
    const unordered = correlation('  type: temporal\n  rules: [recon, download]\n  group-by: [User]\n  timespan: 1m');
    expect((await run(unordered, events)).map((a) => a.rule.id)).toEqual(['corr']);
    const ordered = correlation('  type: temporal_ordered\n  rules: [recon, download]\n  group-by: [User]\n  timespan: 1m');
    expect(await run(ordered, events)).toEqual([]);
    expect((await run(ordered, [events[1]!, { ...events[0]!, utctimestamp: new Date(sec(20)).toISOString() }])).map((a) => a.rule.id)).toEqual(['corr']);
    const generating = `${ordered}\ngenerate: true`;
    expect((await run(generating, events)).map((a) => a.rule.id).sort()).toEqual(['download', 'recon']);
  });

  it('aliases: events of each rule group by their own field', async () => {
    // recon runs as the attacker; the download is logged with the attacker as parent user and a service account as user.
    const events = [exec('mallory', 'whoami', 0), makeEvent({ at: sec(5), hostname: 'web1', category: 'auditd', details: { syscall: 'execve', username: 'svc', parentuser: 'mallory', cmdline: 'curl http://x -o /tmp/p' } })];
    const byUser = correlation('  type: temporal\n  rules: [recon, download]\n  group-by: [User]\n  timespan: 1m');
    expect(await run(byUser, events)).toEqual([]);
    const aliased = correlation('  type: temporal\n  rules: [recon, download]\n  group-by: [actor, Hostname]\n  timespan: 1m\n  aliases:\n    actor:\n      recon: User\n      download: parentuser');
    const alerts = await run(aliased, events);
    expect(alerts.map((a) => a.rule.id)).toEqual(['corr']);
    expect(alerts[0]!.details!['key']).toBe('mallory|web1');
    expect(() => parseSigmaRules(correlation('  type: temporal\n  rules: [recon, download]\n  group-by: [actor]\n  timespan: 1m\n  aliases:\n    actor:\n      recon: User'))).toThrow(/alias 'actor' has no field for rule 'download'/);
    expect(() => parseSigmaRules(correlation('  type: temporal\n  rules: [recon, download]\n  group-by: [actor]\n  timespan: 1m\n  aliases:\n    actor:\n      recon: User\n      download: User\n      other: User'))).toThrow(/names rule 'other', which the correlation does not refer to/);
  });

  it('refuses correlation features it cannot run, naming the rule', () => {
    expect(() => parseSigmaRules(correlation('  type: event_count\n  rules: [recon]\n  timespan: 1m\n  condition: {lt: 3}'))).toThrow(/Sigma rule "Corr" \(corr\): condition operator 'lt'/);
    expect(() => parseSigmaRules(correlation('  type: event_count\n  rules: [recon]\n  timespan: 1m\n  fields: [x]\n  condition: {gte: 3}'))).toThrow(/feature 'correlation.fields'/);
    expect(() => parseSigmaRules(correlation('  type: value_percentile\n  rules: [recon]\n  timespan: 1m'))).toThrow(/correlation type 'value_percentile'/);
    expect(() => parseSigmaRules(correlation('  type: value_sum\n  rules: [recon]\n  timespan: 1m\n  condition: {gt: 5}'))).toThrow(/value_sum needs condition.field/);
    expect(() => parseSigmaRules(correlation('  type: value_avg\n  rules: [recon]\n  timespan: 1m\n  condition: {field: x, lte: 5}'))).toThrow(/condition operator 'lte'/);
    expect(() => parseSigmaRules(correlation('  type: event_count\n  rules: [nope]\n  timespan: 1m\n  condition: {gte: 1}'))).toThrow(/unknown rule 'nope'/);
    expect(() => parseSigmaRules('action: global\ntitle: x')).toThrow(/collections/);
  });
});
