import { describe, expect, it } from 'vitest';
import { makeEvent, registers, runOne } from '../../test/makeEvent';
import { suricata } from './suricata';

const plugin = suricata();
const ev = (details: Record<string, unknown>) => makeEvent({ details });

// Records from the Suricata user guide, "Eve JSON Format" and "Eve JSON Output" examples (docs.suricata.io),
// trimmed of fields not used here.
const ALERT = { timestamp: '2017-04-07T22:24:37.251547+0100', flow_id: 586497171462735, pcap_cnt: 53381, event_type: 'alert', src_ip: '192.168.2.14', src_port: 50096, dest_ip: '209.53.113.5', dest_port: 80, proto: 'TCP', tx_id: 4, alert: { action: 'allowed', gid: 1, signature_id: 2018358, rev: 10, signature: 'ET HUNTING GENERIC SUSPICIOUS POST to Dotted Quad with Fake Browser 1', category: 'Potentially Bad Traffic', severity: 2 }, app_proto: 'http' };
const HTTP = { timestamp: '2014-04-11T22:45:21.128357+0200', flow_id: 1, event_type: 'http', src_ip: '10.0.0.1', src_port: 49257, dest_ip: '195.22.27.17', dest_port: 80, proto: 'TCP', http: { hostname: 'www.suricata-ids.org', url: '/', http_user_agent: 'Mozilla/5.0 (X11; Linux x86_64)', http_content_type: 'text/html', http_method: 'GET', protocol: 'HTTP/1.1', status: 200, length: 10476 } };
const DNS = { timestamp: '2009-11-24T21:27:09.534255', flow_id: 2, event_type: 'dns', src_ip: '192.168.2.7', src_port: 53, dest_ip: '192.168.2.1', dest_port: 53, proto: 'UDP', dns: { type: 'query', id: 16000, rrname: 'twitter.com', rrtype: 'A', tx_id: 0 } };
const TLS = { timestamp: '2016-09-12T17:02:01.520934+0200', flow_id: 3, event_type: 'tls', src_ip: '192.168.1.12', src_port: 44012, dest_ip: '172.217.17.36', dest_port: 443, proto: 'TCP', tls: { subject: 'C=US, ST=California, L=Mountain View, O=Google Inc, CN=*.google.com', issuerdn: 'C=US, O=Google Inc, CN=Google Internet Authority G2', sni: 'www.google.com', version: 'TLS 1.2' } };
const FILEINFO = { timestamp: '2014-04-11T22:45:21.128357+0200', flow_id: 4, event_type: 'fileinfo', src_ip: '195.22.27.17', src_port: 80, dest_ip: '10.0.0.1', dest_port: 49257, proto: 'TCP', app_proto: 'http', fileinfo: { filename: '/index.html', magic: 'HTML document, ASCII text', state: 'CLOSED', md5: '2f9a2a4b8b5a3bd0e9f9b2b7b4a0a6c1', stored: false, size: 2035, tx_id: 0 } };
const FLOW = { timestamp: '2017-04-07T22:24:37.251547+0100', flow_id: 5, event_type: 'flow', src_ip: '192.168.2.14', src_port: 50096, dest_ip: '209.53.113.5', dest_port: 80, proto: 'TCP', app_proto: 'http', flow: { pkts_toserver: 5, pkts_toclient: 4, bytes_toserver: 458, bytes_toclient: 1412, state: 'closed', reason: 'timeout', alerted: true } };
const ANOMALY = { timestamp: '2019-01-01T00:00:00.000000+0000', event_type: 'anomaly', src_ip: '192.168.2.14', dest_ip: '192.168.2.1', proto: 'ICMP', anomaly: { type: 'decode', event: 'decoder.icmpv4.unknown_type' } };

describe('suricata', () => {
  it('maps an alert: summary, severity from alert.severity, standard fields, event time', () => {
    const e = runOne(plugin, ev({ ...ALERT }));
    expect(e.summary).toBe('Suricata alert: ET HUNTING GENERIC SUSPICIOUS POST to Dotted Quad with Fake Browser 1 [Potentially Bad Traffic] TCP 192.168.2.14:50096 -> 209.53.113.5:80 allowed');
    expect(e.severity).toBe('WARNING');
    expect(e.details).toMatchObject({ sourceipaddress: '192.168.2.14', sourceport: 50096, destinationipaddress: '209.53.113.5', destinationport: 80, type: 'alert' });
    expect(e.utctimestamp).toBe('2017-04-07T21:24:37.251Z');
    expect(e.category).toBe('suricata');
    const high = runOne(plugin, ev({ ...ALERT, alert: { ...ALERT.alert, severity: 1 } }));
    expect(high.severity).toBe('CRITICAL');
  });

  it('summarizes http, dns, tls, fileinfo, flow and anomaly records', () => {
    expect(runOne(plugin, ev({ ...HTTP })).summary).toBe('HTTP GET 10.0.0.1:49257 -> 195.22.27.17:80 www.suricata-ids.org/ 200');
    expect(runOne(plugin, ev({ ...DNS })).summary).toBe('DNS query A twitter.com 192.168.2.7:53 -> 192.168.2.1:53');
    expect(runOne(plugin, ev({ ...TLS })).summary).toBe('TLS 192.168.1.12:44012 -> 172.217.17.36:443 www.google.com TLS 1.2 C=US, ST=California, L=Mountain View, O=Google Inc, CN=*.google.com');
    expect(runOne(plugin, ev({ ...FILEINFO })).summary).toBe('File /index.html HTML document, ASCII text http 195.22.27.17:80 -> 10.0.0.1:49257 2f9a2a4b8b5a3bd0e9f9b2b7b4a0a6c1');
    expect(runOne(plugin, ev({ ...FLOW })).summary).toBe('Flow TCP http 192.168.2.14:50096 -> 209.53.113.5:80 closed 458b/1412b');
    expect(runOne(plugin, ev({ ...ANOMALY })).summary).toBe('Anomaly decode decoder.icmpv4.unknown_type 192.168.2.14 -> 192.168.2.1');
  });

  it('leaves a non-alert severity unchanged and ignores non-eve events', () => {
    expect(runOne(plugin, ev({ ...HTTP })).severity).toBe('INFO');
    expect(registers(plugin, ev({ event_type: 'login', user: 'x' }))).toBe(false);
    expect(registers(plugin, makeEvent({ summary: '{"event_type":"alert"}' }))).toBe(false);
  });

  it('tags eve records without addresses', () => {
    const e = runOne(plugin, ev({ event_type: 'alert', flow_id: 1, alert: { severity: 1 } }));
    expect(e.tags).toContain('vigil:parse-failed:suricata');
    expect(e.severity).toBe('INFO');
  });
});
