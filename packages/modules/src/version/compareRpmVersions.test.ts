import { describe, expect, it } from 'vitest';
import { compareRpmEvr } from './compareRpmEvr';
import { compareRpmVersions } from './compareRpmVersions';
import { parseRpmEvr } from './parseRpmEvr';
// Origin: rpm-software-management/rpm tests/rpmvercmp.at (see the file's "origin" field).
import fixture from './fixtures/rpmvercmp-cases.json';

describe('compareRpmVersions', () => {
  const cases = fixture.cases as Array<[string, string, number]>;

  it('transcribes all of rpm\'s published comparison cases', () => {
    expect(cases.length).toBe(91);
  });

  it.each(cases)('rpmvercmp(%s, %s) = %i', (a, b, expected) => {
    expect(compareRpmVersions(a, b)).toBe(expected);
  });

  it('is antisymmetric over every pair drawn from the published cases', () => {
    const versions = [...new Set(cases.flatMap(([a, b]) => [a, b]))];
    for (const a of versions) {
      for (const b of versions) {
        expect(compareRpmVersions(a, b)).toBe(-compareRpmVersions(b, a) || 0);
      }
    }
  });

  it('compares long digit runs without overflow', () => {
    expect(compareRpmVersions('1.123456789012345678901234567890', '1.123456789012345678901234567891')).toBe(-1);
    expect(compareRpmVersions('1.00000000000000000000000000000009', '1.9')).toBe(0);
  });
});

describe('compareRpmEvr', () => {
  it('splits epoch, version and release like rpm', () => {
    expect(parseRpmEvr('1:2.3-4.el9')).toEqual({ epoch: '1', version: '2.3', release: '4.el9' });
    expect(parseRpmEvr('2.3')).toEqual({ epoch: null, version: '2.3', release: null });
    expect(parseRpmEvr(':2.3-1-2')).toEqual({ epoch: '0', version: '2.3-1', release: '2' });
  });

  it('compares epoch first, then version, then release', () => {
    expect(compareRpmEvr('1:1.0-1', '0:9.9-9')).toBe(1);
    expect(compareRpmEvr('1.0-1', '0:1.0-1')).toBe(0);
    expect(compareRpmEvr('2.12-1.166.el6_7.7', '2.12-1.166.el6_7.10')).toBe(-1);
    expect(compareRpmEvr('2.12-1.166.el6', '2.12-1.166.el6_7.7')).toBe(-1);
    expect(compareRpmEvr('1.0~rc1-1', '1.0-1')).toBe(-1);
    expect(compareRpmEvr('1.0^git1-1', '1.0-1')).toBe(1);
  });

  it('puts a missing release before a present one', () => {
    expect(compareRpmEvr('1.0', '1.0-1')).toBe(-1);
    expect(compareRpmEvr('1.0-1', '1.0')).toBe(1);
  });
});
