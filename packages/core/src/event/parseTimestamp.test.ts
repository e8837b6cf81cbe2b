import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { VigilError } from '../errors/VigilError';
import { parseTimestamp } from './parseTimestamp';

function iso(value: unknown, options?: Parameters<typeof parseTimestamp>[1]): string | null {
  return parseTimestamp(value, options)?.toISOString() ?? null;
}

/** Wall-clock text of an instant in a zone, read with Intl (an independent oracle). */
function wallTime(date: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(date);
  const get = (type: string): string => parts.find((part) => part.type === type)?.value ?? '??';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}:${get('second')}`;
}

describe('parseTimestamp: ISO 8601 / RFC 3339', () => {
  it.each([
    ['2024-01-02T03:04:05Z', '2024-01-02T03:04:05.000Z'],
    ['2024-01-02T03:04:05.123Z', '2024-01-02T03:04:05.123Z'],
    ['2024-01-02T03:04:05.1Z', '2024-01-02T03:04:05.100Z'],
    ['2024-01-02T03:04:05.123456789Z', '2024-01-02T03:04:05.123Z'],
    ['2024-01-02T03:04:05,5Z', '2024-01-02T03:04:05.500Z'],
    ['2024-01-02t03:04:05z', '2024-01-02T03:04:05.000Z'],
    ['2024-01-02T03:04Z', '2024-01-02T03:04:00.000Z'],
    ['2024-01-02T03:04:05+00:00', '2024-01-02T03:04:05.000Z'],
    ['2024-01-02T03:04:05+02:00', '2024-01-02T01:04:05.000Z'],
    ['2024-01-02T03:04:05-07:30', '2024-01-02T10:34:05.000Z'],
    ['2024-01-02T03:04:05+0530', '2024-01-01T21:34:05.000Z'],
    ['2024-01-02T03:04:05-05', '2024-01-02T08:04:05.000Z'],
    ['2024-01-02 03:04:05 +0100', '2024-01-02T02:04:05.000Z'],
    ['2024-01-02 03:04:05 UTC', '2024-01-02T03:04:05.000Z'],
    ['2024-01-02T03:04:05GMT', '2024-01-02T03:04:05.000Z'],
    ['2014-04-17T05:31:33.631170+00:00', '2014-04-17T05:31:33.631Z'],
    ['2024-01-02T24:00:00Z', '2024-01-03T00:00:00.000Z'],
    ['2016-12-31T23:59:60Z', '2017-01-01T00:00:00.000Z'],
    ['  2024-01-02T03:04:05Z\n', '2024-01-02T03:04:05.000Z'],
    ['0001-01-01T00:00:00Z', '0001-01-01T00:00:00.000Z'],
    ['9999-12-31T23:59:59.999Z', '9999-12-31T23:59:59.999Z'],
  ])('%j is %s', (input, expected) => {
    expect(iso(input)).toBe(expected);
  });

  it('reads zone-less forms in UTC by default', () => {
    expect(iso('2024-01-02T03:04:05')).toBe('2024-01-02T03:04:05.000Z');
    expect(iso('2024-01-02 03:04:05')).toBe('2024-01-02T03:04:05.000Z');
    expect(iso('2024-01-02 03:04:05.678')).toBe('2024-01-02T03:04:05.678Z');
    expect(iso('2024-01-02')).toBe('2024-01-02T00:00:00.000Z');
  });

  it.each([
    '2024-13-01T00:00:00Z',
    '2024-00-10T00:00:00Z',
    '2023-02-29T00:00:00Z',
    '2024-04-31T00:00:00Z',
    '2024-01-02T25:00:00Z',
    '2024-01-02T24:00:01Z',
    '2024-01-02T03:60:00Z',
    '2024-01-02T03:04:61Z',
    '2024-01-02T03:04:05+24:00',
    '2024-01-02T03:04:05+02:60',
    '2024-01-02T03:04:05.Z',
    '2024-01-02T03:04:05.1234567890Z',
    '2024-01-02T03:04:05 PST',
    '2024-01-02X03:04:05Z',
    '2024-01-02T03',
    '2024-1-2',
    '24-01-02T03:04:05Z',
  ])('refuses %j', (input) => {
    expect(parseTimestamp(input)).toBeNull();
  });
});

describe('parseTimestamp: RFC 5424 syslog', () => {
  // The examples of RFC 5424 section 6.2.3.1.
  it.each([
    ['1985-04-12T23:20:50.52Z', '1985-04-12T23:20:50.520Z'],
    ['1985-04-12T19:20:50.52-04:00', '1985-04-12T23:20:50.520Z'],
    ['2003-10-11T22:14:15.003Z', '2003-10-11T22:14:15.003Z'],
    ['2003-08-24T05:14:15.000003-07:00', '2003-08-24T12:14:15.000Z'],
  ])('%j is %s', (input, expected) => {
    expect(iso(input)).toBe(expected);
  });

  it('treats the NILVALUE "-" as no timestamp', () => {
    expect(parseTimestamp('-')).toBeNull();
  });
});

describe('parseTimestamp: epoch numbers', () => {
  it.each([
    [1704164645, '2024-01-02T03:04:05.000Z'],
    [1704164645.5, '2024-01-02T03:04:05.500Z'],
    [1704164645123, '2024-01-02T03:04:05.123Z'],
    [1704164645123456, '2024-01-02T03:04:05.123Z'],
    [1704164645123456800, '2024-01-02T03:04:05.123Z'],
    [0, '1970-01-01T00:00:00.000Z'],
    [-1, '1969-12-31T23:59:59.000Z'],
    ['1704164645', '2024-01-02T03:04:05.000Z'],
    ['1405546326.853474', '2014-07-16T21:32:06.853Z'],
    ['1704164645123', '2024-01-02T03:04:05.123Z'],
    ['1704164645123456', '2024-01-02T03:04:05.123Z'],
    ['+1704164645', '2024-01-02T03:04:05.000Z'],
    ['-86400', '1969-12-31T00:00:00.000Z'],
  ])('%j is %s (unit decided by magnitude)', (input, expected) => {
    expect(iso(input)).toBe(expected);
  });

  it('reads fractional seconds in text digit by digit, without float rounding', () => {
    expect(iso('1.005')).toBe('1970-01-01T00:00:01.005Z');
    expect(iso('1704164645.999999')).toBe('2024-01-02T03:04:05.999Z');
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, 1e20 * 1e6, '12a', '1.', '.5', '1e9', '--1', '1.2.3'])(
    'refuses %j',
    (input) => {
      expect(parseTimestamp(input)).toBeNull();
    },
  );

  it('refuses instants outside years 0000-9999', () => {
    expect(parseTimestamp(new Date(253_402_300_800_000))).toBeNull();
    expect(parseTimestamp(-62_167_219_200_001)).toBeNull();
    expect(parseTimestamp('-62167219200001')).toBeNull();
    expect(iso(-62_167_219_200_000)).toBe('0000-01-01T00:00:00.000Z');
  });
});

describe('parseTimestamp: RFC 3164 syslog (no year)', () => {
  const reference = new Date('2024-06-15T12:00:00Z');

  it.each([
    ['Jan  2 03:04:05', '2024-01-02T03:04:05.000Z'],
    ['Jan 02 03:04:05', '2024-01-02T03:04:05.000Z'],
    ['Jan 2 03:04:05', '2024-01-02T03:04:05.000Z'],
    ['jan  2 03:04:05', '2024-01-02T03:04:05.000Z'],
    ['Apr 17 06:06:53', '2024-04-17T06:06:53.000Z'],
    ['Dec 31 23:59:59.250', '2023-12-31T23:59:59.250Z'],
    ['Nov 30 23:59:59', '2024-11-30T23:59:59.000Z'],
    ['Jan  2 2019 03:04:05', '2019-01-02T03:04:05.000Z'],
  ])('%j is %s near mid-2024', (input, expected) => {
    expect(iso(input, { reference })).toBe(expected);
  });

  it('picks the year that puts the time closest to the reference, across new year', () => {
    expect(iso('Dec 31 23:59:00', { reference: new Date('2025-01-01T00:10:00Z') })).toBe('2024-12-31T23:59:00.000Z');
    expect(iso('Jan  1 00:05:00', { reference: new Date('2024-12-31T23:50:00Z') })).toBe('2025-01-01T00:05:00.000Z');
    expect(iso('Aug  1 00:00:00', { reference: new Date('2025-01-01T00:00:00Z') })).toBe('2024-08-01T00:00:00.000Z');
    expect(iso('Jun  1 00:00:00', { reference: new Date('2025-01-01T00:00:00Z') })).toBe('2025-06-01T00:00:00.000Z');
  });

  it('finds Feb 29 in the nearest leap year, or refuses it', () => {
    expect(iso('Feb 29 01:00:00', { reference: new Date('2025-03-01T00:00:00Z') })).toBe('2024-02-29T01:00:00.000Z');
    expect(parseTimestamp('Feb 29 01:00:00', { reference: new Date('2026-06-01T00:00:00Z') })).toBeNull();
  });

  it('reads the wall time in the configured zone', () => {
    expect(iso('Jan  2 03:04:05', { reference, defaultTimeZone: 'America/New_York' })).toBe('2024-01-02T08:04:05.000Z');
    expect(iso('Jul  2 03:04:05', { reference, defaultTimeZone: 'America/New_York' })).toBe('2024-07-02T07:04:05.000Z');
  });

  it.each(['Foo  2 03:04:05', 'Jan 32 03:04:05', 'Jan  2 3:04:05', 'Jan  2 03:04', 'Jan  2 03:04:05 extra', 'Jan'])(
    'refuses %j',
    (input) => {
      expect(parseTimestamp(input, { reference })).toBeNull();
    },
  );
});

describe('parseTimestamp: zones', () => {
  it.each([
    ['America/New_York', '2024-01-15 12:00:00', '2024-01-15T17:00:00.000Z'],
    ['America/New_York', '2024-07-15 12:00:00', '2024-07-15T16:00:00.000Z'],
    ['Europe/Paris', '2024-07-15T12:00:00', '2024-07-15T10:00:00.000Z'],
    ['Asia/Kolkata', '2024-07-15 12:00:00.250', '2024-07-15T06:30:00.250Z'],
    ['Asia/Kathmandu', '2024-07-15 12:00:00', '2024-07-15T06:15:00.000Z'],
    ['Australia/Lord_Howe', '2024-01-15 12:00:00', '2024-01-15T01:00:00.000Z'],
    ['Australia/Lord_Howe', '2024-07-15 12:00:00', '2024-07-15T01:30:00.000Z'],
    ['Pacific/Kiritimati', '2024-07-15 12:00:00', '2024-07-14T22:00:00.000Z'],
    ['UTC', '2024-07-15 12:00:00', '2024-07-15T12:00:00.000Z'],
    ['Etc/UTC', '2024-07-15 12:00:00', '2024-07-15T12:00:00.000Z'],
  ])('in %s, %j is %s', (defaultTimeZone, input, expected) => {
    expect(iso(input, { defaultTimeZone })).toBe(expected);
  });

  it('round-trips wall times through Intl in many zones and seasons', () => {
    const zones = ['America/Los_Angeles', 'America/Sao_Paulo', 'Europe/London', 'Africa/Casablanca', 'Asia/Tehran', 'Australia/Adelaide', 'Pacific/Chatham'];
    const walls = ['2023-01-01 00:00:00', '2023-03-15 09:30:15', '2023-06-30 23:59:59', '2023-10-01 12:00:00', '1999-12-31 23:00:00'];
    for (const zone of zones) {
      for (const wall of walls) {
        const parsed = parseTimestamp(wall, { defaultTimeZone: zone });
        if (parsed === null) throw new Error(`${wall} in ${zone} did not parse`);
        expect(`${zone} ${wallTime(parsed, zone)}`).toBe(`${zone} ${wall}`);
      }
    }
  });

  it('takes the earlier instant for a wall time that happens twice (clocks going back)', () => {
    expect(iso('2024-11-03 01:30:00', { defaultTimeZone: 'America/New_York' })).toBe('2024-11-03T05:30:00.000Z');
    expect(iso('2024-10-27 02:30:00', { defaultTimeZone: 'Europe/Berlin' })).toBe('2024-10-27T00:30:00.000Z');
  });

  it('moves a skipped wall time forward by the gap (clocks going forward)', () => {
    const spring = parseTimestamp('2024-03-10 02:30:00', { defaultTimeZone: 'America/New_York' });
    expect(spring?.toISOString()).toBe('2024-03-10T07:30:00.000Z');
    if (spring === null) throw new Error('no instant');
    expect(wallTime(spring, 'America/New_York')).toBe('2024-03-10 03:30:00');
    expect(iso('2024-03-31 02:15:00', { defaultTimeZone: 'Europe/Berlin' })).toBe('2024-03-31T01:15:00.000Z');
  });

  it('ignores the configured zone when the text carries its own', () => {
    expect(iso('2024-07-15T12:00:00Z', { defaultTimeZone: 'Asia/Tokyo' })).toBe('2024-07-15T12:00:00.000Z');
    expect(iso('2024-07-15T12:00:00+01:00', { defaultTimeZone: 'Asia/Tokyo' })).toBe('2024-07-15T11:00:00.000Z');
    expect(iso(1704164645, { defaultTimeZone: 'Asia/Tokyo' })).toBe('2024-01-02T03:04:05.000Z');
  });

  it('throws a VigilError CONFIG_INVALID for an unknown zone', () => {
    let thrown: unknown;
    try {
      parseTimestamp('2024-01-02', { defaultTimeZone: 'Mars/Olympus_Mons' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(VigilError);
    expect((thrown as VigilError).code).toBe('CONFIG_INVALID');
    expect((thrown as VigilError).message).toContain('Mars/Olympus_Mons');
  });
});

describe('parseTimestamp: other values', () => {
  it('accepts a valid Date and refuses an invalid one', () => {
    expect(iso(new Date('2024-01-02T03:04:05.006Z'))).toBe('2024-01-02T03:04:05.006Z');
    expect(parseTimestamp(new Date(Number.NaN))).toBeNull();
  });

  it.each([null, undefined, true, {}, [], ['2024-01-02T03:04:05Z'], '', 'yesterday', 'x'.repeat(10_000)])(
    'refuses %j',
    (input) => {
      expect(parseTimestamp(input)).toBeNull();
    },
  );
});

describe('parseTimestamp never uses the process time zone', () => {
  const savedTz = process.env.TZ;
  afterEach(() => {
    if (savedTz === undefined) delete process.env.TZ;
    else process.env.TZ = savedTz;
  });

  const inputs = ['2024-01-02 03:04:05', '2024-07-02T03:04:05', 'Jan  2 03:04:05', 'Jul  2 03:04:05', '2024-03-10 02:30:00'];
  const read = (): (string | null)[] =>
    inputs.flatMap((input) => [
      iso(input, { reference: new Date('2024-06-01T00:00:00Z') }),
      iso(input, { reference: new Date('2024-06-01T00:00:00Z'), defaultTimeZone: 'America/New_York' }),
    ]);

  it('gives the same instants whatever process.env.TZ is', () => {
    process.env.TZ = 'UTC';
    const inUtc = read();
    process.env.TZ = 'Pacific/Auckland';
    // The change is visible to local-time Date APIs, so a result depending on it would differ.
    expect(new Date(2024, 0, 1).getTimezoneOffset()).toBe(-780);
    expect(read()).toEqual(inUtc);
    expect(inUtc[0]).toBe('2024-01-02T03:04:05.000Z');
  });

  it('gives the same instants in a child process started with another TZ', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-tz-'));
    try {
      const script = join(dir, 'read.ts');
      const moduleUrl = resolve(import.meta.dirname, 'parseTimestamp.ts');
      writeFileSync(
        script,
        [
          `import { parseTimestamp } from ${JSON.stringify(moduleUrl)};`,
          `const inputs = ${JSON.stringify(inputs)};`,
          `const reference = new Date('2024-06-01T00:00:00Z');`,
          `const out = inputs.flatMap((input) => [undefined, 'America/New_York'].map((zone) =>`,
          `  parseTimestamp(input, zone === undefined ? { reference } : { reference, defaultTimeZone: zone })?.toISOString() ?? null));`,
          `console.log(JSON.stringify({ offset: new Date(2024, 0, 1).getTimezoneOffset(), out }));`,
        ].join('\n'),
      );
      const tsx = resolve(import.meta.dirname, '../../../../node_modules/.bin/tsx');
      const output = execFileSync(tsx, [script], { env: { ...process.env, TZ: 'Asia/Kolkata' }, encoding: 'utf8' });
      const child = JSON.parse(output.trim().split('\n').pop() ?? '{}') as { offset: number; out: (string | null)[] };
      expect(child.offset).toBe(-330);
      process.env.TZ = 'UTC';
      expect(child.out).toEqual(read());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
