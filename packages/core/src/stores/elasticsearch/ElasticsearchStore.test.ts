import { createRequire } from 'node:module';
import type * as Elasticsearch from '@elastic/elasticsearch';
import Mock, { type MockPattern } from '@elastic/elasticsearch-mock';
import { afterEach, describe, expect, it } from 'vitest';
import type { VigilAlert } from '../../alert/VigilAlert';
import type { VigilEvent } from '../../event/VigilEvent';
import { storeContractAlerts, storeContractEvents } from '../storeContract';
import { createElasticsearchStore, type ElasticsearchStoreOptions } from './ElasticsearchStore';

// The mock is CommonJS and builds on the CommonJS client: use that build too, so that error classes are shared.
const { Client, errors } = createRequire(import.meta.url)('@elastic/elasticsearch') as typeof Elasticsearch;
type ResponseError = InstanceType<typeof errors.ResponseError>;

interface Call {
  method: string;
  path: string;
  querystring: Record<string, unknown>;
  body: unknown;
}

type Handler = (call: Call) => unknown;

/**
 * A client whose HTTP layer is @elastic/elasticsearch-mock: every request is recorded, and answered by the
 * handler registered for its `METHOD path` (first match of the route table, `*` anywhere in a route).
 */
function harness(routes: Record<string, Handler>, options: Omit<ElasticsearchStoreOptions, 'client'> = {}) {
  const mock = new Mock();
  const calls: Call[] = [];
  let closes = 0;
  mock.add({ method: ['GET', 'POST', 'PUT', 'DELETE', 'HEAD'], path: '*' }, (params: MockPattern) => {
    const call: Call = {
      method: String(params.method),
      path: String(params.path),
      querystring: params.querystring ?? {},
      body: params.body ?? null,
    };
    calls.push(call);
    const key = `${call.method} ${call.path}`;
    for (const [route, handler] of Object.entries(routes)) {
      const re = new RegExp(`^${route.split('*').map((s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('.*')}$`);
      if (re.test(key)) return handler(call) as Record<string, unknown>;
    }
    if (call.method === 'HEAD') return new errors.ResponseError({ body: '', statusCode: 404, warnings: null, meta: {} as never });
    return { acknowledged: true };
  });
  const Base = mock.getConnection();
  class Connection extends Base {
    override async close(): Promise<void> {
      closes++;
    }
  }
  const client = new Client({ node: 'http://es.test:9200', Connection: Connection as never, maxRetries: 0 });
  const store = createElasticsearchStore({ client, retryBaseMs: 1, maintenanceIntervalMs: 0, ...options });
  return { store, calls, closes: () => closes, of: (method: string, path: string) => calls.filter((c) => c.method === method && c.path === path) };
}

function responseError(statusCode: number, type: string): ResponseError {
  return new errors.ResponseError({ body: { error: { type, reason: type }, status: statusCode }, statusCode, warnings: null, meta: {} as never });
}

/** A bulk response giving each `create` the next status of `statuses` (201 when they run out). */
function bulkAnswer(statuses: number[]): Handler {
  return (call) => {
    const ops = (call.body as Array<Record<string, { _index: string; _id: string }>>).filter((_, i) => i % 2 === 0);
    const items = ops.map((op) => {
      const { _index, _id } = op['create'] as { _index: string; _id: string };
      const status = statuses.shift() ?? 201;
      const error =
        status === 409
          ? { type: 'version_conflict_engine_exception', reason: `[${_id}]: version conflict, document already exists` }
          : status === 400
            ? { type: 'document_parsing_exception', reason: "failed to parse field [details.x] of type [long]", caused_by: { type: 'illegal_argument_exception', reason: 'For input string: "abc"' } }
            : status === 429
              ? { type: 'es_rejected_execution_exception', reason: 'rejected execution' }
              : status >= 500
                ? { type: 'unavailable_shards_exception', reason: 'primary shard is not active' }
                : undefined;
      return { create: { _index, _id, status, ...(error === undefined ? { result: 'created' } : { error }) } };
    });
    return { took: 1, errors: items.some((i) => i.create.status >= 300), items };
  };
}

const events = storeContractEvents as VigilEvent[];
const [e1, e2, e3] = events as [VigilEvent, VigilEvent, VigilEvent];

let open: Array<{ shutdown(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(open.map((s) => s.shutdown()));
  open = [];
});

async function started(routes: Record<string, Handler>, options: Omit<ElasticsearchStoreOptions, 'client'> = {}) {
  const h = harness(routes, options);
  open.push(h.store);
  await h.store.start();
  h.calls.length = 0;
  return h;
}

describe('createElasticsearchStore: start', () => {
  it('creates both composable index templates with the mappings, analysis and alias', async () => {
    const h = harness({});
    open.push(h.store);
    await h.store.start();
    const [events, alerts] = [h.of('PUT', '/_index_template/vigil-events'), h.of('PUT', '/_index_template/vigil-alerts')];
    expect(events).toHaveLength(1);
    expect(alerts).toHaveLength(1);
    const body = events[0]?.body as Record<string, any>;
    expect(body['index_patterns']).toEqual(['events-1*', 'events-2*']);
    expect(body['template'].aliases).toEqual({ events: {} });
    const mappings = body['template'].mappings;
    expect(mappings.date_detection).toBe(false);
    expect(mappings.properties.hostname).toMatchObject({
      type: 'keyword',
      fields: { ci: { type: 'keyword', normalizer: 'vigil_ascii_lowercase' }, num: { type: 'double', ignore_malformed: true } },
    });
    for (const f of ['category', 'source', 'severity', 'processname', 'tags', 'id']) expect(mappings.properties[f].type).toBe('keyword');
    expect(mappings.properties.summary).toMatchObject({ type: 'text', analyzer: 'vigil_text', fields: { keyword: { type: 'keyword' } } });
    expect(mappings.properties.utctimestamp).toMatchObject({ type: 'date', fields: { raw: { type: 'keyword' } } });
    expect(mappings.dynamic_templates[0].ip_addresses).toMatchObject({
      match: ['*ipaddress', '*ip'],
      mapping: { type: 'keyword', fields: { ip: { type: 'ip', ignore_malformed: true } } },
    });
    expect(mappings.dynamic_templates.map((t: object) => Object.keys(t)[0])).toEqual(['ip_addresses', 'strings', 'integers', 'decimals', 'booleans']);
    expect(mappings.runtime['details.sourceipgeolocation.point'].type).toBe('geo_point');
    const analysis = body['template'].settings.analysis;
    expect(analysis.char_filter.vigil_ascii_fold.mappings).toHaveLength(26);
    expect(analysis.char_filter.vigil_ascii_fold.mappings[0]).toBe('A => a');
    expect(analysis.tokenizer.vigil_words.pattern).toBe('[^\\p{L}\\p{N}\\p{Co}]+');
    expect((alerts[0]?.body as Record<string, any>)['template'].aliases).toEqual({ alerts: {} });
    // Starting again changes nothing.
    await h.store.start();
    expect(h.of('PUT', '/_index_template/vigil-events')).toHaveLength(1);
  });

  it("points '<prefix>-previous' at yesterday's index when it exists", async () => {
    const h = harness({ 'HEAD /siem-*': () => '' }, { indexPrefix: 'siem' });
    open.push(h.store);
    await h.store.start();
    h.calls.length = 0;
    await h.store.rotateAliases(new Date('2024-03-02T10:00:00Z'));
    expect(h.calls.map((c) => `${c.method} ${c.path}`)).toEqual(['HEAD /siem-20240301', 'POST /_aliases']);
    expect(h.calls[1]?.body).toEqual({
      actions: [
        { remove: { index: 'siem-*', alias: 'siem-previous', must_exist: false } },
        { add: { index: 'siem-20240301', alias: 'siem-previous' } },
      ],
    });
    const none = harness({}, { indexPrefix: 'siem' });
    open.push(none.store);
    await none.store.start();
    expect(none.of('POST', '/_aliases')).toHaveLength(0);
  });

  it('refuses bad options and use before start or after shutdown', async () => {
    expect(() => createElasticsearchStore({})).toThrow(/node/);
    expect(() => createElasticsearchStore({ node: 'http://x', indexPrefix: 'Events' })).toThrow(/indexPrefix/);
    expect(() => createElasticsearchStore({ node: 'http://x', indexPrefix: 'a', alertsPrefix: 'a' })).toThrow(/differ/);
    expect(() => createElasticsearchStore({ node: 'http://x', bulkMaxAttempts: 0 })).toThrow(/bulkMaxAttempts/);
    expect(() => createElasticsearchStore({ node: 'http://x', retryBaseMs: -1 })).toThrow(/retryBaseMs/);
    expect(() => createElasticsearchStore({ node: 'http://x', shards: 1.5 })).toThrow(/shards/);
    const h = harness({});
    await expect(h.store.writeEvents([e1])).rejects.toMatchObject({ code: 'STORE_NOT_STARTED' });
    await h.store.start();
    await h.store.shutdown();
    await expect(h.store.writeEvents([e1])).rejects.toMatchObject({ code: 'STORE_CLOSED' });
    await expect(h.store.search({})).rejects.toMatchObject({ code: 'STORE_CLOSED' });
  });
});

describe('createElasticsearchStore: start failures and maintenance', () => {
  it('rejects start with STORE_UNAVAILABLE when the cluster cannot be reached, and can start later', async () => {
    let reachable = false;
    const h = harness({
      'PUT /_index_template/*': () => (reachable ? { acknowledged: true } : new errors.ConnectionError('connect ECONNREFUSED')),
    }, { bulkMaxAttempts: 2 });
    open.push(h.store);
    await expect(h.store.start()).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect(h.of('PUT', '/_index_template/vigil-events')).toHaveLength(2);
    await expect(h.store.search({})).rejects.toMatchObject({ code: 'STORE_NOT_STARTED' });
    reachable = true;
    await h.store.start();
    expect(h.of('PUT', '/_index_template/vigil-alerts')).toHaveLength(1);
  });

  it('reports maintenance failures to onError instead of throwing', async () => {
    let heads = 0;
    let report: (error: unknown) => void = () => undefined;
    const reported = new Promise((resolve) => (report = resolve));
    const h = harness(
      { 'HEAD /events-*': () => (heads++ === 0 ? '' : responseError(403, 'security_exception')) },
      { maintenanceIntervalMs: 5, onError: (error) => report(error) },
    );
    open.push(h.store);
    await h.store.start();
    expect(await reported).toMatchObject({ code: 'STORE_FAILED', message: expect.stringMatching(/security_exception/) });
  });
});

describe('createElasticsearchStore: bulk writes', () => {
  it('creates each event in the daily index of its utctimestamp with _id = id', async () => {
    const h = await started({ 'POST /_bulk': bulkAnswer([]) });
    const late = { ...e3, id: 'late', utctimestamp: '2024-03-02T23:59:59.999Z' };
    expect(await h.store.writeEvents([e1, late])).toEqual({ written: 2, duplicates: 0, failed: [] });
    const [bulk] = h.of('POST', '/_bulk');
    expect(bulk?.body).toEqual([{ create: { _index: 'events-20240301', _id: 'e01' } }, e1, { create: { _index: 'events-20240302', _id: 'late' } }, late]);
    expect(bulk?.querystring['refresh']).toBe('false');
  });

  it('splits a large batch into bulk requests of at most bulkMaxBytes and adds up their outcomes', async () => {
    const h = await started({ 'POST /_bulk': bulkAnswer([201, 409, 201, 201, 400]) }, { bulkMaxBytes: 1500 });
    const batch = events.slice(0, 5);
    const result = await h.store.writeEvents(batch);
    expect(result.written).toBe(3);
    expect(result.duplicates).toBe(1);
    expect(result.failed.map((f) => f.id)).toEqual(['e05']);
    const sent = h.of('POST', '/_bulk').map((c) => (c.body as Array<{ create?: { _id: string } }>).flatMap((op) => (op.create ? [op.create._id] : [])));
    expect(sent.length).toBeGreaterThan(1);
    expect(sent.flat()).toEqual(['e01', 'e02', 'e03', 'e04', 'e05']);
    // A request holds more than one item only while they fit in the limit.
    for (const call of h.of('POST', '/_bulk')) {
      const lines = call.body as unknown[];
      if (lines.length > 2) expect(lines.reduce<number>((n, line) => n + JSON.stringify(line).length + 1, 0)).toBeLessThanOrEqual(1500);
    }
  });

  it('writes alerts to the monthly index and passes the refresh option', async () => {
    const h = await started({ 'POST /_bulk': bulkAnswer([]) }, { alertsPrefix: 'siem-alerts', refresh: 'wait_for' });
    const alert = storeContractAlerts[0] as VigilAlert;
    expect(await h.store.writeAlerts([alert])).toEqual({ written: 1, duplicates: 0, failed: [] });
    const [bulk] = h.of('POST', '/_bulk');
    expect(bulk?.body).toEqual([{ create: { _index: 'siem-alerts-202403', _id: 'a1' } }, alert]);
    expect(bulk?.querystring['refresh']).toBe('wait_for');
  });

  it('reports a mapping error in failed, counts a 409 as duplicate, writes the rest', async () => {
    const h = await started({ 'POST /_bulk': bulkAnswer([201, 400, 409]) });
    const result = await h.store.writeEvents([e1, e2, e3]);
    expect(result.written).toBe(1);
    expect(result.duplicates).toBe(1);
    expect(result.failed).toHaveLength(1);
    expect(result.failed[0]).toMatchObject({ index: 1, id: 'e02' });
    expect(result.failed[0]?.reason).toMatch(/400 document_parsing_exception: failed to parse field \[details\.x\].*For input string/);
    expect(h.of('POST', '/_bulk')).toHaveLength(1);
  });

  it('retries only the items refused with 429 or 5xx, then succeeds', async () => {
    const h = await started({ 'POST /_bulk': bulkAnswer([201, 429, 503, 201, 201]) });
    expect(await h.store.writeEvents([e1, e2, e3])).toEqual({ written: 3, duplicates: 0, failed: [] });
    const bulks = h.of('POST', '/_bulk');
    expect(bulks).toHaveLength(2);
    expect((bulks[1]?.body as Array<{ create?: { _id: string } }>).flatMap((op) => (op.create ? [op.create._id] : []))).toEqual(['e02', 'e03']);
  });

  it('gives up on an item still refused after bulkMaxAttempts and reports it, not drops it', async () => {
    const h = await started({ 'POST /_bulk': bulkAnswer([201, 429, 429, 429]) }, { bulkMaxAttempts: 3 });
    const result = await h.store.writeEvents([e1, e2]);
    expect(result.written).toBe(1);
    expect(result.failed).toEqual([{ index: 1, id: 'e02', reason: expect.stringMatching(/429 es_rejected_execution_exception.*after 3 attempts/) }]);
    expect(h.of('POST', '/_bulk')).toHaveLength(3);
  });

  it('retries a whole request after connection errors and timeouts', async () => {
    const failures: Error[] = [new errors.ConnectionError('connect ECONNREFUSED'), new errors.TimeoutError('Request timed out')];
    const answer = bulkAnswer([]);
    const h = await started({ 'POST /_bulk': (call) => failures.shift() ?? answer(call) });
    expect(await h.store.writeEvents([e1])).toEqual({ written: 1, duplicates: 0, failed: [] });
    expect(h.of('POST', '/_bulk')).toHaveLength(3);
  });

  it('throws STORE_UNAVAILABLE when the cluster stays unreachable, and STORE_FAILED at once on a 400', async () => {
    const h = await started({ 'POST /_bulk': () => new errors.ConnectionError('connect ECONNREFUSED') }, { bulkMaxAttempts: 4 });
    await expect(h.store.writeEvents([e1])).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE', message: expect.stringMatching(/after 4 attempts/) });
    expect(h.of('POST', '/_bulk')).toHaveLength(4);
    const bad = await started({ 'POST /_bulk': () => responseError(400, 'illegal_argument_exception') });
    await expect(bad.store.writeEvents([e1])).rejects.toMatchObject({ code: 'STORE_FAILED' });
    expect(bad.of('POST', '/_bulk')).toHaveLength(1);
  });

  it('refuses items without an id or a valid utctimestamp by index, without sending them', async () => {
    const h = await started({ 'POST /_bulk': bulkAnswer([]) });
    const result = await h.store.writeEvents([{ ...e1, id: '' }, e2, { ...e3, utctimestamp: 'yesterday' }]);
    expect(result.written).toBe(1);
    expect(result.failed.map((f) => [f.index, f.id])).toEqual([
      [0, ''],
      [2, 'e03'],
    ]);
    expect((h.of('POST', '/_bulk')[0]?.body as unknown[]).length).toBe(2);
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    const unserialisable = await h.store.writeEvents([{ ...e1, details: { n: 1n } }, { ...e2, details: cyclic }, e3]);
    expect(unserialisable.written).toBe(1);
    expect(unserialisable.failed.map((f) => [f.index, f.id, /not serialisable as JSON/.test(f.reason)])).toEqual([
      [0, 'e01', true],
      [1, 'e02', true],
    ]);
    expect((h.of('POST', '/_bulk')[1]?.body as unknown[]).length).toBe(2);
    const none = await h.store.writeEvents([{ ...e1, id: '' }]);
    expect(none.written).toBe(0);
    expect(h.of('POST', '/_bulk')).toHaveLength(2);
  });
});

describe('createElasticsearchStore: search and aggregations', () => {
  it('sends the translated query, time range, paging, sort and track_total_hits, and returns the sources', async () => {
    const h = await started({
      'POST /events/_search': () => ({ hits: { total: { value: 42, relation: 'eq' }, hits: [{ _id: 'e02', _source: e2 }, { _id: 'e01', _source: e1 }] } }),
    });
    const result = await h.store.search({ query: 'hostname:WEB1* AND failed', from: '2024-03-01T00:00:00Z', to: '2024-03-01T01:00:00+01:00', size: 2, offset: 4 });
    expect(result).toEqual({ total: 42, hits: [e2, e1] });
    const [call] = h.of('POST', '/events/_search');
    expect(call?.body).toEqual({
      query: {
        bool: {
          filter: [
            { bool: { filter: [{ wildcard: { 'hostname.ci': { value: 'web1*' } } }, { match_phrase: { summary: { query: 'failed' } } }] } },
            { range: { utctimestamp: { gte: '2024-03-01T00:00:00.000Z', lte: '2024-03-01T00:00:00.000Z', format: 'strict_date_optional_time' } } },
          ],
        },
      },
      from: 4,
      size: 2,
      sort: [{ utctimestamp: { order: 'desc', unmapped_type: 'date' } }, { id: { order: 'desc', unmapped_type: 'keyword' } }],
      track_total_hits: true,
    });
    expect(call?.querystring).toMatchObject({ ignore_unavailable: 'true', allow_no_indices: 'true' });
  });

  it('searches alerts on the alerts alias, resolving fields against alert fields', async () => {
    const h = await started({ 'POST /alerts/_search': () => ({ hits: { total: { value: 0, relation: 'eq' }, hits: [] } }) });
    await h.store.searchAlerts({ query: 'count:>1 username:admin', sort: 'asc' });
    const body = h.of('POST', '/alerts/_search')[0]?.body as Record<string, any>;
    expect(body['query']).toEqual({
      bool: { filter: [{ range: { 'count.num': { gt: 1 } } }, { term: { 'details.username.ci': { value: 'admin' } } }] },
    });
    expect(body['sort'][0]).toEqual({ utctimestamp: { order: 'asc', unmapped_type: 'date' } });
  });

  it('rejects bad queries, times and windows before sending anything', async () => {
    const h = await started({});
    await expect(h.store.search({ query: 'hostname:(a OR' })).rejects.toMatchObject({ code: 'QUERY_INVALID' });
    await expect(h.store.search({ from: 'yesterday' })).rejects.toMatchObject({ code: 'TIME_INVALID' });
    await expect(h.store.search({ size: 9000, offset: 1001 })).rejects.toMatchObject({ code: 'QUERY_INVALID' });
    await expect(h.store.aggregate({ type: 'date_histogram', interval: 'hourly' })).rejects.toMatchObject({ code: 'QUERY_INVALID' });
    await expect(h.store.aggregate({ type: 'terms', field: 'hostname', size: 0 })).rejects.toMatchObject({ code: 'QUERY_INVALID' });
    expect(h.calls).toHaveLength(0);
  });

  it('asks for a terms aggregation on the exact keyword and reads its buckets', async () => {
    const h = await started({
      'POST /events/_search': () => ({
        hits: { total: { value: 12, relation: 'eq' }, hits: [] },
        aggregations: { buckets: { buckets: [{ key: 'alice', doc_count: 2 }, { key: 'ADMIN', doc_count: 1 }] } },
      }),
    });
    expect(await h.store.aggregate({ type: 'terms', field: 'username', size: 2, query: 'category:authentication' })).toEqual({
      total: 12,
      buckets: [
        { key: 'alice', count: 2 },
        { key: 'ADMIN', count: 1 },
      ],
    });
    const body = h.of('POST', '/events/_search')[0]?.body as Record<string, any>;
    expect(body).toMatchObject({ size: 0, track_total_hits: true, query: { term: { 'category.ci': { value: 'authentication' } } } });
    expect(body['aggs']).toEqual({
      buckets: { terms: { field: 'details.username', size: 2, shard_size: 500, order: [{ _count: 'desc' }, { _key: 'asc' }] } },
    });
    await h.store.aggregate({ type: 'terms', field: 'utctimestamp' });
    expect((h.of('POST', '/events/_search')[1]?.body as Record<string, any>)['aggs'].buckets.terms.field).toBe('utctimestamp.raw');
  });

  it('asks for a fixed-interval date histogram without empty buckets and keys buckets in ISO-8601', async () => {
    const h = await started({
      'POST /events/_search': () => ({
        hits: { total: { value: 3, relation: 'eq' }, hits: [] },
        aggregations: {
          buckets: {
            buckets: [
              { key: Date.parse('2024-03-01T00:00:00Z'), key_as_string: '2024-03-01T00:00:00.000Z', doc_count: 2 },
              { key: Date.parse('2024-03-01T03:00:00Z'), key_as_string: '2024-03-01T03:00:00.000Z', doc_count: 1 },
            ],
          },
        },
      }),
    });
    expect(await h.store.aggregate({ type: 'date_histogram', interval: '1h', from: '2024-03-01' })).toEqual({
      total: 3,
      buckets: [
        { key: '2024-03-01T00:00:00.000Z', count: 2 },
        { key: '2024-03-01T03:00:00.000Z', count: 1 },
      ],
    });
    const body = h.of('POST', '/events/_search')[0]?.body as Record<string, any>;
    expect(body['aggs']).toEqual({ buckets: { date_histogram: { field: 'utctimestamp', fixed_interval: '3600000ms', min_doc_count: 1 } } });
  });
});

describe('createElasticsearchStore: tags, retention, lifecycle', () => {
  it('tags events with an idempotent update_by_query over the alias, again on version conflicts', async () => {
    const answers = [{ updated: 1, noops: 0, version_conflicts: 1, failures: [] }, { updated: 1, noops: 1, version_conflicts: 0, failures: [] }];
    const h = await started({ 'POST /events/_update_by_query': () => answers.shift() }, { refresh: 'wait_for' });
    await h.store.tagEvents(['e01', 'e02', 'e01'], ['alert:ssh', 'alert:ssh']);
    const calls = h.of('POST', '/events/_update_by_query');
    expect(calls).toHaveLength(2);
    expect(calls[0]?.body).toMatchObject({
      query: { terms: { id: ['e01', 'e02'] } },
      script: { lang: 'painless', params: { tags: ['alert:ssh'] } },
      conflicts: 'proceed',
    });
    expect((calls[0]?.body as { script: { source: string } }).script.source).toContain("ctx.op = 'noop'");
    expect(calls[0]?.querystring['refresh']).toBe('true');
    await h.store.tagEvents([], ['x']);
    await h.store.tagEvents(['e01'], []);
    expect(h.of('POST', '/events/_update_by_query')).toHaveLength(2);
  });

  it('deletes the daily indices older than the retention, by the date in their names', async () => {
    const today = new Date();
    const day = (offset: number) => {
      const d = new Date(today.getTime() - offset * 86_400_000);
      return `events-${d.toISOString().slice(0, 10).replace(/-/g, '')}`;
    };
    const listing = [day(0), day(29), day(30), day(31), day(400), 'events-previous', 'events-2024', 'events-20240231', 'eventsx-20000101'];
    const h = await started({ 'GET /_cat/indices/events-*': () => listing.map((index, i) => ({ index, status: i === 4 ? 'close' : 'open' })) });
    expect(await h.store.deleteOlderThan(30)).toEqual({ indices: [day(400), day(31)] });
    const deletes = h.calls.filter((c) => c.method === 'DELETE');
    expect(deletes.map((c) => c.path)).toEqual([`/${day(400)},${day(31)}`]);
    h.calls.length = 0;
    expect(await h.store.closeOlderThan(29)).toEqual({ indices: [day(31), day(30)] });
    expect(h.calls.filter((c) => c.path.endsWith('/_close')).map((c) => c.path)).toEqual([`/${day(31)},${day(30)}/_close`]);
    await expect(h.store.deleteOlderThan(0)).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
  });

  it('applies retentionDays at start', async () => {
    const h = harness({ 'GET /_cat/indices/events-*': () => [{ index: 'events-20000101', status: 'open' }] }, { retentionDays: 7 });
    open.push(h.store);
    await h.store.start();
    expect(h.calls.filter((c) => c.method === 'DELETE').map((c) => c.path)).toEqual(['/events-20000101']);
  });

  it('flushes by waiting for writes in flight and then refreshing both index families', async () => {
    const h = await started({ 'POST /_bulk': bulkAnswer([]) });
    let written = false;
    const write = h.store.writeEvents([e1]).then((result) => {
      written = true;
      return result;
    });
    await h.store.flush();
    expect(written).toBe(true);
    expect(h.calls.map((c) => `${c.method} ${c.path}`)).toEqual(['POST /_bulk', 'GET /events-*,alerts-*/_refresh']);
    expect(h.calls[1]?.querystring).toMatchObject({ ignore_unavailable: 'true', allow_no_indices: 'true' });
    expect((await write).written).toBe(1);
  });

  it('drains writes in flight on shutdown and closes the client once, however often it is called', async () => {
    const h = await started({ 'POST /_bulk': bulkAnswer([]) });
    const write = h.store.writeEvents([e1, e2]);
    await Promise.all([h.store.shutdown(), h.store.shutdown()]);
    await h.store.shutdown();
    expect(await write).toEqual({ written: 2, duplicates: 0, failed: [] });
    expect(h.closes()).toBe(1);
  });
});
