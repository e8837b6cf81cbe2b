import { describe, expect, it } from 'vitest';
import { parseDuration } from './parseDuration';
import { parseTimeExpression } from './parseTimeExpression';

const now = new Date('2024-05-15T13:45:30.250Z'); // a Wednesday

const iso = (value: string): string | null => parseTimeExpression(value, now)?.toISOString() ?? null;

describe('parseTimeExpression', () => {
  it('parses ISO-8601 dates and times, UTC unless an offset is given', () => {
    expect(iso('2024-01-02')).toBe('2024-01-02T00:00:00.000Z');
    expect(iso('2024-01-02T03:04')).toBe('2024-01-02T03:04:00.000Z');
    expect(iso('2024-01-02T03:04:05Z')).toBe('2024-01-02T03:04:05.000Z');
    expect(iso('2024-01-02T03:04:05.123456Z')).toBe('2024-01-02T03:04:05.123Z');
    expect(iso('2024-01-02T03:04:05.5')).toBe('2024-01-02T03:04:05.500Z');
    expect(iso('2024-01-02T03:04:05+02:00')).toBe('2024-01-02T01:04:05.000Z');
    expect(iso('2024-01-02T03:04:05-0130')).toBe('2024-01-02T04:34:05.000Z');
    expect(iso('2014-04-17T06:06:54+00:00')).toBe('2014-04-17T06:06:54.000Z');
    expect(iso('0099-01-01')).toBe('0099-01-01T00:00:00.000Z');
  });

  it('rejects impossible or malformed dates', () => {
    for (const bad of ['2023-02-29', '2024-13-01', '2024-04-31', '2024-01-01T24:00', '2024-01-01T10:60', 'yesterday', '', '2024/01/01', '2024-01-01T10:00+25:00']) {
      expect(iso(bad), bad).toBeNull();
    }
    expect(iso('2024-02-29')).toBe('2024-02-29T00:00:00.000Z');
  });

  it('parses now and offsets from it', () => {
    expect(iso('now')).toBe('2024-05-15T13:45:30.250Z');
    expect(iso('now-15m')).toBe('2024-05-15T13:30:30.250Z');
    expect(iso('now-1h')).toBe('2024-05-15T12:45:30.250Z');
    expect(iso('now-7d')).toBe('2024-05-08T13:45:30.250Z');
    expect(iso('now+30s')).toBe('2024-05-15T13:46:00.250Z');
    expect(iso('now-1w')).toBe('2024-05-08T13:45:30.250Z');
    expect(iso('now-1M')).toBe('2024-04-15T13:45:30.250Z');
    expect(iso('now-1y')).toBe('2023-05-15T13:45:30.250Z');
    expect(iso('now-1d-2h')).toBe('2024-05-14T11:45:30.250Z');
  });

  it('rounds down to a unit', () => {
    expect(iso('now-1h/h')).toBe('2024-05-15T12:00:00.000Z');
    expect(iso('now/d')).toBe('2024-05-15T00:00:00.000Z');
    expect(iso('now-1d/d')).toBe('2024-05-14T00:00:00.000Z');
    expect(iso('now/w')).toBe('2024-05-13T00:00:00.000Z');
    expect(iso('now/M')).toBe('2024-05-01T00:00:00.000Z');
    expect(iso('now/y')).toBe('2024-01-01T00:00:00.000Z');
    expect(iso('now/m')).toBe('2024-05-15T13:45:00.000Z');
    expect(iso('now/d+1h')).toBe('2024-05-15T01:00:00.000Z');
  });

  it('rejects malformed relative expressions', () => {
    for (const bad of ['now-', 'now-1', 'now-1x', 'now1h', 'now-1h/', 'now - 1h', 'nowish']) {
      expect(iso(bad), bad).toBeNull();
    }
  });
});

describe('parseDuration', () => {
  it('converts s, m, h, d and w to milliseconds', () => {
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('15m')).toBe(900_000);
    expect(parseDuration('1h')).toBe(3_600_000);
    expect(parseDuration('7d')).toBe(604_800_000);
    expect(parseDuration('2w')).toBe(1_209_600_000);
  });

  it('returns null for anything else', () => {
    for (const bad of ['', 'h', '1', '1.5h', '-1h', '1H', '1y', '1 h x', '1hh']) expect(parseDuration(bad), bad).toBeNull();
  });
});
