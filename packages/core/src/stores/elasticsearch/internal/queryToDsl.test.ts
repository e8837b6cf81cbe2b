import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../../query/parseQuery';
import type { QueryNode } from '../../../query/QueryNode';
import { EVENT_DATE_FIELDS } from './indexTemplates';
import { planField, queryToDsl } from './queryToDsl';

function dsl(query: string): unknown {
  const parsed = parseQuery(query);
  if (!parsed.ok) throw new Error(`${query}: ${parsed.reason}`);
  return queryToDsl(parsed.query, EVENT_DATE_FIELDS);
}

const ci = (field: string, value: string) => ({ term: { [`${field}.ci`]: { value } } });
const numOr = (field: string, text: string, value: number) => ({
  bool: { should: [ci(field, text), { term: { [`${field}.num`]: { value } } }], minimum_should_match: 1 },
});

describe('queryToDsl', () => {
  it.each<[string, unknown]>([
    ['*:*', { match_all: {} }],
    ['failed', { match_phrase: { summary: { query: 'failed' } } }],
    ['summary:"port 52311"', { match_phrase: { summary: { query: 'port 52311' } } }],
    ['"10.0.0.5"', { match_phrase: { summary: { query: '10.0.0.5' } } }],
    ['fail*', { wildcard: { summary: { value: 'fail*', case_insensitive: true } } }],
    ['q?eue', { wildcard: { summary: { value: 'q?eue', case_insensitive: true } } }],
    ['10.0*', { match_none: {} }],
    ['hostname:WEB1.Example.com', ci('hostname', 'web1.example.com')],
    ['hostname:"web1.example.com"', ci('hostname', 'web1.example.com')],
    ['hostname:DB?.example.com', { wildcard: { 'hostname.ci': { value: 'db?.example.com' } } }],
    ['name:a\\*b*', { wildcard: { 'details.name.ci': { value: 'a\\*b*' } } }],
    ['id:E03', { term: { id: { value: 'E03' } } }],
    ['id:e0*', { wildcard: { 'id.ci': { value: 'e0*' } } }],
    ['username:Admin', ci('details.username', 'admin')],
    ['seenwhere:DNS\\:\\:IN_REQUEST', ci('details.seenwhere', 'dns::in_request')],
    ['sourceport:22', numOr('details.sourceport', '22', 22)],
    ['queue:-1.5', numOr('details.queue', '-1.5', -1.5)],
    ['utctimestamp:2024-03-01T00:05:00.000Z', ci('utctimestamp', '2024-03-01t00:05:00.000z')],
    ['success:TRUE', ci('details.success', 'true')],
    ['sourceport:[40000 TO 52311]', { range: { 'details.sourceport.num': { gte: 40000, lte: 52311 } } }],
    ['sourceport:{40022 TO 52312}', { range: { 'details.sourceport.num': { gt: 40022, lt: 52312 } } }],
    ['sourceport:>=52312', { range: { 'details.sourceport.num': { gte: 52312 } } }],
    ['hostname:[db TO mail]', { range: { hostname: { gte: 'db', lte: 'mail' } } }],
    [
      'utctimestamp:[2024-03-01T02:00:00.000Z TO 2024-03-01T03:05:00.000Z]',
      { range: { 'utctimestamp.raw': { gte: '2024-03-01T02:00:00.000Z', lte: '2024-03-01T03:05:00.000Z' } } },
    ],
    ['utctimestamp:>5', { match_none: {} }],
    ['sourceport:[* TO *]', { exists: { field: 'details.sourceport' } }],
    ['_exists_:username', { exists: { field: 'details.username' } }],
    ['queue:*', { exists: { field: 'details.queue' } }],
    ['NOT failed', { bool: { must_not: [{ match_phrase: { summary: { query: 'failed' } } }] } }],
    [
      'failed OR hostname:x',
      { bool: { should: [{ match_phrase: { summary: { query: 'failed' } } }, ci('hostname', 'x')], minimum_should_match: 1 } },
    ],
    [
      'category:authentication -success:false',
      {
        bool: {
          filter: [ci('category', 'authentication'), { bool: { must_not: [ci('details.success', 'false')] } }],
        },
      },
    ],
  ])('%s', (query, expected) => {
    expect(dsl(query)).toEqual(expected);
  });

  it('translates empty and/or and a range with mixed bounds', () => {
    expect(queryToDsl({ type: 'and', clauses: [] }, EVENT_DATE_FIELDS)).toEqual({ match_all: {} });
    expect(queryToDsl({ type: 'or', clauses: [] }, EVENT_DATE_FIELDS)).toEqual({ match_none: {} });
    expect(queryToDsl({ type: 'range', field: 'details.x', gte: 5, lt: 'b' }, EVENT_DATE_FIELDS)).toEqual({
      bool: { filter: [{ range: { 'details.x.num': { gte: 5 } } }, { range: { 'details.x': { lt: 'b' } } }] },
    });
  });

  it('refuses unsafe field names, non-finite bounds and trees nested too deep', () => {
    expect(() => queryToDsl({ type: 'term', field: 'a b', value: 'x' }, EVENT_DATE_FIELDS)).toThrow(/not a field name/);
    expect(() => queryToDsl({ type: 'exists', field: 'a..b' }, EVENT_DATE_FIELDS)).toThrow(/not a field name/);
    expect(() => queryToDsl({ type: 'range', field: 'x', gt: Number.NaN }, EVENT_DATE_FIELDS)).toThrow(/finite/);
    let deep: QueryNode = { type: 'match_all' };
    for (let i = 0; i < 70; i++) deep = { type: 'not', clause: deep };
    expect(() => queryToDsl(deep, EVENT_DATE_FIELDS)).toThrow(expect.objectContaining({ code: 'QUERY_INVALID' }));
  });

  it('plans timestamps on their raw and case-folded sub-fields, other fields on ci and num', () => {
    expect(planField('utctimestamp', EVENT_DATE_FIELDS)).toEqual({ exact: 'utctimestamp.raw', ci: 'utctimestamp.ci', num: null });
    expect(planField('details.sourceport', EVENT_DATE_FIELDS)).toEqual({
      exact: 'details.sourceport',
      ci: 'details.sourceport.ci',
      num: 'details.sourceport.num',
    });
    expect(planField('summary', EVENT_DATE_FIELDS).exact).toBe('summary.keyword');
  });
});
