import { describe, expect, it } from 'vitest';
import { compileQuery } from './compileQuery';
import { matchesQuery } from './matchesQuery';
import { parseQuery } from './parseQuery';
import type { QueryNode } from './QueryNode';

function q(input: string): QueryNode {
  const result = parseQuery(input);
  if (!result.ok) throw new Error(result.reason);
  return result.query;
}

const doc = {
  id: 'AbC-1',
  utctimestamp: '2024-03-01T10:00:00.000Z',
  hostname: 'Web01.Example.com',
  summary: 'Failed password for invalid user Admin from 10.0.0.1 port 22 ssh2',
  category: 'authentication',
  tags: ['SSH', 'bruteforce', null],
  details: {
    username: 'Admin',
    sourceport: 22,
    ratio: 0.5,
    success: false,
    processid: '4846',
    groups: ['wheel', 'Staff', { nested: 'x' }],
    empty: [],
    nothing: null,
    object: { a: 'inner' },
    when: new Date('2024-03-01T09:00:00.000Z'),
    blank: '',
  },
};

const matches = (input: string): boolean => matchesQuery(q(input), doc);

describe('matchesQuery', () => {
  it('compares keyword fields exactly but ignoring ASCII case', () => {
    expect(matches('hostname:web01.example.com')).toBe(true);
    expect(matches('hostname:web01')).toBe(false);
    expect(matches('username:admin')).toBe(true);
    expect(matches('username:"ADMIN"')).toBe(true);
    expect(matchesQuery({ type: 'term', field: 'name', value: 'ÉTÉ' }, { name: 'été' })).toBe(false);
    expect(matchesQuery({ type: 'term', field: 'name', value: 'ÉtÉ' }, { name: 'ÉTÉ' })).toBe(true);
  });

  it('compares id exactly', () => {
    expect(matches('id:AbC-1')).toBe(true);
    expect(matches('id:abc-1')).toBe(false);
  });

  it('matches free text by words, phrases and word wildcards, ignoring case', () => {
    expect(matches('failed')).toBe(true);
    expect(matches('FAIL')).toBe(false);
    expect(matches('fail*')).toBe(true);
    expect(matches('summary:pass?ord')).toBe(true);
    expect(matches('"invalid user admin"')).toBe(true);
    expect(matches('"user invalid"')).toBe(false);
    expect(matches('10.0.0.1')).toBe(true);
    expect(matches('"0.0.1 port"')).toBe(true);
    expect(matches('10.0.0.2')).toBe(false);
    expect(matches('10.0*')).toBe(false);
    expect(matches('ssh')).toBe(false);
    expect(matches('ssh*')).toBe(true);
    expect(matches('!!!')).toBe(false);
  });

  it('matches an array when any element matches', () => {
    expect(matches('tags:ssh')).toBe(true);
    expect(matches('tags:brute*')).toBe(true);
    expect(matches('groups:staff')).toBe(true);
    expect(matches('groups:x')).toBe(false);
    expect(matches('tags:nope')).toBe(false);
  });

  it('compares numbers numerically and numeric strings as numbers in numeric ranges', () => {
    expect(matches('sourceport:22')).toBe(true);
    expect(matches('sourceport:22.0')).toBe(true);
    expect(matches('sourceport:[20 TO 25]')).toBe(true);
    expect(matches('sourceport:>22')).toBe(false);
    expect(matches('ratio:<1')).toBe(true);
    expect(matches('details.processid:>=4000')).toBe(true);
    expect(matches('details.processid:4846')).toBe(true);
    expect(matches('processid:4846')).toBe(false);
    expect(matches('sourceport:[a TO z]')).toBe(false);
    expect(matches('sourceport:2*')).toBe(false);
  });

  it('compares strings in ranges as strings and timestamps as ISO strings', () => {
    expect(matches('hostname:[W TO X]')).toBe(true);
    expect(matches('hostname:[w TO x]')).toBe(false);
    expect(matches('utctimestamp:[2024-03-01 TO 2024-03-02]')).toBe(true);
    expect(matches('utctimestamp:<2024-03-01T10:00:00.000Z')).toBe(false);
    expect(matches('when:[2024-03-01T08:00 TO 2024-03-01T09:30]')).toBe(true);
  });

  it('matches booleans by true/false', () => {
    expect(matches('success:false')).toBe(true);
    expect(matches('success:FALSE')).toBe(true);
    expect(matches('success:true')).toBe(false);
  });

  it('decides existence like a JSON store: not null, not an empty array, not an empty object', () => {
    expect(matches('_exists_:username')).toBe(true);
    expect(matches('_exists_:blank')).toBe(true);
    expect(matches('_exists_:empty')).toBe(false);
    expect(matches('_exists_:nothing')).toBe(false);
    expect(matches('_exists_:missing')).toBe(false);
    expect(matches('_exists_:object')).toBe(true);
    expect(matches('object:inner')).toBe(false);
    expect(matches('_exists_:details.object.a')).toBe(true);
    expect(matchesQuery({ type: 'exists', field: 'o' }, { o: { a: null, b: undefined } })).toBe(false);
    expect(matchesQuery({ type: 'exists', field: 'o' }, { o: [null, Number.NaN] })).toBe(false);
  });

  it('never walks into arrays or the prototype chain', () => {
    expect(matches('details.groups.nested:x')).toBe(false);
    expect(matches('_exists_:constructor')).toBe(false);
    expect(matches('details.constructor.name:Object')).toBe(false);
    expect(matches('_exists_:details.toString')).toBe(false);
  });

  it('treats NOT of a missing field as true', () => {
    expect(matches('NOT username:bob')).toBe(true);
    expect(matches('NOT nosuchfield:x')).toBe(true);
    expect(matches('-_exists_:missing')).toBe(true);
  });

  it('combines with and/or/not', () => {
    expect(matches('failed AND hostname:web01.example.com')).toBe(true);
    expect(matches('failed AND hostname:nope')).toBe(false);
    expect(matches('nope OR username:admin')).toBe(true);
    expect(matches('username:(bob OR admin) -tags:ssh')).toBe(false);
    expect(matchesQuery({ type: 'and', clauses: [] }, doc)).toBe(true);
    expect(matchesQuery({ type: 'or', clauses: [] }, doc)).toBe(false);
  });

  it('handles escaped wildcard characters as literals', () => {
    expect(matchesQuery(q('name:a\\*c'), { details: { name: 'a*c' } })).toBe(true);
    expect(matchesQuery(q('name:a\\*c'), { details: { name: 'abc' } })).toBe(false);
    expect(matchesQuery(q('name:a\\**'), { details: { name: 'a*xyz' } })).toBe(true);
    expect(matchesQuery(q('name:a\\**'), { details: { name: 'abxyz' } })).toBe(false);
    expect(matchesQuery(q('name:?'), { details: { name: '😀' } })).toBe(true);
    expect(matchesQuery(q('name:a*'), { details: { name: 'a\nb' } })).toBe(true);
  });

  it('folds ASCII case only in keyword wildcards, prefix or not', () => {
    const host = (hostname: string, query: string): boolean => matchesQuery(q(query), { hostname });
    expect(host('Web1.example.com', 'hostname:WEB*')).toBe(true);
    expect(host('web1.example.com', 'hostname:wEb?.*')).toBe(true);
    expect(host('éte', 'hostname:É*')).toBe(false);
    expect(host('Éte', 'hostname:É*')).toBe(true);
    expect(host('Éte', 'hostname:?TE')).toBe(true);
    expect(host('ab', 'hostname:abc*')).toBe(false);
  });

  it('matches hostile wildcard patterns without exponential backtracking', () => {
    const long = 'a'.repeat(20_000);
    const pattern = `${'*a'.repeat(40)}*b`;
    expect(matchesQuery({ type: 'wildcard', field: 'x', pattern }, { x: long })).toBe(false);
    expect(matchesQuery({ type: 'wildcard', field: null, pattern }, { summary: long })).toBe(false);
    expect(matchesQuery({ type: 'wildcard', field: 'x', pattern }, { x: `${long}b` })).toBe(true);
    expect(matchesQuery({ type: 'wildcard', field: null, pattern }, { summary: `x ${long}B y` })).toBe(true);
  });

  it('evaluates long and/or lists', () => {
    const many = (type: 'and' | 'or', n: number, value: string): QueryNode => ({
      type,
      clauses: Array.from({ length: n }, (_, i) => ({ type: 'term', field: 'hostname', value: i === n - 1 ? value : 'x' })),
    });
    expect(matchesQuery(many('or', 5000, 'h'), { hostname: 'h' })).toBe(true);
    expect(matchesQuery(many('or', 5000, 'nope'), { hostname: 'h' })).toBe(false);
    expect(matchesQuery(many('and', 5000, 'y'), { hostname: 'x' })).toBe(false);
    expect(matchesQuery(many('and', 5000, 'x'), { hostname: 'X' })).toBe(true);
    expect(matchesQuery({ type: 'and', clauses: Array.from({ length: 5000 }, () => ({ type: 'match_all' })) }, {})).toBe(true);
    expect(matchesQuery(many('or', 3, 'h'), { hostname: 'H' })).toBe(true);
  });

  it('compiles once and refuses absurdly deep trees', () => {
    const predicate = compileQuery(q('hostname:web* AND NOT tags:x'));
    expect(predicate(doc)).toBe(true);
    expect(predicate({ hostname: 'db1' })).toBe(false);
    let deep: QueryNode = { type: 'match_all' };
    for (let i = 0; i < 200; i++) deep = { type: 'not', clause: deep };
    expect(() => compileQuery(deep)).toThrow(/deeper than/);
  });
});
