import { describe, expect, it } from 'vitest';
import { normalizeSeverity, SEVERITIES, severityFromSyslogCode, severityRank } from './severity';

describe('normalizeSeverity', () => {
  it('maps RFC 5424 codes 0-7, as numbers and numeric strings', () => {
    const expected = ['EMERGENCY', 'ALERT', 'CRITICAL', 'ERROR', 'WARNING', 'NOTICE', 'INFO', 'DEBUG'];
    for (let code = 0; code <= 7; code++) {
      expect(normalizeSeverity(code)).toBe(expected[code]);
      expect(normalizeSeverity(String(code))).toBe(expected[code]);
      expect(normalizeSeverity(` ${code} `)).toBe(expected[code]);
    }
  });

  it.each([
    ['debug', 'DEBUG'],
    ['TRACE', 'DEBUG'],
    ['Verbose', 'DEBUG'],
    ['info', 'INFO'],
    ['Information', 'INFO'],
    ['informational', 'INFO'],
    ['notice', 'NOTICE'],
    ['warn', 'WARNING'],
    ['Warning', 'WARNING'],
    ['err', 'ERROR'],
    ['error', 'ERROR'],
    ['SEVERE', 'ERROR'],
    ['crit', 'CRITICAL'],
    ['critical', 'CRITICAL'],
    ['fatal', 'CRITICAL'],
    ['alert', 'ALERT'],
    ['emerg', 'EMERGENCY'],
    ['panic', 'EMERGENCY'],
    ['EMERGENCY', 'EMERGENCY'],
    ['  warning\n', 'WARNING'],
  ])('reads %j as %s', (input, expected) => {
    expect(normalizeSeverity(input)).toBe(expected);
  });

  it.each([8, -1, 3.5, Number.NaN, '8', '', 'loud', 'warnings', null, undefined, true, {}, ['INFO']])(
    'answers null for %j',
    (input) => {
      expect(normalizeSeverity(input)).toBeNull();
    },
  );
});

describe('SEVERITIES and severityRank', () => {
  it('orders the eight severities from least to most severe', () => {
    expect(SEVERITIES).toEqual(['DEBUG', 'INFO', 'NOTICE', 'WARNING', 'ERROR', 'CRITICAL', 'ALERT', 'EMERGENCY']);
    expect(Object.isFrozen(SEVERITIES)).toBe(true);
  });

  it('ranks by position so comparisons follow severity', () => {
    SEVERITIES.forEach((severity, index) => expect(severityRank(severity)).toBe(index));
    expect(severityRank('ERROR')).toBeGreaterThan(severityRank('WARNING'));
    expect(severityRank('DEBUG')).toBe(0);
    expect(severityRank('EMERGENCY')).toBe(7);
  });

  it('agrees with the RFC 5424 codes: a lower code is a higher rank', () => {
    for (let code = 0; code < 7; code++) {
      const higher = severityFromSyslogCode(code);
      const lower = severityFromSyslogCode(code + 1);
      if (higher === null || lower === null) throw new Error('code without severity');
      expect(severityRank(higher)).toBe(severityRank(lower) + 1);
    }
    expect(severityFromSyslogCode(8)).toBeNull();
  });
});
