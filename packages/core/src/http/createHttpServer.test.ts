import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { filter, map } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVigil, type VigilInstance } from '../app/startVigil';
import type { PluginCatalog } from '../config/PluginCatalog';
import type { VigilEvent } from '../event/VigilEvent';

let dir: string;
let vigil: VigilInstance;

const catalog: PluginCatalog = {
  enrichment: {
    'enrich:explode': () => ({
      name: 'enrich:explode',
      registration: (e: VigilEvent) => e.summary === 'explode',
      enrich: () => {
        throw new Error('exploded on purpose');
      },
    }),
  },
  correlation: {
    'alerts:canary': () => ({
      name: 'alerts:canary',
      correlate: (events$, ctx) => {
        ctx.gauge('live_keys', 3);
        return events$.pipe(
          filter((e) => e.summary.includes('canary')),
          map((e) => ({
            id: `canary-${e.id}`,
            utctimestamp: new Date().toISOString(),
            severity: 'WARNING' as const,
            summary: `canary seen on ${e.hostname}`,
            category: 'test',
            tags: [],
            events: [{ id: e.id, event: e }],
            count: 1,
            rule: { id: 'canary', name: 'canary' },
          })),
        );
      },
    }),
  },
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vigil-http-'));
  vigil = await startVigil(
    {
      server: { port: 0, maxBodyBytes: 48 * 1024 * 1024 },
      store: { dataDir: dir },
      enrichment: [{ plugin: 'enrich:explode' }],
      correlation: [{ plugin: 'alerts:canary' }],
    },
    { catalogs: [catalog] },
  );
});

afterAll(async () => {
  await vigil.shutdown();
  rmSync(dir, { recursive: true, force: true });
});

async function post(path: string, body: string | Buffer, contentType = 'application/json'): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${vigil.url}${path}`, { method: 'POST', body, headers: { 'content-type': contentType } });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

async function search(q: string): Promise<{ total: number; hits: VigilEvent[] }> {
  const response = await fetch(`${vigil.url}/api/search?q=${encodeURIComponent(q)}&size=1000`);
  expect(response.status).toBe(200);
  return (await response.json()) as { total: number; hits: VigilEvent[] };
}

async function stillServing(): Promise<void> {
  const response = await fetch(`${vigil.url}/status`);
  expect(response.status).toBe(200);
  expect(((await response.json()) as { status: string }).status).toBe('ok');
}

describe('HTTP ingest (MozDef loginput compatible)', () => {
  it('POST /events takes one event or an array, answers once stored, and search finds them', async () => {
    const one = await post('/events', JSON.stringify({ summary: 'single event', hostname: 'h-single', details: { k: 'v1' } }));
    expect(one).toMatchObject({ status: 200, json: { accepted: 1, rejected: 0 } });
    const many = await post('/events/', JSON.stringify([{ summary: 'arr one', hostname: 'h-arr' }, { summary: 'arr two', hostname: 'h-arr' }]));
    expect(many.json).toMatchObject({ accepted: 2 });
    expect((await search('hostname:h-single')).hits[0]!.details).toMatchObject({ k: 'v1' });
    expect((await search('hostname:h-arr')).total).toBe(2);
  });

  it('POST /nxlog takes NDJSON', async () => {
    const body = ['{"Message":"nx one","Hostname":"h-nx"}', '', '{"Message":"nx two","Hostname":"h-nx"}'].join('\n');
    const res = await post('/nxlog', body, 'text/plain');
    expect(res.json).toMatchObject({ accepted: 2, rejected: 0 });
    expect((await search('hostname:h-nx')).total).toBe(2);
  });

  it('POST /_bulk skips action lines, answers in the Elasticsearch bulk shape, and _id makes retries idempotent', async () => {
    const body =
      [
        '{"index":{"_index":"events","_id":"bulk-1"}}',
        '{"summary":"bulk one","hostname":"h-bulk"}',
        '{"create":{}}',
        '{"summary":"bulk two","hostname":"h-bulk"}',
        '{"delete":{"_id":"x"}}',
        '{"index":{}}',
        '{"summary": broken',
      ].join('\n') + '\n';
    const res = await post('/_bulk', body, 'application/x-ndjson');
    expect(res.status).toBe(200);
    const items = res.json['items'] as Array<Record<string, { status: number; _id: string | null; error?: { reason: string } }>>;
    expect(res.json['errors']).toBe(true);
    expect(items).toHaveLength(4);
    expect(items[0]!['index']).toMatchObject({ status: 201, _id: 'bulk-1' });
    expect(items[1]!['create']!.status).toBe(201);
    expect(items[2]!['delete']!.status).toBe(400);
    expect(items[3]!['index']!.status).toBe(400);
    expect(items[3]!['index']!.error!.reason).toMatch(/JSON/);
    await post('/_bulk', '{"index":{"_id":"bulk-1"}}\n{"summary":"bulk one","hostname":"h-bulk"}\n', 'application/x-ndjson');
    expect((await search('hostname:h-bulk')).total).toBe(2);
  });

  it('reports a plugin failure for that item only (207) and dead-letters it durably', async () => {
    const res = await post('/events', JSON.stringify([{ summary: 'explode', hostname: 'h-x' }, { summary: 'fine', hostname: 'h-x' }]));
    expect(res.status).toBe(207);
    expect(res.json).toMatchObject({ accepted: 1, rejected: 1 });
    expect((res.json['errors'] as Array<{ index: number; code: string }>)[0]).toMatchObject({ index: 0, code: 'PLUGIN_FAILED' });
    expect((await search('hostname:h-x')).hits.map((e) => e.summary)).toEqual(['fine']);
    const letters = readFileSync(join(dir, 'dead-letters.ndjson'), 'utf8');
    expect(letters).toContain('enrich:explode');
  });

  it('streams alerts over SSE and lists them in /api/alerts', async () => {
    const received = new Promise<string>((resolve, reject) => {
      const req = httpRequest(`${vigil.url}/api/alerts/stream`, (res) => {
        expect(res.headers['content-type']).toContain('text/event-stream');
        // The server subscribes before it answers, so an event posted now is surely seen by this stream.
        void post('/events', JSON.stringify({ id: 'canary-event', summary: 'a canary sings', hostname: 'mine' }));
        let buffer = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          const match = /event: alert\ndata: (.*)\n\n/.exec(buffer);
          if (match) {
            req.destroy();
            resolve(match[1]!);
          }
        });
      });
      req.on('error', reject);
      req.end();
    });
    const alert = JSON.parse(await received) as { id: string; summary: string };
    expect(alert).toMatchObject({ id: 'canary-canary-event', summary: 'canary seen on mine' });
    const listed = (await (await fetch(`${vigil.url}/api/alerts?q=rule.id:canary`)).json()) as { total: number };
    expect(listed.total).toBe(1);
    // Alert fields are read as alert fields (count is top-level on an alert, not details.count).
    const counted = (await (await fetch(`${vigil.url}/api/alerts?q=${encodeURIComponent('count:>=1 AND severity:WARNING')}`)).json()) as { total: number };
    expect(counted.total).toBe(1);
  });

  it('serves Prometheus metrics with per-source and per-plugin counters', async () => {
    const text = await (await fetch(`${vigil.url}/metrics`)).text();
    expect(text).toMatch(/vigil_events_received_total\{source="http"\} \d+/);
    expect(text).toMatch(/vigil_plugin_events_total\{plugin="enrich:explode",outcome="failed"\} [1-9]/);
    expect(text).toMatch(/vigil_dead_letters_total\{[^}]*stage="enrich"/);
    expect(text).toContain('vigil_stage_duration_seconds_bucket');
    expect(text).toMatch(/vigil_correlation_state\{plugin="alerts:canary",name="live_keys"\} 3/);
  });

  it('answers a bad query with 400 and the position', async () => {
    const response = await fetch(`${vigil.url}/api/search?q=${encodeURIComponent('hostname:(a OR')}`);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { position: number }).position).toBeGreaterThanOrEqual(0);
  });
});

describe('HTTP ingest: bad input never takes the server down', () => {
  it('malformed JSON → 400 with the position', async () => {
    const res = await post('/events', '{"summary": "x",, }');
    expect(res.status).toBe(400);
    expect(res.json['message']).toMatch(/position \d+/);
    expect(res.json['position']).toBeTypeOf('number');
    await stillServing();
  });

  it('a body over the limit → 413', async () => {
    const res = await post('/events', Buffer.alloc(49 * 1024 * 1024, 0x20));
    expect(res.status).toBe(413);
    expect(res.json['message']).toMatch(/limit/);
    await stillServing();
  });

  it('nesting 10,000 deep → 400, and the valid events of the same request are stored', async () => {
    const deep = '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000);
    const single = await post('/events', `{"summary":"deep","details":${deep}}`);
    expect(single.status).toBe(400);
    const mixed = await post('/events', `[{"summary":"deep","details":${deep}},{"summary":"shallow","hostname":"h-deep"}]`);
    expect(mixed.status).toBe(207);
    expect((mixed.json['errors'] as Array<{ index: number; code: string }>)[0]).toMatchObject({ index: 0, code: 'TOO_DEEP' });
    expect((await search('hostname:h-deep')).total).toBe(1);
    await stillServing();
  });

  it('invalid UTF-8 → 400 naming the byte offset', async () => {
    const bytes = Buffer.concat([Buffer.from('{"summary":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
    const res = await post('/events', bytes);
    expect(res.status).toBe(400);
    expect(res.json['message']).toMatch(/UTF-8.*offset 12/);
    await stillServing();
  });

  it('__proto__ and constructor keys are stored as data and pollute nothing', async () => {
    const res = await post('/events', '{"summary":"proto","hostname":"h-proto","__proto__":{"polluted":true},"details":{"constructor":{"prototype":{"polluted":true}},"__proto__":{"x":1}}}');
    expect(res.json['accepted']).toBe(1);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    const hit = (await search('hostname:h-proto')).hits[0]!;
    expect(Object.getPrototypeOf(hit.details)).toBe(Object.prototype);
    await stillServing();
  });

  it('wrong field types are coerced when clear, refused per item when not', async () => {
    const res = await post('/events', JSON.stringify([{ summary: 'types', hostname: 'h-types', processid: 1234, tags: 'single-tag' }, 17]));
    expect(res.status).toBe(207);
    const hit = (await search('hostname:h-types')).hits[0]!;
    expect(hit.processid).toBe('1234');
    expect(hit.tags).toContain('single-tag');
    expect((res.json['errors'] as Array<{ index: number; code: string }>)[0]).toMatchObject({ index: 1, code: 'NOT_AN_OBJECT' });
  });

  it('an empty body or an empty array → 400', async () => {
    expect((await post('/events', '')).status).toBe(400);
    expect((await post('/events', '[]')).status).toBe(400);
    expect((await post('/_bulk', '')).status).toBe(400);
    await stillServing();
  });

  it('an array of 100,000 events is accepted whole', async () => {
    const events = Array.from({ length: 100_000 }, (_, i) => ({ summary: `bulk event ${i}`, hostname: 'h-big', details: { n: i } }));
    const res = await post('/events', JSON.stringify(events));
    expect(res).toMatchObject({ status: 200, json: { accepted: 100_000, rejected: 0 } });
    const count = (await (await fetch(`${vigil.url}/api/aggregate?q=hostname:h-big&field=hostname`)).json()) as { total: number };
    expect(count.total).toBe(100_000);
    await stillServing();
  });
});
