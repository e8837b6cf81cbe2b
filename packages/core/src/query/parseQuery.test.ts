import { describe, expect, it } from 'vitest';
import { MAX_QUERY_DEPTH, MAX_QUERY_LENGTH, parseQuery } from './parseQuery';
import type { QueryNode } from './QueryNode';
import { ALERT_TOP_LEVEL_FIELDS } from './topLevelFields';

function parsed(input: string): QueryNode {
  const result = parseQuery(input);
  if (!result.ok) throw new Error(`${input}: ${result.reason}`);
  return result.query;
}

function failure(input: string): { reason: string; position: number } {
  const result = parseQuery(input);
  if (result.ok) throw new Error(`${input} parsed as ${JSON.stringify(result.query)}`);
  return result;
}

const term = (field: string | null, value: string): QueryNode => ({ type: 'term', field, value });

describe('parseQuery', () => {
  it('parses empty input and *:* as match_all', () => {
    expect(parsed('')).toEqual({ type: 'match_all' });
    expect(parsed('   ')).toEqual({ type: 'match_all' });
    expect(parsed('*:*')).toEqual({ type: 'match_all' });
    expect(parsed('*')).toEqual({ type: 'match_all' });
  });

  it('parses bare words as full text and field:value as terms', () => {
    expect(parsed('failed')).toEqual(term(null, 'failed'));
    expect(parsed('hostname:web1')).toEqual(term('hostname', 'web1'));
    expect(parsed('details.sourceipaddress:10.0.0.1')).toEqual(term('details.sourceipaddress', '10.0.0.1'));
  });

  it('resolves bare non-top-level fields into details, keeps dotted and top-level fields', () => {
    expect(parsed('username:alice')).toEqual(term('details.username', 'alice'));
    expect(parsed('sourceipaddress:10.0.0.1')).toEqual(term('details.sourceipaddress', '10.0.0.1'));
    expect(parsed('severity:INFO')).toEqual(term('severity', 'INFO'));
    expect(parsed('foo.bar:x')).toEqual(term('foo.bar', 'x'));
    const alert = parseQuery('count:>5 rule.name:x', { topLevelFields: ALERT_TOP_LEVEL_FIELDS });
    expect(alert).toEqual({
      ok: true,
      query: { type: 'and', clauses: [{ type: 'range', field: 'count', gt: 5 }, term('rule.name', 'x')] },
    });
  });

  it('parses phrases with and without a field, with escaped quotes', () => {
    expect(parsed('"invalid user"')).toEqual({ type: 'phrase', field: null, value: 'invalid user' });
    expect(parsed('summary:"invalid user"')).toEqual({ type: 'phrase', field: 'summary', value: 'invalid user' });
    expect(parsed('"say \\"hi\\""')).toEqual({ type: 'phrase', field: null, value: 'say "hi"' });
    expect(parsed('"a * b"')).toEqual({ type: 'phrase', field: null, value: 'a * b' });
  });

  it('parses wildcards, and * alone on a field as exists', () => {
    expect(parsed('hostname:web*')).toEqual({ type: 'wildcard', field: 'hostname', pattern: 'web*' });
    expect(parsed('us?r')).toEqual({ type: 'wildcard', field: null, pattern: 'us?r' });
    expect(parsed('hostname:*')).toEqual({ type: 'exists', field: 'hostname' });
  });

  it('keeps escaped characters literal', () => {
    expect(parsed('path:C\\:\\\\Windows')).toEqual(term('details.path', 'C:\\Windows'));
    expect(parsed('name:a\\*b')).toEqual(term('details.name', 'a*b'));
    expect(parsed('name:a\\*b*')).toEqual({ type: 'wildcard', field: 'details.name', pattern: 'a\\*b*' });
    expect(parsed('a\\:b')).toEqual(term(null, 'a:b'));
    expect(parsed('x\\(1\\)')).toEqual(term(null, 'x(1)'));
  });

  it('allows colons inside a field value (IPv6, MAC addresses)', () => {
    expect(parsed('sourceipaddress:fe80::1')).toEqual(term('details.sourceipaddress', 'fe80::1'));
  });

  it('parses inclusive, exclusive, mixed and open ranges', () => {
    expect(parsed('port:[1 TO 1024]')).toEqual({ type: 'range', field: 'details.port', gte: 1, lte: 1024 });
    expect(parsed('port:{1 TO 1024}')).toEqual({ type: 'range', field: 'details.port', gt: 1, lt: 1024 });
    expect(parsed('port:[1 TO 1024}')).toEqual({ type: 'range', field: 'details.port', gte: 1, lt: 1024 });
    expect(parsed('port:[1024 TO *]')).toEqual({ type: 'range', field: 'details.port', gte: 1024 });
    expect(parsed('port:[* TO 5]')).toEqual({ type: 'range', field: 'details.port', lte: 5 });
    expect(parsed('port:[* TO *]')).toEqual({ type: 'exists', field: 'details.port' });
    expect(parsed('hostname:[a TO m]')).toEqual({ type: 'range', field: 'hostname', gte: 'a', lte: 'm' });
    expect(parsed('x:[1 TO b]')).toEqual({ type: 'range', field: 'details.x', gte: '1', lte: 'b' });
    expect(parsed('utctimestamp:["2024-01-01" TO "2024-02-01"]')).toEqual({
      type: 'range',
      field: 'utctimestamp',
      gte: '2024-01-01',
      lte: '2024-02-01',
    });
  });

  it('resolves now-relative range bounds at parse time', () => {
    const now = new Date('2024-05-05T12:30:00.000Z');
    expect(parseQuery('utctimestamp:[now-1h TO now]', { now })).toEqual({
      ok: true,
      query: { type: 'range', field: 'utctimestamp', gte: '2024-05-05T11:30:00.000Z', lte: '2024-05-05T12:30:00.000Z' },
    });
  });

  it('parses comparison shorthands', () => {
    expect(parsed('port:>=5')).toEqual({ type: 'range', field: 'details.port', gte: 5 });
    expect(parsed('port:>5')).toEqual({ type: 'range', field: 'details.port', gt: 5 });
    expect(parsed('port:<=5')).toEqual({ type: 'range', field: 'details.port', lte: 5 });
    expect(parsed('port:<10')).toEqual({ type: 'range', field: 'details.port', lt: 10 });
    expect(parsed('hostname:<m')).toEqual({ type: 'range', field: 'hostname', lt: 'm' });
  });

  it('parses boolean operators in words and symbols, with AND binding tighter than OR', () => {
    const [a, b, c] = [term(null, 'a'), term(null, 'b'), term(null, 'c')];
    expect(parsed('a AND b')).toEqual({ type: 'and', clauses: [a, b] });
    expect(parsed('a && b')).toEqual({ type: 'and', clauses: [a, b] });
    expect(parsed('a b')).toEqual({ type: 'and', clauses: [a, b] });
    expect(parsed('a OR b')).toEqual({ type: 'or', clauses: [a, b] });
    expect(parsed('a || b')).toEqual({ type: 'or', clauses: [a, b] });
    expect(parsed('a b OR c')).toEqual({ type: 'or', clauses: [{ type: 'and', clauses: [a, b] }, c] });
    expect(parsed('a OR b c')).toEqual({ type: 'or', clauses: [a, { type: 'and', clauses: [b, c] }] });
    expect(parsed('a AND (b OR c)')).toEqual({ type: 'and', clauses: [a, { type: 'or', clauses: [b, c] }] });
    expect(parsed('NOT a')).toEqual({ type: 'not', clause: a });
    expect(parsed('!a')).toEqual({ type: 'not', clause: a });
    expect(parsed('-a b')).toEqual({ type: 'and', clauses: [{ type: 'not', clause: a }, b] });
    expect(parsed('+a -b')).toEqual({ type: 'and', clauses: [a, { type: 'not', clause: b }] });
    expect(parsed('a AND NOT b')).toEqual({ type: 'and', clauses: [a, { type: 'not', clause: b }] });
    expect(parsed('NOT(a OR b)')).toEqual({ type: 'not', clause: { type: 'or', clauses: [a, b] } });
    expect(parsed('-hostname:x')).toEqual({ type: 'not', clause: term('hostname', 'x') });
  });

  it('treats lower-case and/or/not and words containing operators as plain words', () => {
    expect(parsed('a and b')).toEqual({ type: 'and', clauses: [term(null, 'a'), term(null, 'and'), term(null, 'b')] });
    expect(parsed('ANDROID')).toEqual(term(null, 'ANDROID'));
    expect(parsed('web-01')).toEqual(term(null, 'web-01'));
  });

  it('parses field groups', () => {
    expect(parsed('hostname:(web1 OR web*)')).toEqual({
      type: 'or',
      clauses: [term('hostname', 'web1'), { type: 'wildcard', field: 'hostname', pattern: 'web*' }],
    });
    expect(parsed('username:(alice -bob "c d")')).toEqual({
      type: 'and',
      clauses: [
        term('details.username', 'alice'),
        { type: 'not', clause: term('details.username', 'bob') },
        { type: 'phrase', field: 'details.username', value: 'c d' },
      ],
    });
    expect(parsed('port:([1 TO 5] OR >100)')).toEqual({
      type: 'or',
      clauses: [
        { type: 'range', field: 'details.port', gte: 1, lte: 5 },
        { type: 'range', field: 'details.port', gt: 100 },
      ],
    });
  });

  it('parses _exists_', () => {
    expect(parsed('_exists_:username')).toEqual({ type: 'exists', field: 'details.username' });
    expect(parsed('NOT _exists_:details.x')).toEqual({ type: 'not', clause: { type: 'exists', field: 'details.x' } });
  });

  it('reports what was expected and where', () => {
    expect(failure('hostname:')).toMatchObject({ position: 9 });
    expect(failure('hostname:').reason).toMatch(/expected a value after 'hostname:'/);
    expect(failure('(a OR b')).toMatchObject({ position: 7 });
    expect(failure('(a OR b').reason).toMatch(/expected '\)' to close the '\(' at position 0/);
    expect(failure('a)')).toMatchObject({ position: 1 });
    expect(failure('"open')).toMatchObject({ position: 5 });
    expect(failure('"open').reason).toMatch(/expected '"' to close the phrase opened at position 0/);
    expect(failure('port:[1 5]').reason).toMatch(/expected 'TO'/);
    expect(failure('port:[1 TO 5').reason).toMatch(/expected '\]' or '\}'/);
    expect(failure('a AND')).toMatchObject({ position: 5 });
    expect(failure('OR a')).toMatchObject({ position: 0 });
    expect(failure('[1 TO 2]').reason).toMatch(/a range needs a field/);
    expect(failure('host*:x').reason).toMatch(/wildcards/);
    expect(failure('a"b:x').reason).toMatch(/phrase opened at position 1/);
    expect(failure('bad$field:x').reason).toMatch(/not a field name/);
    expect(failure('foo~2').reason).toMatch(/not supported/);
    expect(failure('a\\').reason).toMatch(/expected a character after/);
    expect(failure('port:>*').reason).toMatch(/expected a value/);
    expect(failure('utctimestamp:[now-1x TO now]').reason).toMatch(/not a time/);
    expect(failure('()').reason).toMatch(/expected a term inside/);
  });

  it('refuses hostile input without exhausting the stack', () => {
    const deep = `${'('.repeat(100_000)}a${')'.repeat(100_000)}`;
    expect(failure(deep).reason).toMatch(/longer than/);
    const nested = `${'('.repeat(MAX_QUERY_DEPTH + 1)}a${')'.repeat(MAX_QUERY_DEPTH + 1)}`;
    expect(failure(nested)).toMatchObject({ position: MAX_QUERY_DEPTH });
    expect(failure(`${'NOT '.repeat(MAX_QUERY_DEPTH + 1)}a`).reason).toMatch(/deeper than/);
    expect(failure(`${'!'.repeat(MAX_QUERY_DEPTH + 1)}a`).reason).toMatch(/deeper than/);
    expect(failure('a '.repeat(MAX_QUERY_LENGTH)).position).toBe(MAX_QUERY_LENGTH);
    const ok = `${'('.repeat(MAX_QUERY_DEPTH)}a${')'.repeat(MAX_QUERY_DEPTH)}`;
    expect(parsed(ok)).toEqual(term(null, 'a'));
  });
});
