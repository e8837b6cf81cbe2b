import { randomBytes } from 'node:crypto';
import { Client } from '@elastic/elasticsearch';
import { afterAll, describe, expect, it } from 'vitest';
import { parseQuery } from '../../query/parseQuery';
import { ALERT_TOP_LEVEL_FIELDS, EVENT_TOP_LEVEL_FIELDS, resolveField } from '../../query/topLevelFields';
import {
  describeStoreContract,
  storeContractAlertQueries,
  storeContractAlerts,
  storeContractEvents,
  storeContractQueries,
} from '../storeContract';
import { createElasticsearchStore } from './ElasticsearchStore';
import { indexDocument, matchesDsl, termsOf } from './internal/indexModel';
import { ALERT_DATE_FIELDS, EVENT_DATE_FIELDS } from './internal/indexTemplates';
import { planField, queryToDsl } from './internal/queryToDsl';
import { requestQuery } from './internal/requestQuery';

/**
 * The store contract against a real cluster runs when ES_URL is set (`ES_URL=http://127.0.0.1:9200 npx vitest
 * run src/stores/elasticsearch`); every store gets its own index prefixes, removed afterwards. Without a
 * cluster, the contract's queries still go through the translator and are evaluated against a model of the
 * store's mappings (internal/indexModel.ts), which must find exactly the ids the contract requires.
 */
const url = process.env['ES_URL'];

if (url !== undefined && url !== '') {
  const prefixes: string[] = [];
  const unique = (): string => {
    const prefix = `vigiltest-${randomBytes(5).toString('hex')}`;
    prefixes.push(prefix);
    return prefix;
  };
  describeStoreContract(
    'elasticsearch',
    () =>
      createElasticsearchStore({
        node: url,
        indexPrefix: unique(),
        alertsPrefix: unique(),
        refresh: 'wait_for',
        replicas: 0,
        maintenanceIntervalMs: 0,
      }),
    { timeout: 60_000 },
  );
  afterAll(async () => {
    const client = new Client({ node: url });
    try {
      for (const prefix of prefixes) {
        // By name: clusters refuse wildcard deletes by default (action.destructive_requires_name).
        const indices = Object.keys(await client.indices.get({ index: `${prefix}-*`, allow_no_indices: true }));
        if (indices.length > 0) await client.indices.delete({ index: indices });
        await client.indices.deleteIndexTemplate({ name: `vigil-${prefix}` }, { ignore: [404] });
      }
    } finally {
      await client.close();
    }
  }, 60_000);
}

describe('the contract queries through the translator and the mapping model', () => {
  const events = storeContractEvents.map((e) => ({ id: e.id, doc: indexDocument(e, EVENT_DATE_FIELDS) }));
  const alerts = storeContractAlerts.map((a) => ({ id: a.id, doc: indexDocument(a, ALERT_DATE_FIELDS) }));

  function find(query: string, docs: typeof events, topLevel: ReadonlySet<string>, dates: ReadonlySet<string>): string[] {
    const parsed = parseQuery(query, { topLevelFields: topLevel });
    if (!parsed.ok) throw new Error(`${query}: ${parsed.reason}`);
    const dsl = queryToDsl(parsed.query, dates);
    return docs.filter((d) => matchesDsl(dsl, d.doc, dates)).map((d) => d.id).sort();
  }

  it.each(storeContractQueries.map((q) => [q.query, q.ids] as const))('event query %j', (query, expected) => {
    expect(find(query, events, EVENT_TOP_LEVEL_FIELDS, EVENT_DATE_FIELDS)).toEqual(expected);
  });

  it.each(storeContractAlertQueries.map((q) => [q.query, q.ids] as const))('alert query %j', (query, expected) => {
    expect(find(query, alerts, ALERT_TOP_LEVEL_FIELDS, ALERT_DATE_FIELDS)).toEqual(expected);
  });

  it('limits to time ranges, inclusive at both ends, ISO or relative, as the contract expects', () => {
    const within = (request: { query?: string; from?: string; to?: string }): string[] => {
      const dsl = requestQuery(request, EVENT_TOP_LEVEL_FIELDS, EVENT_DATE_FIELDS);
      return events.filter((e) => matchesDsl(dsl, e.doc, EVENT_DATE_FIELDS)).map((e) => e.id).sort();
    };
    expect(within({ from: '2024-03-01T01:00:00.000Z', to: '2024-03-01T03:05:00.000Z' })).toEqual(['e04', 'e05', 'e06', 'e07', 'e08']);
    expect(within({ query: 'category:bro', from: '2024-03-01T02:30:00Z' })).toEqual(['e07']);
    expect(within({ from: 'now-1h' })).toEqual([]);
    expect(within({ to: 'now' })).toHaveLength(storeContractEvents.length);
    expect(within({ to: '2024-03-01T00:20:00.000Z' })).toEqual(['e01', 'e02']);
  });

  it('aggregates terms on the exact keyword the store asks for, as the contract expects', () => {
    const docs = events.map((e) => e.doc);
    const terms = (field: string, size: number) => termsOf(docs, planField(resolveField(field), EVENT_DATE_FIELDS).exact, size);
    expect(terms('hostname', 3)).toEqual([
      { key: 'web1.example.com', count: 3 },
      { key: 'proxy.example.com', count: 2 },
      { key: 'web2.example.com', count: 2 },
    ]);
    expect(terms('username', 3)).toEqual([
      { key: 'alice', count: 2 },
      { key: 'ADMIN', count: 1 },
      { key: 'Bob', count: 1 },
    ]);
    expect(terms('tags', 3)).toEqual([
      { key: 'ssh', count: 4 },
      { key: 'auth', count: 3 },
      { key: 'bro', count: 2 },
    ]);
    expect(terms('details.success', 10)).toEqual([
      { key: 'false', count: 4 },
      { key: 'true', count: 2 },
    ]);
    const repeated = indexDocument({ tags: ['x', 'x', 'y'], details: { ports: [22, 22, 80] } }, EVENT_DATE_FIELDS);
    expect(termsOf([repeated], 'details.ports', 10)).toEqual([
      { key: '22', count: 1 },
      { key: '80', count: 1 },
    ]);
  });
});
