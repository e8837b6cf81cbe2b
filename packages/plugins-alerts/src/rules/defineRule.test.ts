import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPipeline, createSqliteStore, type CorrelationContext, type VigilAlert } from '@vigil/core';
import { firstValueFrom, from, lastValueFrom, map, NEVER, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { makeEvent, sec } from '../internal/makeEvent';
import { defineRule } from './defineRule';
import { parseRules } from './parseRules';

const ctx: CorrelationContext = { pluginName: 'test', gauge: () => undefined };

describe('defineRule', () => {
  it('turns detections into alerts with templated summaries, throttled per key', async () => {
    const rule = defineRule({
      id: 'many-fails',
      name: 'Many failures',
      severity: 'ERROR',
      category: 'bruteforce',
      tags: ['x'],
      summary: '{{key}}: {{count}} failures on {{event.hostname}}',
      throttle: '10m',
      detect: { type: 'threshold', where: 'details.success:false', groupBy: 'details.sourceipaddress', count: 3, window: '1m' },
    });
    expect(rule.name).toBe('alerts:many-fails');
    const events = Array.from({ length: 12 }, (_, i) => makeEvent({ at: sec(i), hostname: 'web1', details: { success: false, sourceipaddress: '1.2.3.4' } }));
    const alerts = await lastValueFrom(rule.correlate(from(events), ctx).pipe(toArray()));
    expect(alerts).toHaveLength(1); // 4 detections, 3 suppressed by the throttle
    expect(alerts[0]).toMatchObject({ summary: '1.2.3.4: 3 failures on web1', severity: 'ERROR', category: 'bruteforce', rule: { id: 'many-fails', name: 'Many failures' }, count: 3 });
    expect(rule.stats.suppressed).toBe(3);
  });

  it('fails at definition time naming the rule', () => {
    expect(() => defineRule({ id: 'bad', detect: { type: 'threshold', count: 2, window: 'soon' } })).toThrow(/rule bad: window: "soon" is not a duration/);
    expect(() => defineRule({ id: 'bad2', detect: { type: 'match', where: 'a:(' } })).toThrow(/rule bad2: where: query/);
    expect(() => defineRule({ id: 'no spaces', detect: { type: 'match', where: 'a' } })).toThrow(/rule id/);
  });

  it('valueAggregate: bytes sent per user over an hour, from TypeScript and from YAML', async () => {
    const rule = defineRule({
      id: 'exfil',
      summary: '{{key}} sent {{details.value}} bytes',
      detect: { type: 'valueAggregate', where: 'category:proxy', groupBy: 'details.username', field: 'details.bytes_sent', aggregate: 'sum', gt: 1_000_000, window: '1h' },
    });
    const upload = (user: string, bytes: number, s: number) => makeEvent({ at: sec(s), category: 'proxy', details: { username: user, bytes_sent: bytes } });
    const events = [upload('alice', 700_000, 0), upload('bob', 10, 1), upload('alice', 400_000, 60), makeEvent({ at: sec(61), category: 'dns', details: { username: 'bob', bytes_sent: 5_000_000 } })];
    const alerts = await lastValueFrom(rule.correlate(from(events), ctx).pipe(toArray()));
    expect(alerts.map((a) => a.summary)).toEqual(['alice sent 1100000 bytes']);
    const [yaml] = parseRules([{ text: 'id: avg\ndetect: {type: valueAggregate, groupBy: details.username, field: details.bytes_sent, aggregate: avg, gte: 500000, window: 1h}\n', origin: 'avg.yaml' }]);
    // alice's first upload alone averages 700,000; bob's 5 MB DNS event (no where here) lifts his to (10 + 5,000,000) / 2.
    expect((await lastValueFrom(yaml!.correlate(from(events), ctx).pipe(toArray()))).map((a) => a.details!['key'])).toEqual(['alice', 'bob']);
    expect(() => defineRule({ id: 'both', detect: { type: 'valueAggregate', field: 'x', aggregate: 'sum', gt: 1, gte: 1, window: '1m' } })).toThrow(/rule both: valueAggregate needs exactly one of gt and gte/);
    expect(() => defineRule({ id: 'nan', detect: { type: 'valueAggregate', field: 'x', aggregate: 'sum', gt: Number.NaN, window: '1m' } })).toThrow(/rule nan: .*threshold must be a finite number/);
    expect(() => parseRules([{ text: 'id: odd\ndetect: {type: valueAggregate, field: x, aggregate: median, gt: 1, window: 1m}\n', origin: 'odd.yaml' }])).toThrow(/odd\.yaml.*aggregate/s);
  });

  it('custom detectors: any operator from events to detections', async () => {
    const rule = defineRule({
      id: 'custom',
      detect: { type: 'custom', detect: (events) => events.pipe(map((e) => ({ key: e.hostname, events: [e], count: 1, firstTime: 0, lastTime: 0, details: {} }))) },
    });
    const alert = await firstValueFrom(rule.correlate(from([makeEvent({ hostname: 'h9' })]), ctx));
    expect(alert.summary).toBe('custom: h9 (1 events)');
  });
});

describe('scheduled query rules over a real SQLite store', () => {
  it('alerts per terms bucket at the threshold, and stops its timer on unsubscribe', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-sched-'));
    const store = createSqliteStore({ dataDir: dir });
    await store.start();
    const pipeline = createPipeline({ store, validate: false, onError: () => undefined });
    await pipeline.start();
    try {
      const now = Date.now();
      const fail = (ip: string, i: number) => ({ utctimestamp: new Date(now - 1000 * i).toISOString(), summary: `fail ${ip}`, hostname: 'h', category: 'authentication', processname: 'sshd', details: { success: false, sourceipaddress: ip } });
      await pipeline.ingest([...Array.from({ length: 4 }, (_, i) => fail('7.7.7.7', i)), fail('6.6.6.6', 1)], 'test');
      await store.flush();
      const rule = defineRule({
        id: 'sched',
        summary: '{{key}} failed {{count}} times',
        detect: { type: 'scheduled', query: 'category:authentication AND details.success:false', every: 100, lookback: '1h', threshold: 3, aggregate: { field: 'details.sourceipaddress' } },
      });
      const alert: VigilAlert = await firstValueFrom(rule.correlate(NEVER, { ...ctx, store }));
      expect(alert).toMatchObject({ summary: '7.7.7.7 failed 4 times', count: 4 });
      expect(alert.events).toHaveLength(4);
      // Without a store a scheduled rule emits nothing (and reports it) instead of failing the pipeline.
      const gauges: string[] = [];
      const sub = rule.correlate(NEVER, { pluginName: 'x', gauge: (n) => gauges.push(n) }).subscribe();
      sub.unsubscribe();
      expect(gauges).toEqual(['store_missing']);
    } finally {
      await pipeline.shutdown();
      await store.shutdown();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
