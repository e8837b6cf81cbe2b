import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EnrichError } from '../EnrichError';
import { makeEvent, runOne } from '../../test/makeEvent';
import { ipFixup } from './ipFixup';

const plugin = ipFixup();
const ev = (details: Record<string, unknown>) => makeEvent({ details });

describe('ipFixup', () => {
  it('moves loose source and destination fields and classifies them', () => {
    const e = runOne(plugin, ev({ src_ip: '203.0.113.9', dst_ip: '10.0.0.5', other: 'x' }));
    expect(e.details).toEqual({ sourceipaddress: '203.0.113.9', destinationipaddress: '10.0.0.5', sourceipclass: 'reserved', destinationipclass: 'private', other: 'x' });
    expect(e.plugins).toEqual(['enrich:ipFixup']);
  });

  it('reads client_ip, remote_addr with a port, bracketed IPv6 and Zeek id fields', () => {
    expect(runOne(plugin, ev({ client_ip: '8.8.8.8' })).details).toMatchObject({ sourceipaddress: '8.8.8.8', sourceipclass: 'public' });
    expect(runOne(plugin, ev({ remote_addr: '8.8.4.4:51000' })).details['sourceipaddress']).toBe('8.8.4.4');
    expect(runOne(plugin, ev({ remote_addr: '[2001:db8::7]:443' })).details['sourceipaddress']).toBe('2001:db8::7');
    const zeek = runOne(plugin, ev({ 'id.orig_h': '192.168.1.2', 'id.resp_h': 'fe80::1' }));
    expect(zeek.details).toMatchObject({ sourceipaddress: '192.168.1.2', destinationipaddress: 'fe80::1', destinationipclass: 'link-local', 'id.orig_h': '192.168.1.2' });
  });

  it('finds an address under every documented field name (docs/plugins-enrich.md, ipFixup)', () => {
    const source = ['sourceipv4address', 'sourceipv6address', 'srcip', 'src_ip', 'sourceip', 'source_ip', 'client_ip', 'clientip', 'remote_addr', 'remoteaddr', 'remote_ip', 'remoteip', 'src_addr'];
    const destination = ['destinationipv4address', 'destinationipv6address', 'dstip', 'dst_ip', 'dest_ip', 'destip', 'destination_ip', 'server_ip', 'dst_addr'];
    for (const key of source) expect(runOne(plugin, ev({ [key]: '192.0.2.7', other: 1 })).details, key).toEqual({ other: 1, sourceipaddress: '192.0.2.7', sourceipclass: 'reserved' });
    for (const key of destination) expect(runOne(plugin, ev({ [key]: '192.0.2.8' })).details, key).toEqual({ destinationipaddress: '192.0.2.8', destinationipclass: 'reserved' });
    for (const key of ['id.orig_h', 'id_orig_h', 'src', 'ipaddress']) expect(runOne(plugin, ev({ [key]: '10.0.0.1' })).details, key).toMatchObject({ [key]: '10.0.0.1', sourceipaddress: '10.0.0.1' });
    for (const key of ['id.resp_h', 'id_resp_h', 'dst']) expect(runOne(plugin, ev({ [key]: '10.0.0.2' })).details, key).toMatchObject({ [key]: '10.0.0.2', destinationipaddress: '10.0.0.2' });
    // An inherited value is not the event's own field.
    const inherited = Object.create({ srcip: '192.0.2.9' }) as Record<string, unknown>;
    expect(runOne(plugin, ev(inherited)).details['sourceipaddress']).toBeUndefined();
  });

  it('keeps a valid sourceipaddress, and moves an invalid one aside', () => {
    const kept = runOne(plugin, ev({ sourceipaddress: '192.0.2.1', srcip: '192.0.2.99' }));
    expect(kept.details['sourceipaddress']).toBe('192.0.2.1');
    expect(kept.details['srcip']).toBeUndefined();
    const invalid = runOne(plugin, ev({ sourceipaddress: '<randomipaddress>', srcip: '192.0.2.99' }));
    expect(invalid.details).toMatchObject({ sourceipaddress: '192.0.2.99', invalidsourceipaddress: '<randomipaddress>' });
  });

  it('removes moved aliases and an invalid address as deleting them would, keeping the other keys in order', () => {
    const e = runOne(plugin, ev({ sourceipaddress: 'host.example.com', a: 1, srcip: '192.0.2.99', b: 2, dst_ip: '10.0.0.5:443' }));
    expect(Object.entries(e.details)).toEqual([
      ['a', 1], ['b', 2], ['invalidsourceipaddress', 'host.example.com'], ['sourceipaddress', '192.0.2.99'],
      ['destinationipaddress', '10.0.0.5'], ['sourceipclass', 'reserved'], ['destinationipclass', 'private'],
    ]);
  });

  it('reads fields live when an extra field is one ipFixup writes (the destination side moves the source address)', () => {
    const p = ipFixup({ sourceFields: ['peer'], destinationFields: ['sourceipaddress'] });
    const e = runOne(p, ev({ srcip: 'host.bad', sourceipaddress: 'nope', peer: '198.51.100.1', other: 1 }));
    expect(Object.entries(e.details)).toEqual([
      ['srcip', 'host.bad'], ['other', 1], ['invalidsourceipaddress', 'nope'], ['destinationipaddress', '198.51.100.1'],
      ['sourceipclass', 'reserved'], ['destinationipclass', 'reserved'],
    ]);
  });

  it('honours extra fields and removeAliases: false', () => {
    const p = ipFixup({ sourceFields: ['peer'], removeAliases: false });
    const e = runOne(p, ev({ peer: '198.51.100.1', srcip: 'not-an-ip' }));
    expect(e.details).toMatchObject({ sourceipaddress: '198.51.100.1', peer: '198.51.100.1', srcip: 'not-an-ip' });
  });

  it('normalizes MozDef sample login events (sourceipv4address, srcip, sourceipaddress)', () => {
    const samples = JSON.parse(readFileSync(new URL('../../test/fixtures/mozdef-events-logins-failure.json', import.meta.url), 'utf8')) as Array<Record<string, unknown>>;
    const e = runOne(plugin, ev({ ...(samples[0]?.['details'] as Record<string, unknown>) }));
    expect(e.details).toMatchObject({ sourceipaddress: '10.20.0.200', sourceipclass: 'private' });
    expect(e.details['sourceipv4address']).toBeUndefined();
    expect(e.details['srcip']).toBeUndefined();
  });

  it('leaves events without addresses untouched', () => {
    const e = runOne(plugin, ev({ user: 'x' }));
    expect(e.details).toEqual({ user: 'x' });
    expect(e.plugins).toBeUndefined();
  });

  it('rejects bad options', () => {
    expect(() => ipFixup({ sourceFields: 'srcip' } as never)).toThrow(EnrichError);
  });
});
