import { describe, expect, it } from 'vitest';
import { EnrichError } from '../EnrichError';
import { makeEvent, run, runOne } from '../../test/makeEvent';
import { copyFields } from './copyFields';
import { dotKeys } from './dotKeys';
import { dropFields } from './dropFields';
import { dropMatching } from './dropMatching';
import { lowercaseKeys } from './lowercaseKeys';
import { renameFields } from './renameFields';
import { tagByRule } from './tagByRule';
import { truncateStrings } from './truncateStrings';

const ev = (details: Record<string, unknown>, extra: Record<string, unknown> = {}) => makeEvent({ details, ...extra });

describe('lowercaseKeys', () => {
  it('lower-cases keys at every level; the lower-case key wins a collision', () => {
    const e = runOne(lowercaseKeys(), ev({ SourceIPAddress: '192.0.2.1', userIdentity: { userName: 'bob', Items: [{ InstanceId: 'i-1' }] }, user: 'a', USER: 'b' }));
    expect(e.details).toEqual({ sourceipaddress: '192.0.2.1', useridentity: { username: 'bob', items: [{ instanceid: 'i-1' }] }, user: 'a', USER: 'b' });
    const shallow = runOne(lowercaseKeys({ depth: 1 }), ev({ A: { B: 1 } }));
    expect(shallow.details).toEqual({ a: { B: 1 } });
  });
});

describe('dotKeys', () => {
  it('replaces dots with underscores', () => {
    const e = runOne(dotKeys(), ev({ 'id.orig_h': '10.0.0.1', nested: { 'a.b': 1 }, id_orig_h: 'kept' }));
    expect(e.details).toEqual({ id_orig_h: 'kept', id_orig_h_: '10.0.0.1', nested: { a_b: 1 } });
  });

  it('nests dotted keys, falling back to underscores on a clash', () => {
    const e = runOne(dotKeys({ mode: 'nest' }), ev({ 'id.orig_h': '10.0.0.1', 'id.orig_p': 5, 'x.y': 1, x: 'scalar' }));
    expect(e.details).toEqual({ id: { orig_h: '10.0.0.1', orig_p: 5 }, x: 'scalar', x_y: 1 });
    const evil = runOne(dotKeys({ mode: 'nest' }), ev({ '__proto__.polluted': 1 }));
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(evil.details['___proto___polluted'] ?? evil.details['__proto___polluted']).toBe(1);
  });

  it('rejects an unknown mode', () => {
    expect(() => dotKeys({ mode: 'flatten' } as never)).toThrow(/must be one of "underscore", "nest"/);
  });
});

describe('truncateStrings', () => {
  it('cuts long strings in summary and nested details and tags the event', () => {
    const long = 'a'.repeat(100);
    const e = runOne(truncateStrings({ maxLength: 20 }), makeEvent({ summary: long, details: { x: long, deep: { list: [long, 'short'] } } }));
    expect(e.summary).toHaveLength(20);
    expect((e.details['deep'] as { list: string[] }).list).toEqual(['a'.repeat(20), 'short']);
    expect(e.details['x']).toHaveLength(20);
    expect(e.tags).toContain('vigil:truncated');
  });

  it('does not split surrogate pairs and leaves short events alone', () => {
    const e = runOne(truncateStrings({ maxLength: 16 }), ev({ s: `${'a'.repeat(15)}😀😀` }));
    expect(e.details['s']).toBe('a'.repeat(15));
    const untouched = runOne(truncateStrings(), ev({ s: 'short' }));
    expect(untouched.tags).toEqual([]);
  });
});

describe('dropFields, renameFields, copyFields', () => {
  it('drops fields by path', () => {
    const e = runOne(dropFields({ paths: ['details.password', 'details.http.cookie'] }), ev({ password: 'x', http: { cookie: 'c', uri: '/' } }));
    expect(e.details).toEqual({ http: { uri: '/' } });
  });

  it('renames fields, not overwriting by default', () => {
    const p = renameFields({ fields: { 'details.src': 'details.sourceipaddress', 'details.a.b': 'details.c' } });
    expect(runOne(p, ev({ src: '192.0.2.1', a: { b: 2 } })).details).toEqual({ sourceipaddress: '192.0.2.1', a: {}, c: 2 });
    expect(runOne(p, ev({ src: '192.0.2.1', sourceipaddress: '192.0.2.9' })).details).toEqual({ src: '192.0.2.1', sourceipaddress: '192.0.2.9' });
  });

  it('copies top-level and details fields deeply', () => {
    const source = { list: [1, 2] };
    const e = runOne(copyFields({ fields: { hostname: 'details.host', 'details.obj': 'details.copy' } }), makeEvent({ hostname: 'web1', details: { obj: source } }));
    expect(e.details).toMatchObject({ host: 'web1', copy: { list: [1, 2] } });
    expect(e.details['copy']).not.toBe(source);
  });

  it('refuses paths outside details', () => {
    expect(() => dropFields({ paths: ['id'] })).toThrow(EnrichError);
    expect(() => renameFields({ fields: { 'details.a': 'summary' } })).toThrow(/pattern/);
  });
});

describe('dropMatching and tagByRule (core query syntax)', () => {
  it('drops events matching any query', () => {
    const p = dropMatching({ queries: ['processname:cron AND summary:"session opened"', 'details.noise:true'] });
    expect(run(p, makeEvent({ processname: 'CRON', summary: 'pam_unix(cron:session): session opened for user root' }))).toBeNull();
    expect(run(p, ev({ noise: true }))).toBeNull();
    const kept = makeEvent({ processname: 'sshd', summary: 'session opened' });
    expect(run(p, kept)).toBe(kept);
  });

  it('tags and sets severity by rule, in order', () => {
    const p = tagByRule({
      rules: [
        { query: 'category:authentication AND details.success:false', tags: ['failed-login'], severity: 'NOTICE' },
        { query: 'details.sourceipclass:public AND details.success:false', tags: ['external'], severity: 'WARNING' },
      ],
    });
    const e = runOne(p, ev({ success: false, sourceipclass: 'public' }, { category: 'authentication' }));
    expect(e.tags).toEqual(['failed-login', 'external']);
    expect(e.severity).toBe('WARNING');
    const other = runOne(p, ev({ success: true }, { category: 'authentication' }));
    expect(other.tags).toEqual([]);
    expect(other.severity).toBe('INFO');
  });

  it('fails at construction on a bad query or rule', () => {
    expect(() => dropMatching({ queries: ['category:(unclosed'] })).toThrow(/queries\[0\] is not a valid query/);
    expect(() => tagByRule({ rules: [{ query: 'a:b' }] })).toThrow(EnrichError);
    expect(() => tagByRule({ rules: [{ query: 'a:b', severity: 'LOUD' as never }] })).toThrow(/severity must be one of/);
  });
});
