import { describe, expect, it } from 'vitest';
import { makeEvent, registers, runOne } from '../../test/makeEvent';
import { pf } from './pf';

const plugin = pf();

// filterlog CSV lines in the layout of the pfSense documentation, "Filter Log Format" (docs.netgate.com),
// RFC 5737/3849 documentation addresses.
const TCP4 = 'Jan 12 06:25:43 fw1 filterlog[12345]: 5,,,1000000103,igb1,match,block,in,4,0x0,,64,0,0,DF,6,tcp,60,198.51.100.3,203.0.113.5,52378,22,0,S,1829411456,,29200,,mss;sackOK;TS;nop;wscale';
const UDP6 = 'filterlog[12345]: 77,,,1600000000,igb0,match,pass,out,6,0x00,0x00000,255,udp,17,40,2001:db8::1,2001:db8::2,546,547,40';
const ICMP4 = 'filterlog: 9,,,1000000105,em0,match,block,in,4,0x0,,128,12345,0,none,1,icmp,60,192.0.2.9,198.51.100.1,request,1,2';
// OpenBSD pflog as printed by `tcpdump -n -e -ttt -r /var/log/pflog` (pf.conf(5)/pflog(4) FAQ format).
const TCPDUMP = 'Jan 12 06:25:43.123 rule 2/(match) block in on em0: 192.0.2.7.51234 > 198.51.100.2.22: S 123:123(0) win 16384';

describe('pf', () => {
  it('parses an IPv4 TCP filterlog line', () => {
    const e = runOne(plugin, makeEvent({ summary: TCP4 }));
    expect(e.details).toMatchObject({
      action: 'block', direction: 'in', interface: 'igb1', ipversion: 4, protocol: 'tcp', sourceipaddress: '198.51.100.3',
      destinationipaddress: '203.0.113.5', sourceport: 52378, destinationport: 22, tcpflags: 'S', reason: 'match', rule: '5',
    });
    expect(e.summary).toBe('pf block in on igb1: tcp 198.51.100.3:52378 -> 203.0.113.5:22');
    expect(e.hostname).toBe('fw1');
    expect(e.category).toBe('firewall');
  });

  it('parses IPv6 UDP and IPv4 ICMP lines', () => {
    expect(runOne(plugin, makeEvent({ summary: UDP6 })).details).toMatchObject({ ipversion: 6, protocol: 'udp', sourceipaddress: '2001:db8::1', destinationport: 547, action: 'pass', direction: 'out' });
    const icmp = runOne(plugin, makeEvent({ summary: ICMP4 }));
    expect(icmp.details).toMatchObject({ protocol: 'icmp', sourceipaddress: '192.0.2.9' });
    expect(icmp.details['sourceport']).toBeUndefined();
  });

  it('parses OpenBSD pflog tcpdump lines', () => {
    const e = runOne(plugin, makeEvent({ processname: 'pflog', summary: TCPDUMP }));
    expect(e.details).toMatchObject({ rule: '2', action: 'block', direction: 'in', interface: 'em0', sourceipaddress: '192.0.2.7', sourceport: 51234, destinationport: 22 });
  });

  it('tags filterlog lines it cannot read and ignores others', () => {
    const bad = runOne(plugin, makeEvent({ summary: 'filterlog[1]: 5,,,1,igb1,match,explode,in,4' }));
    expect(bad.tags).toContain('vigil:parse-failed:pf');
    expect(bad.details).toEqual({});
    expect(registers(plugin, makeEvent({ summary: 'kernel: eth0 link up' }))).toBe(false);
  });
});
