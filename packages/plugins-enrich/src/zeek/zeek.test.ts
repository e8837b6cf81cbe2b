import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { makeEvent, registers, runOne } from '../../test/makeEvent';
import { zeek } from './zeek';

const plugin = zeek();
const ev = (details: Record<string, unknown>, extra: Record<string, unknown> = {}) => makeEvent({ details, ...extra });

// conn, dns, http, files, ssl, x509, ssh, notice: records from the Zeek documentation's log walkthroughs
// (docs.zeek.org "Zeek Logs" pages, JSON output, LogAscii::use_json=T), trimmed of fields not used here.
const CONN = { ts: 1591367999.305988, uid: 'CMdzit1AMNsmfAIiQc', 'id.orig_h': '192.168.4.76', 'id.orig_p': 36844, 'id.resp_h': '192.168.4.1', 'id.resp_p': 53, proto: 'udp', service: 'dns', duration: 0.0668, orig_bytes: 62, resp_bytes: 141, conn_state: 'SF', missed_bytes: 0, history: 'Dd', orig_pkts: 2, resp_pkts: 2 };
const DNS = { ts: 1591367999.306059, uid: 'CMdzit1AMNsmfAIiQc', 'id.orig_h': '192.168.4.76', 'id.orig_p': 36844, 'id.resp_h': '192.168.4.1', 'id.resp_p': 53, proto: 'udp', trans_id: 8555, query: 'testmyids.com', qclass: 1, qclass_name: 'C_INTERNET', qtype: 1, qtype_name: 'A', rcode: 0, rcode_name: 'NOERROR', answers: ['31.3.245.133'], TTLs: [3600.0], rejected: false };
const HTTP = { ts: 1591367999.512593, uid: 'C5bLoe2Mvxqhawzqqd', 'id.orig_h': '192.168.4.76', 'id.orig_p': 46378, 'id.resp_h': '31.3.245.133', 'id.resp_p': 80, trans_depth: 1, method: 'GET', host: 'testmyids.com', uri: '/', version: '1.1', user_agent: 'curl/7.47.0', status_code: 200, status_msg: 'OK' };
const FILES = { ts: 1591367999.514922, fuid: 'FEEsZS1w0Z0VJIb5x4', tx_hosts: ['31.3.245.133'], rx_hosts: ['192.168.4.76'], conn_uids: ['C5bLoe2Mvxqhawzqqd'], source: 'HTTP', depth: 0, mime_type: 'text/plain', seen_bytes: 39, total_bytes: 39 };
const SSL = { ts: 1598377391.921726, uid: 'CsukF91Bx9mrqdEaH9', 'id.orig_h': '192.168.4.49', 'id.orig_p': 56718, 'id.resp_h': '13.32.202.10', 'id.resp_p': 443, version: 'TLSv12', cipher: 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', curve: 'secp256r1', server_name: 'www.taosecurity.com', resumed: false, established: true };
const X509 = { ts: 1598377391.964225, id: 'F1uLr21xVBbzmHo7Wl', 'certificate.version': 3, 'certificate.serial': '0E2E9FD8D3D2CBAD3AB72DCDF0BD47F3', 'certificate.subject': 'CN=www.taosecurity.com', 'certificate.issuer': 'CN=Amazon,OU=Server CA 1B,O=Amazon,C=US', 'san.dns': ['www.taosecurity.com', 'taosecurity.com'], 'basic_constraints.ca': false };
const SSH = { ts: 1598377368.118722, uid: 'CeSy9oXN9HPjW6hz2', 'id.orig_h': '192.168.4.49', 'id.orig_p': 39550, 'id.resp_h': '205.166.94.16', 'id.resp_p': 22, version: 2, auth_success: false, auth_attempts: 0, client: 'SSH-2.0-OpenSSH_7.4p1 Debian-10+deb9u7', server: 'SSH-2.0-OpenSSH_8.0', cipher_alg: 'chacha20-poly1305@openssh.com' };
const NOTICE = { ts: 1598377391.964225, note: 'SSL::Invalid_Server_Cert', msg: 'SSL certificate validation failed with (unable to get local issuer certificate)', sub: 'CN=www.taosecurity.com', src: '192.168.4.49', dst: '13.32.202.10', p: 443, actions: ['Notice::ACTION_LOG'] };
// smtp, dhcp, intel, software, weird, rdp, smb_*: field names of the Zeek script reference (base/protocols/*/main.zeek
// Info records); values made up, RFC 5737 addresses.
const SMTP = { ts: 1700000000.1, uid: 'C1', 'id.orig_h': '192.0.2.10', 'id.orig_p': 50000, 'id.resp_h': '198.51.100.25', 'id.resp_p': 25, trans_depth: 1, helo: 'mail.example.org', mailfrom: 'alice@example.org', rcptto: ['bob@example.net'], subject: 'Quarterly report' };
const DHCP = { ts: 1700000000.2, uids: ['C2'], client_addr: '192.0.2.50', server_addr: '192.0.2.1', mac: '00:0c:29:aa:bb:cc', host_name: 'laptop-7', assigned_addr: '192.0.2.50', lease_time: 86400, msg_types: ['REQUEST', 'ACK'] };
const INTEL = { ts: 1700000000.3, uid: 'C3', 'id.orig_h': '192.0.2.11', 'id.orig_p': 51515, 'id.resp_h': '203.0.113.66', 'id.resp_p': 80, 'seen.indicator': 'evil.example.com', 'seen.indicator_type': 'Intel::DOMAIN', 'seen.where': 'HTTP::IN_HOST_HEADER', matched: ['Intel::DOMAIN'], sources: ['abuse feed'] };
const SOFTWARE = { ts: 1700000000.4, host: '192.0.2.12', software_type: 'HTTP::BROWSER', name: 'Firefox', 'version.major': 120, unparsed_version: 'Mozilla/5.0 Firefox/120.0' };
const WEIRD = { ts: 1700000000.5, uid: 'C5', 'id.orig_h': '192.0.2.13', 'id.orig_p': 1024, 'id.resp_h': '198.51.100.1', 'id.resp_p': 80, name: 'bad_HTTP_request', addl: '', notice: false, peer: 'zeek' };
const RDP = { ts: 1700000000.6, uid: 'C6', 'id.orig_h': '192.0.2.14', 'id.orig_p': 49152, 'id.resp_h': '198.51.100.3', 'id.resp_p': 3389, cookie: 'administrator', result: 'Success', security_protocol: 'HYBRID', keyboard_layout: 'English - United States' };
const SMB_FILES = { ts: 1700000000.7, uid: 'C7', 'id.orig_h': '192.0.2.15', 'id.orig_p': 49200, 'id.resp_h': '198.51.100.4', 'id.resp_p': 445, action: 'SMB::FILE_OPEN', path: '\\\\fs1\\share', name: 'payroll.xlsx', size: 1024 };
const SMB_MAPPING = { ts: 1700000000.8, uid: 'C8', 'id.orig_h': '192.0.2.15', 'id.orig_p': 49201, 'id.resp_h': '198.51.100.4', 'id.resp_p': 445, path: '\\\\fs1\\IPC$', share_type: 'PIPE' };

describe('zeek', () => {
  it('detects every log type from field signatures and writes standard fields and summaries', () => {
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [CONN, 'conn', '192.168.4.76:36844 -> 192.168.4.1:53 udp dns SF 62b/141b'],
      [DNS, 'dns', 'DNS A testmyids.com NOERROR 192.168.4.76:36844 -> 192.168.4.1:53 31.3.245.133'],
      [HTTP, 'http', 'HTTP GET 192.168.4.76:46378 -> 31.3.245.133:80 testmyids.com/ 200'],
      [FILES, 'files', 'File FEEsZS1w0Z0VJIb5x4 text/plain HTTP 31.3.245.133 -> 192.168.4.76'],
      [SSL, 'ssl', 'SSL 192.168.4.49:56718 -> 13.32.202.10:443 www.taosecurity.com TLSv12'],
      [X509, 'x509', 'X509 certificate CN=www.taosecurity.com issued by CN=Amazon,OU=Server CA 1B,O=Amazon,C=US www.taosecurity.com,taosecurity.com'],
      [SSH, 'ssh', 'SSH 192.168.4.49:39550 -> 205.166.94.16:22 failed SSH-2.0-OpenSSH_7.4p1 Debian-10+deb9u7 SSH-2.0-OpenSSH_8.0'],
      [NOTICE, 'notice', 'SSL::Invalid_Server_Cert SSL certificate validation failed with (unable to get local issuer certificate) CN=www.taosecurity.com'],
      [SMTP, 'smtp', 'SMTP 192.0.2.10:50000 -> 198.51.100.25:25 from alice@example.org to bob@example.net Quarterly report'],
      [DHCP, 'dhcp', 'DHCP 192.0.2.50 assigned to 00:0c:29:aa:bb:cc laptop-7 REQUEST,ACK'],
      [INTEL, 'intel', 'Intel match: evil.example.com (Intel::DOMAIN) seen in HTTP::IN_HOST_HEADER 192.0.2.11:51515 -> 203.0.113.66:80 abuse feed'],
      [SOFTWARE, 'software', 'Software HTTP::BROWSER Firefox Mozilla/5.0 Firefox/120.0 on 192.0.2.12'],
      [WEIRD, 'weird', 'Weird bad_HTTP_request 192.0.2.13:1024 -> 198.51.100.1:80'],
      [RDP, 'rdp', 'RDP 192.0.2.14:49152 -> 198.51.100.3:3389 administrator Success HYBRID'],
      [SMB_FILES, 'smb_files', 'SMB FILE_OPEN \\\\fs1\\share\\payroll.xlsx 192.0.2.15:49200 -> 198.51.100.4:445'],
      [SMB_MAPPING, 'smb_mapping', 'SMB mapping \\\\fs1\\IPC$ PIPE 192.0.2.15:49201 -> 198.51.100.4:445'],
    ];
    for (const [record, type, summary] of cases) {
      const e = runOne(plugin, ev({ ...record }, { source: 'zeek' }));
      expect(e.details['type'], type).toBe(type);
      expect(e.summary, type).toBe(summary);
      expect(e.category).toBe('bro');
    }
  });

  it('fills the standard 5-tuple fields and the event time from ts', () => {
    const e = runOne(plugin, ev({ ...CONN }));
    expect(e.details).toMatchObject({ sourceipaddress: '192.168.4.76', sourceport: 36844, destinationipaddress: '192.168.4.1', destinationport: 53 });
    expect(e.utctimestamp).toBe('2020-06-05T14:39:59.305Z');
    const n = runOne(plugin, ev({ ...NOTICE }));
    expect(n.details).toMatchObject({ sourceipaddress: '192.168.4.49', destinationipaddress: '13.32.202.10', destinationport: 443 });
    expect(n.severity).toBe('NOTICE');
  });

  it('uses _path and hints, and nested id objects', () => {
    const e = runOne(plugin, ev({ _path: 'conn', ts: '2020-06-05T14:39:59.305988Z', uid: 'C', id: { orig_h: '10.0.0.1', orig_p: 1, resp_h: '10.0.0.2', resp_p: 2 }, proto: 'tcp' }));
    expect(e.details).toMatchObject({ type: 'conn', sourceipaddress: '10.0.0.1', destinationport: 2, id_orig_h: '10.0.0.1' });
    expect(e.details['id']).toBeUndefined();
    const hinted = runOne(plugin, ev({ ts: 1, uid: 'C', 'id.orig_h': '10.0.0.1', query: 'x' }, { source: 'bro_dns' }));
    expect(hinted.details['type']).toBe('dns');
  });

  it('reads MozDef bro intel sample events (hint from category brointel)', () => {
    const [sample] = JSON.parse(readFileSync(new URL('../../test/fixtures/mozdef-alertcreating-bro-intel.json', import.meta.url), 'utf8')) as Array<Record<string, unknown>>;
    const e = runOne(plugin, makeEvent({ category: 'brointel', details: { ...(sample?.['details'] as Record<string, unknown>) } }));
    expect(e.details['type']).toBe('intel');
    expect(e.summary).toContain('Intel match: 0.0.139.213 (HTTP::IN_X_FORWARDED_FOR_HEADER) seen in Intel::ADDR');
  });

  it('leaves non-Zeek JSON alone and tags unknown Zeek-looking records', () => {
    expect(registers(plugin, ev({ eventName: 'DescribeInstances', eventSource: 'ec2.amazonaws.com' }))).toBe(false);
    const unknown = runOne(plugin, ev({ _path: 'mystery', ts: 1, uid: 'C', 'id.orig_h': '10.0.0.1' }));
    expect(unknown.tags).toContain('vigil:parse-failed:zeek');
    expect(unknown.category).toBe('');
  });
});
