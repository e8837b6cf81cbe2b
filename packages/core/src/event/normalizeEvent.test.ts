import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { VigilError } from '../errors/VigilError';
import { validateEvent } from './eventSchema';
import { createNormalizer, NORMALIZE_ERROR_CODES, NORMALIZE_TAGS, normalizeEvent } from './normalizeEvent';
import type { NormalizeOptions, NormalizeResult } from './normalizeEvent';
import type { VigilEvent } from './VigilEvent';

const RECEIVED = '2024-06-15T12:00:00.000Z';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const fixtures = resolve(import.meta.dirname, 'fixtures/mozdef');

function normalized(raw: unknown, options?: NormalizeOptions, receivedAt: string = RECEIVED): VigilEvent {
  const result = createNormalizer(options)(raw, receivedAt);
  if (!result.ok) throw new Error(`expected an event, got ${result.code}: ${result.reason}`);
  const valid = validateEvent(result.event);
  if (!valid.ok) throw new Error(`normalized event fails the schema: ${valid.errors.join('; ')}`);
  return result.event;
}

function refused(raw: unknown, options?: NormalizeOptions): { code: string; reason: string } {
  const result = createNormalizer(options)(raw, RECEIVED);
  if (result.ok) throw new Error(`expected a refusal, got ${JSON.stringify(result.event)}`);
  return { code: result.code, reason: result.reason };
}

function loadFixture(name: string): Record<string, unknown>[] {
  return JSON.parse(readFileSync(join(fixtures, name), 'utf8')) as Record<string, unknown>[];
}

describe('normalizeEvent on the MozDef sample events', () => {
  const files = readdirSync(fixtures).filter((name) => name.endsWith('.json'));

  it('normalizes every sample to a schema-valid event', () => {
    let count = 0;
    for (const file of files) {
      for (const raw of loadFixture(file)) {
        const event = normalized(raw);
        expect(event.id).toMatch(UUID);
        expect(event.receivedtimestamp).toBe(RECEIVED);
        expect(event.timestamp).toBe(event.utctimestamp);
        count++;
      }
    }
    expect(count).toBe(44);
  });

  it('maps a syslog sample field by field, keeping everything else in details', () => {
    const [raw] = loadFixture('events-benign.json');
    const event = normalized(raw);
    expect(event).toMatchObject({
      utctimestamp: '2014-04-17T06:06:54.000Z',
      hostname: 'syslog.example.com',
      processname: 'unknown',
      processid: '0',
      severity: 'INFO',
      summary: 'Did not receive identification string from 10.0.0.1\n',
      category: 'syslog',
      source: 'systemslogs',
      tags: ['example'],
      type: 'event',
    });
    expect(event.details).toEqual({
      processid: '4846',
      program: 'sshd',
      hostname: 'proxy',
      payload: '',
      timestamp: 'Apr 17 06:06:53',
      receivedtimestamp: '2014-04-17T06:06:54.618178+00:00',
    });
  });

  it('keeps a second timestamp that disagrees with the chosen one (auditd)', () => {
    const [raw] = loadFixture('events-auditd.json');
    const event = normalized(raw);
    expect(event.utctimestamp).toBe('2014-04-17T05:33:33.631Z');
    expect(event.details.timestamp).toBe('2014-04-17T05:31:33.631170+00:00');
    expect(event.details.severity).toBe('3');
  });

  it('reads CloudTrail keys case-insensitively (eventTime, eventSource)', () => {
    const [raw] = loadFixture('events-cloudtrail.json');
    const event = normalized(raw);
    expect(event.utctimestamp).toBe('2014-04-17T06:32:05.000Z');
    expect(event.source).toBe('ec2.amazonaws.com');
    expect(event.details.eventTime).toBe('2014-04-17T06:32:05Z');
    expect(event.details.eventID).toBe('8d5840cf-6ne3-4947-be6b-cb5147856719');
    expect(event.details.responseElements).toBeNull();
    expect(event.details.userIdentity).toMatchObject({ userName: 'John', type: 'IAMUser' });
  });

  it('reads the numeric severity "7" of the Bro intel sample as DEBUG and file as source', () => {
    const [raw] = loadFixture('alertcreating-bro-intel.json');
    const event = normalized(raw);
    expect(event.severity).toBe('DEBUG');
    expect(event.source).toBe('nsm');
    expect(event.category).toBe('brointel');
    expect(event.tags).toEqual(['nsm', 'bro', 'intel']);
    expect(event.details.destinationport).toBe(443);
  });
});

describe('normalizeEvent on shipper payloads', () => {
  it('rsyslog JSON template: @timestamp, host, syslogtag, programname, procid', () => {
    const event = normalized({
      '@timestamp': '2024-01-02T03:04:05.123456+01:00',
      host: 'web1',
      severity: 'warning',
      facility: 'authpriv',
      syslogtag: 'sshd[4242]:',
      programname: 'sshd',
      procid: '4242',
      message: ' Failed password for root from 203.0.113.9 port 4711 ssh2',
    });
    expect(event).toMatchObject({
      utctimestamp: '2024-01-02T02:04:05.123Z',
      hostname: 'web1',
      processname: 'sshd',
      processid: '4242',
      severity: 'WARNING',
      summary: ' Failed password for root from 203.0.113.9 port 4711 ssh2',
      category: 'event',
      source: 'unknown',
    });
    expect(event.details).toEqual({ facility: 'authpriv', syslogtag: 'sshd[4242]:' });
  });

  it('a syslog tag alone gives the process name and pid', () => {
    const event = normalized({ syslogtag: 'CRON[991]:', msg: 'session opened' });
    expect(event.processname).toBe('CRON');
    expect(event.processid).toBe('991');
    expect(event.summary).toBe('session opened');
    expect(normalized({ syslogtag: 'kernel:' }).processname).toBe('kernel');
  });

  it('nxlog Windows event: capitalised keys, zone-less EventTime read in the configured zone', () => {
    const event = normalized(
      {
        EventTime: '2024-01-02 03:04:05',
        EventReceivedTime: '2024-01-02 03:04:06',
        Hostname: 'dc1.corp.example',
        SourceName: 'Microsoft-Windows-Security-Auditing',
        ProcessID: 612,
        SeverityValue: 2,
        Severity: 'INFO',
        EventID: 4624,
        Category: 'Logon',
        Message: 'An account was successfully logged on.',
        SourceModuleType: 'im_msvistalog',
      },
      { defaultTimeZone: 'Europe/Berlin' },
    );
    expect(event).toMatchObject({
      utctimestamp: '2024-01-02T02:04:05.000Z',
      hostname: 'dc1.corp.example',
      processid: '612',
      severity: 'INFO',
      summary: 'An account was successfully logged on.',
      category: 'Logon',
      source: 'Microsoft-Windows-Security-Auditing',
    });
    expect(event.details).toEqual({
      EventReceivedTime: '2024-01-02 03:04:06',
      SeverityValue: 2,
      EventID: 4624,
      SourceModuleType: 'im_msvistalog',
    });
  });

  it('Logstash: @timestamp, message, host object, type, @version', () => {
    const event = normalized({
      '@timestamp': '2024-01-02T03:04:05.000Z',
      '@version': '1',
      message: 'GET /index.html 200',
      host: { name: 'web2', ip: ['10.0.0.2'] },
      type: 'nginx-access',
      tags: ['_grokparsefailure'],
    });
    expect(event).toMatchObject({
      utctimestamp: '2024-01-02T03:04:05.000Z',
      hostname: 'web2',
      summary: 'GET /index.html 200',
      type: 'nginx-access',
      tags: ['_grokparsefailure'],
    });
    expect(event.details).toEqual({ '@version': '1', host: { name: 'web2', ip: ['10.0.0.2'] } });
  });

  it('Filebeat ECS: host.name, log.level, process.name/pid; an ECS source object stays in details', () => {
    const event = normalized({
      '@timestamp': '2024-01-02T03:04:05.678Z',
      host: { hostname: 'fb1', name: 'fb1.example.com', os: { family: 'debian' } },
      agent: { type: 'filebeat', version: '8.13.0' },
      log: { level: 'error', file: { path: '/var/log/nginx/error.log' } },
      process: { name: 'nginx', pid: 77 },
      source: { ip: '198.51.100.1', port: 51234 },
      event: { dataset: 'nginx.error' },
      message: 'upstream timed out',
    });
    expect(event).toMatchObject({
      utctimestamp: '2024-01-02T03:04:05.678Z',
      hostname: 'fb1.example.com',
      severity: 'ERROR',
      processname: 'nginx',
      processid: '77',
      source: 'unknown',
      summary: 'upstream timed out',
    });
    expect(event.details).toMatchObject({
      source: { ip: '198.51.100.1', port: 51234 },
      log: { level: 'error', file: { path: '/var/log/nginx/error.log' } },
      agent: { type: 'filebeat' },
      event: { dataset: 'nginx.error' },
    });
  });

  it('Filebeat flat keys and the older beat object', () => {
    expect(normalized({ 'host.name': 'flat1', 'log.level': 'warn', message: 'x' })).toMatchObject({
      hostname: 'flat1',
      severity: 'WARNING',
    });
    const old = normalized({ beat: { hostname: 'old1', version: '6.8' }, source: '/var/log/syslog', message: 'y' });
    expect(old.hostname).toBe('old1');
    expect(old.source).toBe('/var/log/syslog');
    expect(old.details.beat).toEqual({ hostname: 'old1', version: '6.8' });
  });

  it('GELF: short_message, epoch-seconds timestamp, syslog level, underscore fields', () => {
    const event = normalized({
      version: '1.1',
      host: 'gelf1',
      short_message: 'disk almost full',
      full_message: 'disk /dev/sda1 is 97% full',
      timestamp: 1704164645.123,
      level: 3,
      _user_id: 9001,
    });
    expect(event).toMatchObject({
      utctimestamp: '2024-01-02T03:04:05.123Z',
      hostname: 'gelf1',
      summary: 'disk almost full',
      severity: 'ERROR',
    });
    expect(event.details).toEqual({ version: '1.1', full_message: 'disk /dev/sda1 is 97% full', _user_id: 9001 });
  });

  it('pino: numeric level, time in ms, pid and msg', () => {
    const event = normalized({ level: 40, time: 1704164645123, pid: 99, hostname: 'api1', msg: 'slow request', reqId: 'r-1' });
    expect(event).toMatchObject({
      utctimestamp: '2024-01-02T03:04:05.123Z',
      severity: 'WARNING',
      processid: '99',
      hostname: 'api1',
      summary: 'slow request',
    });
    expect(event.details).toEqual({ reqId: 'r-1' });
  });

  it('MozDef-style flat details.* and fields.* keys go into details', () => {
    const event = normalized({ summary: 's', 'details.sourceipaddress': '192.0.2.1', 'Fields.user': 'bob', details: { a: 1 } });
    expect(event.details).toEqual({ a: 1, sourceipaddress: '192.0.2.1', user: 'bob' });
  });
});

describe('normalizeEvent key aliases', () => {
  it.each([
    ['summary', 'summary'],
    ['message', 'summary'],
    ['msg', 'summary'],
    ['short_message', 'summary'],
    ['payload', 'summary'],
    ['hostname', 'hostname'],
    ['host', 'hostname'],
    ['source_host', 'hostname'],
    ['beat.hostname', 'hostname'],
    ['host.name', 'hostname'],
    ['host.hostname', 'hostname'],
    ['program', 'processname'],
    ['processname', 'processname'],
    ['process', 'processname'],
    ['app_name', 'processname'],
    ['appname', 'processname'],
    ['programname', 'processname'],
    ['process.name', 'processname'],
    ['pname', 'processname'],
    ['pid', 'processid'],
    ['processid', 'processid'],
    ['procid', 'processid'],
    ['category', 'category'],
    ['eventtype', 'category'],
    ['source', 'source'],
    ['sourcename', 'source'],
    ['eventsource', 'source'],
    ['logger', 'source'],
    ['file', 'source'],
    ['type', 'type'],
  ])('%s -> %s', (key, field) => {
    const event = normalized({ [key]: 'value-1' });
    expect(event[field as keyof VigilEvent]).toBe('value-1');
    expect(event.details).toEqual({});
  });

  it.each(['utctimestamp', '@timestamp', 'timestamp', 'eventtime', 'date', 'time', 'EventTime', '@TIMESTAMP'])(
    '%s -> utctimestamp and timestamp',
    (key) => {
      const event = normalized({ [key]: '2024-01-02T03:04:05Z' });
      expect(event.utctimestamp).toBe('2024-01-02T03:04:05.000Z');
      expect(event.timestamp).toBe('2024-01-02T03:04:05.000Z');
      expect(event.details).toEqual({});
    },
  );

  it.each(['severity', 'syslogseverity', 'syslog_severity', 'level', 'loglevel', 'log.level', 'priority', 'SEVERITY', 'Level'])(
    '%s -> severity',
    (key) => {
      expect(normalized({ [key]: 'crit' }).severity).toBe('CRITICAL');
    },
  );

  it('compares keys case-insensitively but keeps unknown keys as spelled', () => {
    const event = normalized({ HostName: 'h1', SUMMARY: 's', Program: 'p', CustomField: 1 });
    expect(event).toMatchObject({ hostname: 'h1', summary: 's', processname: 'p' });
    expect(event.details).toEqual({ CustomField: 1 });
  });

  it('lets the canonical name win and keeps a differing alias in details', () => {
    const event = normalized({ message: 'from message', summary: 'from summary', host: 'alias-host', hostname: 'real-host' });
    expect(event.summary).toBe('from summary');
    expect(event.hostname).toBe('real-host');
    expect(event.details).toEqual({ message: 'from message', host: 'alias-host' });
  });

  it('drops an alias that repeats the chosen value', () => {
    const event = normalized({ utctimestamp: '2024-01-02T03:04:05Z', timestamp: '2024-01-02T03:04:05Z', hostname: 'a', host: 'a' });
    expect(event.details).toEqual({});
  });

  it('follows MozDef for payload: the summary when none is sent, else details.payload', () => {
    expect(normalized({ payload: 'p' }).summary).toBe('p');
    const both = normalized({ payload: 'p', summary: 's' });
    expect(both.summary).toBe('s');
    expect(both.details.payload).toBe('p');
  });

  it('merges details, fields and extra; details keys win and a clash is kept as _key', () => {
    const event = normalized({ fields: { a: 'fields', b: 2 }, details: { a: 'details' }, extra: { c: 3 }, a: 'top' });
    expect(event.details).toEqual({ a: 'details', _a: 'fields', b: 2, c: 3, __a: 'top' });
  });

  it('keeps every unknown top-level key in details, whatever its value', () => {
    const event = normalized({ x: 1, y: [1, 'a', null], z: { deep: { er: true } }, n: null, s: '' });
    expect(event.details).toEqual({ x: 1, y: [1, 'a', null], z: { deep: { er: true } }, n: null, s: '' });
  });

  it('keeps an input plugins list of names and the input type', () => {
    const event = normalized({ plugins: ['enrich:geoip'], type: 'alert' });
    expect(event.plugins).toEqual(['enrich:geoip']);
    expect(event.type).toBe('alert');
    expect(normalized({ plugins: 'nope' }).details.plugins).toBe('nope');
  });

  it('treats null aliases and empty names as absent', () => {
    const event = normalized({ hostname: null, host: '', processname: '', category: null, summary: null });
    expect(event).toMatchObject({ hostname: 'unknown', processname: 'unknown', category: 'event', summary: '' });
  });
});

describe('normalizeEvent defaults and ids', () => {
  it('fills every field of an empty object', () => {
    const event = normalized({});
    expect(event).toEqual({
      id: expect.stringMatching(UUID) as unknown,
      utctimestamp: RECEIVED,
      receivedtimestamp: RECEIVED,
      timestamp: RECEIVED,
      hostname: 'unknown',
      processname: 'unknown',
      processid: '',
      severity: 'INFO',
      summary: '',
      category: 'event',
      source: 'unknown',
      tags: [],
      details: {},
      type: 'event',
    });
  });

  it('gives each event its own time-ordered UUID (version 7)', () => {
    const ids = new Set(Array.from({ length: 200 }, () => normalized({}).id));
    expect(ids.size).toBe(200);
  });

  it.each([
    ['id', 'abc-123'],
    ['_id', 'AX7f_9.k:2'],
    ['uuid', '0b6f3f7e-4a55-4b4b-9d7c-2d3a3f0e9a11'],
    ['ID', 'upper-case-key'],
  ])('keeps a valid %s', (key, value) => {
    const event = normalized({ [key]: value });
    expect(event.id).toBe(value);
    expect(event.details).toEqual({});
  });

  it('keeps a numeric id as text', () => {
    expect(normalized({ id: 42 }).id).toBe('42');
  });

  it.each([['has space'], [''], ['x'.repeat(129)], ['-leading-dash'], ['semi;colon'], [{ a: 1 }], [1.5]])(
    'replaces the invalid id %j and keeps it as details._original_id',
    (value) => {
      const event = normalized({ id: value });
      expect(event.id).toMatch(UUID);
      expect(event.details._original_id).toEqual(value);
    },
  );

  it('prefers id over _id over uuid', () => {
    const event = normalized({ uuid: 'u-1', _id: 'u-2', id: 'u-3' });
    expect(event.id).toBe('u-3');
    expect(event.details).toEqual({ _id: 'u-2', uuid: 'u-1' });
  });

  it('sets receivedtimestamp from receivedAt, or from now', () => {
    expect(normalized({}, undefined, '2024-01-02T03:04:05+02:00').receivedtimestamp).toBe('2024-01-02T01:04:05.000Z');
    const before = Date.now();
    const result = normalizeEvent({});
    const after = Date.now();
    if (!result.ok) throw new Error(result.reason);
    const received = Date.parse(result.event.receivedtimestamp);
    expect(received).toBeGreaterThanOrEqual(before);
    expect(received).toBeLessThanOrEqual(after);
    expect(result.event.utctimestamp).toBe(result.event.receivedtimestamp);
  });
});

describe('normalizeEvent timestamps', () => {
  it.each([
    ['2024-06-15T11:00:00Z', '2024-06-15T11:00:00.000Z'],
    ['2024-06-15T11:00:00.5+02:00', '2024-06-15T09:00:00.500Z'],
    ['2024-06-15 11:00:00', '2024-06-15T11:00:00.000Z'],
    ['2024-06-15 11:00:00.25', '2024-06-15T11:00:00.250Z'],
    ['Jun 15 11:00:00', '2024-06-15T11:00:00.000Z'],
    ['2024-06-15T11:00:00.000003-07:00', '2024-06-15T18:00:00.000Z'],
    [1718449200, '2024-06-15T11:00:00.000Z'],
    [1718449200123, '2024-06-15T11:00:00.123Z'],
    ['1718449200', '2024-06-15T11:00:00.000Z'],
    ['1718449200.5', '2024-06-15T11:00:00.500Z'],
  ])('reads %j as %s', (input, expected) => {
    expect(normalized({ timestamp: input }).utctimestamp).toBe(expected);
  });

  it('picks the RFC 3164 year closest to the receive time', () => {
    expect(normalized({ timestamp: 'Dec 31 23:59:00' }, undefined, '2025-01-01T00:01:00Z').utctimestamp).toBe(
      '2024-12-31T23:59:00.000Z',
    );
    expect(normalized({ timestamp: 'Jan  1 00:00:30' }, undefined, '2024-12-31T23:59:00Z').utctimestamp).toBe(
      '2025-01-01T00:00:30.000Z',
    );
  });

  it('reads zone-less times in defaultTimeZone', () => {
    const options = { defaultTimeZone: 'America/Los_Angeles' };
    expect(normalized({ timestamp: '2024-06-15 04:00:00' }, options).utctimestamp).toBe('2024-06-15T11:00:00.000Z');
    expect(normalized({ timestamp: 'Jun 15 04:00:00' }, options).utctimestamp).toBe('2024-06-15T11:00:00.000Z');
    expect(normalized({ timestamp: '2024-06-15T04:00:00Z' }, options).utctimestamp).toBe('2024-06-15T04:00:00.000Z');
  });

  it.each([['next tuesday'], ['2024-02-30T00:00:00Z'], [{ when: 'now' }], [true], [Number.NaN]])(
    'uses receivedtimestamp for the unparsable %j, tags the event and keeps the original',
    (input) => {
      const event = normalized({ timestamp: input, tags: ['keep'] });
      expect(event.utctimestamp).toBe(RECEIVED);
      expect(event.timestamp).toBe(RECEIVED);
      expect(event.tags).toEqual(['keep', NORMALIZE_TAGS.badTimestamp]);
      expect(event.details._original_timestamp).toEqual(Number.isNaN(input) ? null : input);
    },
  );

  it('treats a timestamp more than maxFutureMs ahead of receipt as bad', () => {
    const inAnHour = '2024-06-15T13:00:00.000Z';
    const inTwoDays = '2024-06-17T12:00:00.000Z';
    expect(normalized({ timestamp: inAnHour }).utctimestamp).toBe(inAnHour);
    const future = normalized({ timestamp: inTwoDays });
    expect(future.utctimestamp).toBe(RECEIVED);
    expect(future.tags).toContain(NORMALIZE_TAGS.badTimestamp);
    expect(future.details._original_timestamp).toBe(inTwoDays);
    const strict = normalized({ timestamp: inAnHour }, { maxFutureMs: 60_000 });
    expect(strict.utctimestamp).toBe(RECEIVED);
    expect(normalized({ timestamp: '9999-01-01T00:00:00Z' }, { maxFutureMs: Number.POSITIVE_INFINITY }).utctimestamp).toBe(
      '9999-01-01T00:00:00.000Z',
    );
  });

  describe('independent of the process time zone', () => {
    const savedTz = process.env.TZ;
    afterEach(() => {
      if (savedTz === undefined) delete process.env.TZ;
      else process.env.TZ = savedTz;
    });

    it('gives the same events under TZ=UTC and TZ=Asia/Tokyo', () => {
      const inputs = [{ timestamp: '2024-06-15 04:00:00' }, { timestamp: 'Jun 15 04:00:00' }, { timestamp: '2024-06-15' }];
      const read = (options?: NormalizeOptions): string[] => inputs.map((input) => normalized({ ...input }, options).utctimestamp);
      process.env.TZ = 'UTC';
      const utc = [read(), read({ defaultTimeZone: 'Europe/Paris' })];
      process.env.TZ = 'Asia/Tokyo';
      expect(new Date(2024, 5, 15).getTimezoneOffset()).toBe(-540);
      expect([read(), read({ defaultTimeZone: 'Europe/Paris' })]).toEqual(utc);
      expect(utc[0]).toEqual(['2024-06-15T04:00:00.000Z', '2024-06-15T04:00:00.000Z', '2024-06-15T00:00:00.000Z']);
    });
  });
});

describe('normalizeEvent severities', () => {
  it.each([
    [0, 'EMERGENCY'],
    [3, 'ERROR'],
    ['7', 'DEBUG'],
    ['warn', 'WARNING'],
    ['Err', 'ERROR'],
    ['emerg', 'EMERGENCY'],
    ['panic', 'EMERGENCY'],
    ['information', 'INFO'],
    ['fatal', 'CRITICAL'],
    ['NOTICE', 'NOTICE'],
  ])('severity %j is %s', (input, expected) => {
    const event = normalized({ severity: input });
    expect(event.severity).toBe(expected);
    expect(event.tags).toEqual([]);
  });

  it.each([
    [10, 'DEBUG'],
    [20, 'DEBUG'],
    [30, 'INFO'],
    [40, 'WARNING'],
    [50, 'ERROR'],
    [60, 'CRITICAL'],
  ])('pino level %i is %s', (level, expected) => {
    expect(normalized({ level }).severity).toBe(expected);
  });

  it('reads a syslog PRI in priority (facility * 8 + severity)', () => {
    expect(normalized({ priority: 38 }).severity).toBe('INFO'); // auth.info
    expect(normalized({ priority: '34' }).severity).toBe('CRITICAL'); // auth.crit
    expect(normalized({ priority: 'alert' }).severity).toBe('ALERT');
  });

  it.each([['loud'], [42], [{ level: 'x' }], [true]])(
    'reads the unknown severity %j as INFO, tags the event and keeps the original',
    (input) => {
      const event = normalized({ severity: input });
      expect(event.severity).toBe('INFO');
      expect(event.tags).toEqual([NORMALIZE_TAGS.unknownSeverity]);
      expect(event.details._original_severity).toEqual(input);
    },
  );

  it('does not read pino numbers outside level', () => {
    expect(normalized({ severity: 30 }).tags).toContain(NORMALIZE_TAGS.unknownSeverity);
  });
});

describe('normalizeEvent types', () => {
  it('coerces values whose meaning is clear', () => {
    const event = normalized({ processid: 4242, hostname: 1234, tags: 'single', category: true, summary: 17 });
    expect(event).toMatchObject({ processid: '4242', hostname: '1234', tags: ['single'], category: 'true', summary: '17' });
  });

  it('writes an object or array summary as JSON text', () => {
    expect(normalized({ summary: { action: 'login', ok: true } }).summary).toBe('{"action":"login","ok":true}');
    expect(normalized({ message: ['a', 1] }).summary).toBe('["a",1]');
  });

  it('turns tags into a list of strings', () => {
    expect(normalized({ tags: ['a', 2, true, null] }).tags).toEqual(['a', '2', 'true']);
    expect(normalized({ tags: '' }).tags).toEqual([]);
    expect(normalized({ tags: 5 }).tags).toEqual(['5']);
  });

  it.each([
    [{ hostname: { name: 'x' } }, '"hostname" must be a string'],
    [{ processname: ['sshd'] }, '"processname" must be a string'],
    [{ processid: true }, '"processid" must be a string or a number; got boolean'],
    [{ category: {} }, '"category" must be a string'],
    [{ type: ['event'] }, '"type" must be a string'],
    [{ tags: { a: 1 } }, '"tags" must be a string or an array of strings; got object'],
    [{ tags: ['ok', { a: 1 }] }, '"tags" must hold strings; got object'],
    [{ details: 'text' }, '"details" must be an object; got string'],
    [{ details: [1, 2] }, '"details" must be an object; got array'],
    [{ Details: 5 }, '"Details" must be an object (it becomes details); got number'],
  ])('refuses %j as INVALID_FIELD', (raw, reason) => {
    const result = refused(raw);
    expect(result.code).toBe('INVALID_FIELD');
    expect(result.reason).toContain(reason);
  });

  it('leaves a value of the wrong type for a non-canonical alias in details instead of refusing', () => {
    const event = normalized({ program: { name: 'x' }, pid: false, host: ['a'], file: { path: '/x' } });
    expect(event).toMatchObject({ processname: 'unknown', processid: '', hostname: 'unknown', source: 'unknown' });
    expect(event.details).toEqual({ program: { name: 'x' }, pid: false, host: ['a'], file: { path: '/x' } });
  });

  it('makes non-JSON values JSON-safe', () => {
    const event = normalized({
      when: new Date('2024-01-02T03:04:05Z'),
      big: 12n,
      inf: Number.POSITIVE_INFINITY,
      fn: () => 1,
      sym: Symbol('s'),
      undef: undefined,
      list: [undefined, Number.NaN, () => 2],
    });
    expect(event.details).toEqual({ when: '2024-01-02T03:04:05.000Z', big: '12', inf: null, list: [null, null, null] });
  });
});

describe('normalizeEvent on hostile input', () => {
  it.each([
    ['a number', 42],
    ['a string', '{"summary":"x"}'],
    ['null', null],
    ['undefined', undefined],
    ['an array', [{ summary: 'x' }]],
    ['a Date', new Date()],
    ['a Map', new Map([['summary', 'x']])],
    ['a class instance', new (class Event {})()],
  ])('refuses %s as NOT_AN_OBJECT', (_label, raw) => {
    expect(refused(raw).code).toBe('NOT_AN_OBJECT');
  });

  it('never lets __proto__, constructor or prototype keys pollute prototypes or reach the event', () => {
    const raw = JSON.parse(
      '{"summary":"x","__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":2}},' +
        '"details":{"__proto__":{"polluted":3},"list":[{"__proto__":{"polluted":4}}],"prototype":5},' +
        '"fields":{"constructor":6}}',
    ) as unknown;
    const event = normalized(raw);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(event.details)).toBe(Object.prototype);
    expect(event.details).toEqual({
      ___proto__: { polluted: 3 },
      list: [{ ___proto__: { polluted: 4 } }],
      _prototype: 5,
      ____proto__: { polluted: 1 },
      _constructor: { _prototype: { polluted: 2 } },
      __constructor: 6,
    });
    expect(event.tags).toEqual([NORMALIZE_TAGS.unsafeKey]);
    const unsafeKeys: string[] = [];
    const walk = (value: unknown): void => {
      if (typeof value !== 'object' || value === null) return;
      for (const key of Object.keys(value)) {
        if (key === '__proto__' || key === 'constructor' || key === 'prototype') unsafeKeys.push(key);
        walk((value as Record<string, unknown>)[key]);
      }
    };
    walk(event);
    expect(unsafeKeys).toEqual([]);
    expect(JSON.parse(JSON.stringify(event)) as unknown).toEqual(JSON.parse(JSON.stringify(event)) as unknown);
  });

  it('refuses input nested deeper than maxDepth without overflowing the stack (10,000 levels)', () => {
    const deepJson = JSON.parse(`{"summary":"x","details":{"a":${'['.repeat(10_000)}${']'.repeat(10_000)}}}`) as unknown;
    const result = refused(deepJson);
    expect(result).toEqual({ code: 'TOO_DEEP', reason: 'input is nested deeper than 64 levels (maxDepth)' });
    let deepObject: Record<string, unknown> = {};
    const root = deepObject;
    for (let i = 0; i < 10_000; i++) {
      const next: Record<string, unknown> = {};
      deepObject.child = next;
      deepObject = next;
    }
    expect(refused({ nested: root }).code).toBe('TOO_DEEP');
    expect(refused({ summary: root }).code).toBe('TOO_DEEP');
  });

  it('counts depth from the event object: maxDepth levels pass, one more is refused', () => {
    const nest = (levels: number): unknown => (levels === 0 ? 'leaf' : { n: nest(levels - 1) });
    // The event is level 1, so a value with 63 nested objects under it reaches level 64.
    expect(normalized({ v: nest(63) }).details.v).toBeDefined();
    expect(refused({ v: nest(64) }).code).toBe('TOO_DEEP');
    expect(normalized({ v: nest(2) }, { maxDepth: 3 }).details.v).toEqual({ n: { n: 'leaf' } });
    expect(refused({ v: nest(3) }, { maxDepth: 3 }).code).toBe('TOO_DEEP');
    expect(refused({ details: {} }, { maxDepth: 1 }).code).toBe('TOO_DEEP');
  });

  it('refuses a cyclic object as TOO_DEEP', () => {
    const cyclic: Record<string, unknown> = { summary: 'x' };
    cyclic.self = cyclic;
    expect(refused(cyclic).code).toBe('TOO_DEEP');
  });

  it('truncates strings and keys longer than maxStringLength and tags the event', () => {
    const options = { maxStringLength: 100 };
    const event = normalized(
      { summary: 's'.repeat(1000), hostname: 'h'.repeat(101), details: { note: 'n'.repeat(5000), list: ['l'.repeat(200)] }, ['k'.repeat(300)]: 1 },
      options,
    );
    expect(event.summary).toBe('s'.repeat(100));
    expect(event.hostname).toBe('h'.repeat(100));
    expect(event.details.note).toBe('n'.repeat(100));
    expect(event.details.list).toEqual(['l'.repeat(100)]);
    expect(event.details['k'.repeat(100)]).toBe(1);
    expect(event.tags).toEqual([NORMALIZE_TAGS.truncated]);
  });

  it('truncates a huge string with the default cap without splitting a surrogate pair', () => {
    const huge = `${'a'.repeat(65_535)}😀${'b'.repeat(10_000_000)}`;
    const event = normalized({ summary: huge });
    expect(event.summary).toHaveLength(65_535);
    expect(event.summary.endsWith('a')).toBe(true);
    expect(event.tags).toEqual([NORMALIZE_TAGS.truncated]);
  });

  it('accepts frozen input', () => {
    const raw = Object.freeze({
      summary: 'frozen',
      tags: Object.freeze(['t']),
      details: Object.freeze({ __proto__: null, constructor: 1, a: Object.freeze(['x'.repeat(40)]) }),
    });
    const event = normalized(raw, { maxStringLength: 20 });
    expect(event.summary).toBe('frozen');
    expect(event.tags).toEqual(['t', NORMALIZE_TAGS.truncated, NORMALIZE_TAGS.unsafeKey]);
    expect(event.details).toEqual({ _constructor: 1, a: ['x'.repeat(20)] });
  });

  it('reads only own keys, even if Object.prototype carries an enumerable property', () => {
    const proto = Object.prototype as Record<string, unknown>;
    proto.injected = 'bad';
    try {
      // (validateEvent is not used here: ajv itself walks inherited keys.)
      const result = createNormalizer()({ summary: 'x' }, RECEIVED);
      if (!result.ok) throw new Error(result.reason);
      expect(Object.hasOwn(result.event.details, 'injected')).toBe(false);
      expect(Object.keys(result.event.details)).toEqual([]);
    } finally {
      delete proto.injected;
    }
  });
});

describe('normalizeEvent ownership', () => {
  it('reuses the input details object and tags array (documented: the input is taken over)', () => {
    const details = { a: 1 };
    const tags = ['x'];
    const event = normalized({ details, tags, extra_key: 2 });
    expect(event.details).toBe(details);
    expect(event.tags).toBe(tags);
    expect(details).toEqual({ a: 1, extra_key: 2 });
  });
});

describe('normalizeEvent options', () => {
  it.each([
    [{ defaultTimeZone: 'Nowhere/Special' }, 'unknown time zone'],
    [{ maxDepth: 0 }, 'maxDepth must be an integer from 1 to 1000'],
    [{ maxDepth: 1.5 }, 'maxDepth'],
    [{ maxDepth: 100_000 }, 'maxDepth'],
    [{ maxStringLength: 3 }, 'maxStringLength must be an integer of at least 16'],
    [{ maxFutureMs: -1 }, 'maxFutureMs'],
    [{ maxFutureMs: Number.NaN }, 'maxFutureMs'],
    [{ timezone: 'UTC' } as NormalizeOptions, 'unknown normalize option "timezone"'],
  ])('throws CONFIG_INVALID for %j, once, when the normalizer is built', (options, message) => {
    let thrown: unknown;
    try {
      createNormalizer(options);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(VigilError);
    expect((thrown as VigilError).code).toBe('CONFIG_INVALID');
    expect((thrown as VigilError).message).toContain(message);
    expect(() => normalizeEvent({}, options)).toThrow(VigilError);
  });

  it('throws INVALID_ARGUMENT for a receivedAt that is not ISO-8601', () => {
    const normalize = createNormalizer();
    expect(() => normalize({}, 'yesterday')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }) as Error);
  });

  it('applies options passed to normalizeEvent', () => {
    const options = { defaultTimeZone: 'Asia/Tokyo' };
    const first = normalizeEvent({ timestamp: '2024-01-02 09:00:00' }, options);
    const second = normalizeEvent({ timestamp: '2024-01-02 09:00:00' }, options);
    expect(first.ok && first.event.utctimestamp).toBe('2024-01-02T00:00:00.000Z');
    expect(second.ok && second.event.utctimestamp).toBe('2024-01-02T00:00:00.000Z');
  });

  it('exports every refusal code', () => {
    expect(NORMALIZE_ERROR_CODES).toEqual(['NOT_AN_OBJECT', 'TOO_DEEP', 'INVALID_FIELD']);
  });
});

describe('normalizeEvent output always passes validateEvent', () => {
  // A seeded generator of shipper-like junk: alias keys with values of every type, nested details, odd keys.
  function generator(seed: number): () => number {
    let state = seed >>> 0;
    return () => {
      state = (state * 1_664_525 + 1_013_904_223) >>> 0;
      return state / 2 ** 32;
    };
  }
  const keys = [
    'summary', 'message', 'hostname', 'host', 'program', 'process', 'pid', 'processid', 'severity', 'level',
    'priority', 'category', 'source', 'tags', 'type', 'id', '_id', 'timestamp', '@timestamp', 'utctimestamp',
    'date', 'time', 'details', 'fields', 'extra', 'plugins', 'syslogtag', 'log', 'beat', 'Custom', '__proto__',
    'constructor', 'details.x', '',
  ];

  function value(random: () => number, depth: number): unknown {
    const pick = Math.floor(random() * 14);
    switch (pick) {
      case 0: return null;
      case 1: return random() < 0.5;
      case 2: return Math.floor(random() * 200) - 20;
      case 3: return random() * 2e12;
      case 4: return '';
      case 5: return ['warn', 'Jan  2 03:04:05', '2024-01-02 03:04:05', 'sshd[12]:', 'x y', '7', '2024-13-01'][Math.floor(random() * 7)];
      case 6: return 'z'.repeat(Math.floor(random() * 40));
      case 7: return new Date(Math.floor(random() * 2e12)).toISOString();
      case 8:
      case 9: return depth > 3 ? 'leaf' : Array.from({ length: Math.floor(random() * 3) }, () => value(random, depth + 1));
      default: {
        if (depth > 3) return 'leaf';
        const object: Record<string, unknown> = {};
        const count = Math.floor(random() * 4);
        for (let i = 0; i < count; i++) object[keys[Math.floor(random() * keys.length)] ?? 'k'] = value(random, depth + 1);
        return object;
      }
    }
  }

  it('holds for 3,000 generated inputs, or the input is refused with a known code', () => {
    const random = generator(20240615);
    const normalize = createNormalizer({ maxStringLength: 32 });
    const outcomes = new Map<string, number>();
    for (let i = 0; i < 3000; i++) {
      const raw: Record<string, unknown> = {};
      const count = Math.floor(random() * 8);
      for (let k = 0; k < count; k++) {
        const key = keys[Math.floor(random() * keys.length)] ?? 'k';
        Object.defineProperty(raw, key, { value: value(random, 2), enumerable: true, writable: true, configurable: true });
      }
      const result: NormalizeResult = normalize(JSON.parse(JSON.stringify(raw)) as unknown, RECEIVED);
      const outcome = result.ok ? 'ok' : result.code;
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      if (result.ok) {
        const valid = validateEvent(result.event);
        if (!valid.ok) throw new Error(`${JSON.stringify(raw)} normalized to an invalid event: ${valid.errors.join('; ')}`);
      } else {
        expect(NORMALIZE_ERROR_CODES).toContain(result.code);
      }
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(outcomes.get('ok')).toBeGreaterThan(1500);
    expect(outcomes.get('INVALID_FIELD')).toBeGreaterThan(0);
  });
});
