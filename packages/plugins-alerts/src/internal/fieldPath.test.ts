import { describe, expect, it } from 'vitest';
import { compileFieldPath, keyOf } from './fieldPath';

describe('compileFieldPath', () => {
  it('reads top-level, two-level and deeper paths, and undefined through non-objects', () => {
    const doc = { hostname: 'web1', details: { sourceipaddress: '10.0.0.1', geo: { city: { name: 'Paris' } } }, tags: 'x' };
    expect(compileFieldPath('hostname')(doc)).toBe('web1');
    expect(compileFieldPath('details.sourceipaddress')(doc)).toBe('10.0.0.1');
    expect(compileFieldPath('details.geo.city.name')(doc)).toBe('Paris');
    expect(compileFieldPath('tags.length')(doc)).toBeUndefined();
    expect(compileFieldPath('details.geo.city.name.first')(doc)).toBeUndefined();
  });

  it('reads a path with capitals as written, then in lower case as lowercaseKeys leaves it', () => {
    const read = compileFieldPath('details.sourceIPAddress');
    expect(read({ details: { sourceIPAddress: 'as written' } })).toBe('as written');
    expect(read({ details: { sourceipaddress: 'lowered' } })).toBe('lowered');
    expect(read({ details: { sourceIPAddress: 'as written', sourceipaddress: 'lowered' } })).toBe('as written');
    expect(read({ details: {} })).toBeUndefined();
    expect(compileFieldPath('details.Geo.City')({ details: { geo: { city: 'Lyon' } } })).toBe('Lyon');
  });
});

describe('keyOf', () => {
  it('keys scalars and nothing else', () => {
    expect([keyOf('a'), keyOf(''), keyOf(3), keyOf(false), keyOf(null), keyOf({}), keyOf(undefined)]).toEqual(['a', undefined, '3', 'false', undefined, undefined, undefined]);
  });
});
