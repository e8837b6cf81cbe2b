import { describe, expect, it } from 'vitest';
import { makeEvent, runOne } from '../../test/makeEvent';
import { ecs } from './ecs';
import { toEcs } from './toEcs';

const enriched = () =>
  makeEvent({
    id: 'e1', utctimestamp: '2024-01-12T06:25:43.000Z', hostname: 'bastion1', processname: 'sshd', processid: '28412', severity: 'NOTICE',
    summary: 'Failed password for root from 203.0.113.7 port 51122 ssh2', category: 'authentication', source: 'syslog', tags: ['sshd'],
    details: {
      username: 'root', sourceipaddress: '203.0.113.7', sourceport: 51122, success: false, action: 'failed',
      sourceipgeolocation: { city: 'London', region: 'England', country: 'United Kingdom', countrycode: 'GB', latitude: 51.5, longitude: -0.09, timezone: 'Europe/London' },
      sourceipasn: 20712, sourceipasorganization: 'Andrews & Arnold Ltd', proto: 'TCP',
    },
  });

describe('toEcs', () => {
  it('maps the MozDef fields to ECS', () => {
    expect(toEcs(enriched())).toEqual({
      '@timestamp': '2024-01-12T06:25:43.000Z',
      message: 'Failed password for root from 203.0.113.7 port 51122 ssh2',
      tags: ['sshd'],
      event: { id: 'e1', created: '2024-01-02T03:04:06.000Z', kind: 'event', category: ['authentication'], dataset: 'syslog', severity: 5, outcome: 'failure', action: 'failed' },
      log: { syslog: { severity: { name: 'notice' } } },
      source: {
        ip: '203.0.113.7', port: 51122,
        geo: { city_name: 'London', region_name: 'England', country_name: 'United Kingdom', country_iso_code: 'GB', location: { lat: 51.5, lon: -0.09 }, timezone: 'Europe/London' },
        as: { number: 20712, organization: { name: 'Andrews & Arnold Ltd' } },
      },
      user: { name: 'root' },
      host: { name: 'bastion1' },
      process: { name: 'sshd', pid: 28412 },
      network: { transport: 'tcp' },
    });
  });

  it('maps web, cloud and vulnerability fields and skips wrong types', () => {
    const doc = toEcs(makeEvent({ category: 'proxy', details: { url: 'http://x/', host: 'x', method: 'GET', status: 200, region: 'us-east-1', accountid: '1', cves: ['CVE-2021-44228'], cvss: 10, sourceport: 'abc' } }));
    expect(doc).toMatchObject({ url: { original: 'http://x/', domain: 'x' }, http: { request: { method: 'GET' }, response: { status_code: 200 } }, cloud: { region: 'us-east-1', account: { id: '1' } }, vulnerability: { id: 'CVE-2021-44228', score: { base: 10 } } });
    expect(doc['source']).toBeUndefined();
  });
});

describe('ecs plugin', () => {
  it('writes details.ecs beside the MozDef fields', () => {
    const e = runOne(ecs(), enriched());
    expect(e.details['sourceipaddress']).toBe('203.0.113.7');
    expect((e.details['ecs'] as Record<string, unknown>)['source']).toMatchObject({ ip: '203.0.113.7' });
  });

  it('replaces the mapped details fields in instead mode', () => {
    const e = runOne(ecs({ mode: 'instead' }), enriched());
    expect(e.details['sourceipaddress']).toBeUndefined();
    expect(e.details['username']).toBeUndefined();
    expect(e.details['action']).toBe('failed');
    expect((e.details['ecs'] as Record<string, unknown>)['user']).toEqual({ name: 'root' });
  });
});
