import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { filter, map, type Observable } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { VigilAlert } from '../alert/VigilAlert';
import { createDeadLetterFile } from '../deadletters/createDeadLetterFile';
import type { VigilEvent } from '../event/VigilEvent';
import type { CorrelationPlugin } from '../plugins/CorrelationPlugin';
import type { EnrichmentPlugin } from '../plugins/EnrichmentPlugin';
import type { ResponsePlugin } from '../plugins/ResponsePlugin';
import type { EventSink } from '../sinks/EventSink';
import type { EventStore } from '../stores/EventStore';
import { createSqliteStore } from '../stores/SqliteStore';
import { createPipeline } from './createPipeline';
import type { DeadLetter } from './DeadLetter';

let dir: string;
let store: EventStore;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-pipeline-'));
  store = createSqliteStore({ dataDir: dir });
  await store.start();
});

afterEach(async () => {
  await store.shutdown();
  rmSync(dir, { recursive: true, force: true });
});

const tagger = (name: string, priority?: number): EnrichmentPlugin => ({
  name,
  ...(priority === undefined ? {} : { priority }),
  registration: ['*'],
  enrich: (event) => {
    event.tags.push(name);
    return event;
  },
});

function alertFor(rule: string, event: VigilEvent): VigilAlert {
  return {
    id: `${rule}-${event.id}`,
    utctimestamp: new Date().toISOString(),
    severity: 'WARNING',
    summary: `${rule} on ${event.hostname}`,
    category: 'test',
    tags: [],
    events: [{ id: event.id, event }],
    count: 1,
    rule: { id: rule, name: rule },
  };
}

describe('createPipeline', () => {
  it('normalizes, runs enrichment in priority order (stable for equal priorities) and stores durably', async () => {
    const pipeline = createPipeline({
      store,
      enrichment: [tagger('enrich:c', 60), tagger('enrich:a', 10), tagger('enrich:b1'), tagger('enrich:b2')],
    });
    await pipeline.start();
    expect(pipeline.describe().enrichment.map((p) => p.name)).toEqual(['enrich:a', 'enrich:b1', 'enrich:b2', 'enrich:c']);
    const result = await pipeline.ingest([{ summary: 'hello world', hostname: 'web1' }, { message: 'second', host: 'db1' }], 'test');
    expect(result).toMatchObject({ accepted: 2, rejected: 0 });
    const found = await store.search({ query: 'hostname:web1' });
    expect(found.total).toBe(1);
    expect(found.hits[0]!.tags).toEqual(['enrich:a', 'enrich:b1', 'enrich:b2', 'enrich:c']);
    expect(found.hits[0]!.plugins).toEqual(['enrich:a', 'enrich:b1', 'enrich:b2', 'enrich:c']);
    expect((await store.search({ query: 'hostname:db1' })).hits[0]!.summary).toBe('second');
    await pipeline.shutdown();
  });

  it('dead-letters what cannot be normalized, with the reason, and keeps the rest of the batch', async () => {
    const letters: DeadLetter[] = [];
    const pipeline = createPipeline({ store, deadLetterSink: createDeadLetterFile(join(dir, 'dl.ndjson')) });
    pipeline.deadLetters$.subscribe((d) => letters.push(d));
    await pipeline.start();
    const result = await pipeline.ingest([42, { summary: 'good' }, 'text', null], 'test');
    expect(result.accepted).toBe(1);
    expect(result.items.map((i) => i.ok)).toEqual([false, true, false, false]);
    expect(letters).toHaveLength(3);
    expect(letters.every((d) => d.stage === 'normalize' && d.reason.length > 0 && d.source === 'test')).toBe(true);
    const onDisk = readFileSync(join(dir, 'dl.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as DeadLetter);
    expect(onDisk.map((d) => d.payload)).toEqual([42, 'text', null]);
    await pipeline.shutdown();
  });

  it('isolates a throwing plugin: that event is dead-lettered with the plugin name and id, the stream goes on', async () => {
    const letters: DeadLetter[] = [];
    const bomb: EnrichmentPlugin = {
      name: 'enrich:bomb',
      registration: (e) => e.summary.includes('boom'),
      enrich: () => {
        throw new Error('kaboom');
      },
    };
    const pipeline = createPipeline({ store, enrichment: [bomb, tagger('enrich:after')] });
    pipeline.deadLetters$.subscribe((d) => letters.push(d));
    await pipeline.start();
    const first = await pipeline.ingest([{ summary: 'boom here' }, { summary: 'calm' }], 'test');
    expect(first.items[0]).toMatchObject({ ok: false, code: 'PLUGIN_FAILED' });
    expect(first.items[1]).toMatchObject({ ok: true });
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({ stage: 'enrich', plugin: 'enrich:bomb', code: 'PLUGIN_FAILED' });
    expect(letters[0]!.eventId).toBe((letters[0]!.payload as VigilEvent).id);
    expect(letters[0]!.reason).toContain('kaboom');
    const second = await pipeline.ingest([{ summary: 'still calm' }], 'test');
    expect(second.accepted).toBe(1);
    expect((await store.search({})).total).toBe(2);
    await pipeline.shutdown();
  });

  it('lists each plugin that ran once, also when the plugin recorded itself', async () => {
    const selfMarking: EnrichmentPlugin = {
      name: 'enrich:self',
      registration: ['*'],
      enrich: (event) => {
        (event.plugins ??= []).push('enrich:self');
        return event;
      },
    };
    const pipeline = createPipeline({ store, enrichment: [tagger('enrich:first', 10), selfMarking, tagger('enrich:last', 90)] });
    await pipeline.start();
    await pipeline.ingest([{ summary: 'marked', plugins: ['upstream:shipper'] }], 'test');
    const [event] = (await store.search({ query: 'summary:marked' })).hits;
    expect(event!.plugins).toEqual(['upstream:shipper', 'enrich:first', 'enrich:self', 'enrich:last']);
    await pipeline.shutdown();
  });

  it('lets plugins drop and split events; split children get distinct deterministic ids', async () => {
    const splitter: EnrichmentPlugin = {
      name: 'enrich:split',
      registration: ['records'],
      enrich: (event) => {
        const records = event.details['records'] as string[];
        return records.map((r) => ({ ...event, details: { record: r }, summary: r }));
      },
    };
    const dropper: EnrichmentPlugin = { name: 'enrich:drop', registration: ['noise'], enrich: () => null };
    const pipeline = createPipeline({ store, enrichment: [splitter, dropper, tagger('enrich:tail')] });
    await pipeline.start();
    const result = await pipeline.ingest(
      [
        { id: 'parent-1', summary: 'batch', details: { records: ['r1', 'r2', 'r3'] } },
        { summary: 'drop me', category: 'noise' },
      ],
      'test',
    );
    expect(result.accepted).toBe(2);
    const stored = await store.search({ sort: 'asc' });
    expect(stored.hits.map((e) => e.id).sort()).toEqual(['parent-1:0', 'parent-1:1', 'parent-1:2']);
    expect(stored.hits.every((e) => e.tags.includes('enrich:tail'))).toBe(true);
    // Re-delivering the same input writes nothing new: the ids are deterministic.
    await pipeline.ingest([{ id: 'parent-1', summary: 'batch', details: { records: ['r1', 'r2', 'r3'] } }], 'test');
    expect((await store.search({})).total).toBe(3);
    await pipeline.shutdown();
  });


  it('reports a failure to the right input item across batches and splits', async () => {
    const splitter: EnrichmentPlugin = {
      name: 'enrich:split',
      registration: ['records'],
      enrich: (event) => (event.details['records'] as string[]).map((r) => ({ ...event, details: { record: r }, summary: r })),
    };
    const bomb: EnrichmentPlugin = {
      name: 'enrich:bomb',
      registration: (e) => e.summary === 'bad record',
      enrich: () => {
        throw new Error('kaboom');
      },
    };
    const refusing: EventSink = {
      name: 'sink:refuse-some',
      async write(events) {
        const failed = events.flatMap((e, index) => (e.summary === 'refuse me' ? [{ index, id: e.id, reason: 'no' }] : []));
        return { written: events.length - failed.length, duplicates: 0, failed };
      },
    };
    const pipeline = createPipeline({ store, sinks: [refusing], enrichment: [splitter, bomb], batchSize: 3 });
    await pipeline.start();
    // Inputs 0–7 span three batches of three; 4 is split and one of its children fails, 7 is refused by the sink.
    const inputs: unknown[] = Array.from({ length: 8 }, (_, i) => ({ summary: `fine ${i}` }));
    inputs[4] = { id: 'parent-4', summary: 'split me', details: { records: ['good record', 'bad record'] } };
    inputs[6] = 'not an object';
    inputs[7] = { summary: 'refuse me' };
    const result = await pipeline.ingest(inputs, 'test');
    expect(result.items.map((item) => (item.ok ? 'ok' : item.code))).toEqual([
      'ok',
      'ok',
      'ok',
      'ok',
      'PLUGIN_FAILED',
      'ok',
      'NOT_AN_OBJECT',
      'SINK_REFUSED',
    ]);
    expect(result.accepted).toBe(5);
    await pipeline.shutdown();
  });
  it('runs asynchronous plugins and matches MozDef registration terms on keys and values', async () => {
    const seen: string[] = [];
    const asyncPlugin: EnrichmentPlugin = {
      name: 'enrich:async',
      registration: ['sshd'],
      enrich: async (event) => {
        await new Promise((r) => setTimeout(r, 5));
        seen.push(event.summary);
        event.details['async'] = true;
        return event;
      },
    };
    const pipeline = createPipeline({ store, enrichment: [asyncPlugin] });
    await pipeline.start();
    await pipeline.ingest([{ summary: 'a', processname: 'sshd' }, { summary: 'b', processname: 'cron' }, { summary: 'c', details: { SSHD: 1 } }], 'test');
    expect(seen.sort()).toEqual(['a', 'c']);
    expect((await store.search({ query: '_exists_:details.async' })).total).toBe(2);
    await pipeline.shutdown();
  });

  it('applies backpressure: with a slow sink, ingest waits instead of buffering without bound', async () => {
    let release!: () => void;
    let gate = new Promise<void>((r) => (release = r));
    let written = 0;
    const slow: EventSink = {
      name: 'sink:slow',
      async write(events) {
        await gate;
        written += events.length;
        return { written: events.length, duplicates: 0, failed: [] };
      },
    };
    const pipeline = createPipeline({ store, sinks: [slow], maxInFlight: 10, batchSize: 10, sinkConcurrency: 1 });
    await pipeline.start();
    const batch = () => Array.from({ length: 10 }, (_, i) => ({ summary: `e${i}` }));
    let secondAdmitted = false;
    let normalizedBatches = 0;
    pipeline.metrics$.pipe(filter((m) => m.stage === 'normalize')).subscribe(() => normalizedBatches++);
    const first = pipeline.ingest(batch(), 'test');
    const second = pipeline.ingest(batch(), 'test').then((r) => {
      secondAdmitted = true;
      return r;
    });
    await new Promise((r) => setTimeout(r, 50));
    // Only the first batch was admitted; the second waits for capacity.
    expect(normalizedBatches).toBe(1);
    expect(secondAdmitted).toBe(false);
    release();
    gate = Promise.resolve();
    await Promise.all([first, second]);
    expect(written).toBe(20);
    expect(normalizedBatches).toBe(2);
    await pipeline.shutdown();
  });

  it('turns durable events into alerts, stores them, tags the source events and feeds response plugins; failures are isolated', async () => {
    const letters: DeadLetter[] = [];
    const alerts: VigilAlert[] = [];
    const responded: string[] = [];
    let throws = 1;
    const rule: CorrelationPlugin = {
      name: 'alerts:root',
      correlate: (events$: Observable<VigilEvent>) =>
        events$.pipe(
          filter((e) => e.summary.includes('root')),
          map((e) => {
            if (e.summary.includes('crash') && throws-- > 0) throw new Error('rule bug');
            return alertFor('root-login', e);
          }),
        ),
    };
    const failing: ResponsePlugin = {
      name: 'respond:failing',
      respond: () => {
        throw new Error('webhook down');
      },
    };
    const recorder: ResponsePlugin = { name: 'respond:recorder', respond: (a) => void responded.push(a.id) };
    const pipeline = createPipeline({ store, correlation: [rule], response: [failing, recorder] });
    pipeline.deadLetters$.subscribe((d) => letters.push(d));
    pipeline.alerts$.subscribe((a) => alerts.push(a));
    await pipeline.start();
    await pipeline.ingest([{ id: 'e1', summary: 'root crash' }], 'test');
    await pipeline.ingest([{ id: 'e2', summary: 'root login' }, { id: 'e3', summary: 'user login' }], 'test');
    await pipeline.shutdown();
    expect(alerts.map((a) => a.id)).toEqual(['root-login-e2']);
    expect(responded).toEqual(['root-login-e2']);
    expect(letters.map((d) => [d.stage, d.plugin])).toEqual(
      expect.arrayContaining([
        ['correlate', 'alerts:root'],
        ['respond', 'respond:failing'],
      ]),
    );
    expect((await store.searchAlerts({})).hits.map((a) => a.id)).toEqual(['root-login-e2']);
    expect((await store.search({ query: 'tags:"root-login"' })).hits.map((e) => e.id)).toEqual(['e2']);
  });

  it('refuses ingest before start and after shutdown; shutdown is safe twice', async () => {
    const pipeline = createPipeline({ store });
    await expect(pipeline.ingest([{}], 'test')).rejects.toThrow(/start\(\)/);
    await pipeline.start();
    await pipeline.shutdown();
    await pipeline.shutdown();
    await expect(pipeline.ingest([{}], 'test')).rejects.toMatchObject({ code: 'PIPELINE_NOT_RUNNING' });
  });
});

describe('createPipeline: validation after enrichment', () => {
  it('dead-letters an event a plugin broke, blaming that plugin', async () => {
    const letters: DeadLetter[] = [];
    const breaker: EnrichmentPlugin = {
      name: 'enrich:breaker',
      registration: (e) => e.summary === 'break me',
      enrich: (e) => ({ ...e, severity: 'LOUD' as never }),
    };
    const pipeline = createPipeline({ store, enrichment: [breaker] });
    pipeline.deadLetters$.subscribe((d) => letters.push(d));
    await pipeline.start();
    const result = await pipeline.ingest([{ summary: 'break me' }, { summary: 'leave me' }], 'test');
    expect(result.items[0]).toMatchObject({ ok: false, code: 'INVALID_EVENT' });
    expect(result.items[1]).toMatchObject({ ok: true });
    expect(letters[0]).toMatchObject({ stage: 'validate', plugin: 'enrich:breaker' });
    expect(letters[0]!.reason).toMatch(/severity/);
    await pipeline.shutdown();
  });

  it('needs a store or a sink', () => {
    expect(() => createPipeline({})).toThrow(/store or at least one sink/);
  });
});
