import { describe, expect, it } from 'vitest';
import { makeEvent, runAll } from '../../test/makeEvent';
import { defaultPreset } from './defaultPreset';

describe('defaultPreset', () => {
  it('orders plugins by priority: cap, parsers, key hygiene, ipFixup, geoip, dots', () => {
    const names = defaultPreset().map((p) => p.name);
    expect(names[0]).toBe('enrich:truncateStrings');
    expect(names.indexOf('enrich:cloudtrail')).toBeLessThan(names.indexOf('enrich:sshd'));
    expect(names.indexOf('enrich:zeek')).toBeLessThan(names.indexOf('enrich:lowercaseKeys'));
    expect(names.indexOf('enrich:lowercaseKeys')).toBeLessThan(names.indexOf('enrich:ipFixup'));
    expect(names.indexOf('enrich:ipFixup')).toBeLessThan(names.indexOf('enrich:geoip'));
    expect(names.at(-1)).toBe('enrich:dotKeys');
    expect(defaultPreset({ geoip: false, ecs: {}, drop: ['x:y'] }).map((p) => p.name)).toEqual(
      expect.arrayContaining(['enrich:dropMatching', 'enrich:ecs']),
    );
    expect(defaultPreset({ geoip: false }).map((p) => p.name)).not.toContain('enrich:geoip');
  });

  it('enriches a syslog sshd line end to end', () => {
    const preset = defaultPreset({ rules: [{ query: 'category:authentication AND details.success:false AND details.sourceipclass:public', tags: ['external-failure'] }] });
    const [e] = runAll(preset, makeEvent({ summary: 'Jan 12 06:25:43 bastion1 sshd[28412]: Failed password for root from 8.8.8.8 port 51122 ssh2' }));
    expect(e?.category).toBe('authentication');
    expect(e?.details).toMatchObject({ username: 'root', success: false, sourceipaddress: '8.8.8.8', sourceipclass: 'public', sourceipgeolocation: { countrycode: 'US' } });
    expect(e?.tags).toEqual(['sshd', 'external-failure']);
    expect(e?.plugins).toEqual(['enrich:sshd', 'enrich:ipFixup', 'enrich:geoip', 'enrich:tagByRule']);
  });

  it('enriches Zeek JSON and leaves no dotted keys', () => {
    const [e] = runAll(defaultPreset({ geoip: false }), makeEvent({ details: { ts: 1591367999.305988, uid: 'C1', 'id.orig_h': '192.168.4.76', 'id.orig_p': 36844, 'id.resp_h': '192.168.4.1', 'id.resp_p': 53, proto: 'udp', conn_state: 'SF' } }));
    expect(e?.category).toBe('bro');
    expect(Object.keys(e?.details ?? {}).some((k) => k.includes('.'))).toBe(false);
    expect(e?.details).toMatchObject({ id_orig_h: '192.168.4.76', sourceipclass: 'private', destinationipclass: 'private' });
  });

  it('splits a CloudTrail file and lower-cases the record keys after parsing', () => {
    const events = runAll(defaultPreset({ geoip: false }), makeEvent({ details: { Records: [
      { eventSource: 'iam.amazonaws.com', eventName: 'CreateUser', sourceIPAddress: '198.51.100.7', userIdentity: { userName: 'alice' } },
      { eventSource: 'iam.amazonaws.com', eventName: 'DeleteUser', sourceIPAddress: '198.51.100.8', userIdentity: { userName: 'bob' } },
    ] } }));
    expect(events).toHaveLength(2);
    expect(events[1]?.details).toMatchObject({ eventname: 'DeleteUser', username: 'bob', useridentity: { username: 'bob' }, sourceipclass: 'reserved' });
  });
});
