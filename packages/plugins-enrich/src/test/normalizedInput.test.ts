import { createNormalizer } from '@vigil/core';
import type { VigilEvent } from '@vigil/core';
import { describe, expect, it } from 'vitest';
import { runAll } from '../../test/makeEvent';
import { defaultPreset } from '../preset/defaultPreset';

// Raw inputs as sources hand them to core: core's normalizer runs first (it maps aliases such as `message`,
// `host`, `eventSource`, `type`), then the preset. Samples as in the per-plugin tests (origins noted there).
const normalize = createNormalizer();
function normalized(raw: Record<string, unknown>): VigilEvent {
  const result = normalize(raw, '2024-01-02T03:04:05.000Z');
  if (!result.ok) throw new Error(result.reason);
  return result.event;
}

const preset = defaultPreset({ geoip: false });
const enrich = (raw: Record<string, unknown>) => runAll(preset, normalized(raw));

describe('preset over core-normalized input', () => {
  it('sshd syslog line sent as {message}', () => {
    const [e] = enrich({ message: 'Jan 12 06:25:43 bastion1 sshd[28412]: Failed password for root from 203.0.113.7 port 51122 ssh2' });
    expect(e).toMatchObject({ hostname: 'bastion1', processname: 'sshd', processid: '28412', category: 'authentication' });
    expect(e?.details).toMatchObject({ username: 'root', success: false, sourceipaddress: '203.0.113.7', sourceipclass: 'reserved' });
  });

  it('Zeek http, notice and files whose host/msg/source the normalizer took', () => {
    const [http] = enrich({ ts: 1591367999.512593, uid: 'C5', 'id.orig_h': '192.168.4.76', 'id.orig_p': 46378, 'id.resp_h': '31.3.245.133', 'id.resp_p': 80, method: 'GET', host: 'testmyids.com', uri: '/', status_code: 200 });
    expect(http?.summary).toBe('HTTP GET 192.168.4.76:46378 -> 31.3.245.133:80 testmyids.com/ 200');
    expect(http?.utctimestamp).toBe('2020-06-05T14:39:59.512Z');
    const [notice] = enrich({ ts: 1598377391.96, note: 'SSL::Invalid_Server_Cert', msg: 'SSL certificate validation failed', sub: 'CN=x', src: '192.168.4.49', dst: '13.32.202.10', p: 443 });
    expect(notice?.summary).toBe('SSL::Invalid_Server_Cert SSL certificate validation failed CN=x');
    expect(notice?.details).toMatchObject({ type: 'notice', sourceipaddress: '192.168.4.49', destinationport: 443 });
    const [files] = enrich({ ts: 1591367999.5, fuid: 'FEEsZS1w0Z0VJIb5x4', tx_hosts: ['31.3.245.133'], rx_hosts: ['192.168.4.76'], source: 'HTTP', mime_type: 'text/plain' });
    expect(files?.summary).toBe('File FEEsZS1w0Z0VJIb5x4 text/plain HTTP 31.3.245.133 -> 192.168.4.76');
  });

  it('CloudTrail record whose eventSource became the source, and a GuardDuty finding whose type and severity moved', () => {
    const [ct] = enrich({ eventVersion: '1.0', userIdentity: { type: 'IAMUser', userName: 'Alice', arn: 'arn:aws:iam::123456789012:user/Alice' }, eventTime: '2014-03-06T21:22:54Z', eventSource: 'ec2.amazonaws.com', eventName: 'StartInstances', awsRegion: 'us-east-2', sourceIPAddress: '205.251.233.176' });
    expect(ct).toMatchObject({ category: 'cloudtrail', source: 'cloudtrail', utctimestamp: '2014-03-06T21:22:54.000Z' });
    expect(ct?.details).toMatchObject({ eventsource: 'ec2.amazonaws.com', eventname: 'StartInstances', username: 'Alice' });
    const finding = { schemaVersion: '2.0', accountId: '123456789012', region: 'us-east-1', id: 'f1', type: 'Recon:EC2/PortProbeUnprotectedPort', service: { serviceName: 'guardduty', action: { portProbeAction: { portProbeDetails: [{ remoteIpDetails: { ipAddressV4: '198.51.100.5' } }] } } }, severity: 8, title: 'Unprotected port on EC2 instance i-1 is being probed.' };
    const [gd] = enrich(finding);
    expect(gd).toMatchObject({ category: 'guardduty', severity: 'ERROR', type: 'event' });
    expect(gd?.details).toMatchObject({ findingtype: 'Recon:EC2/PortProbeUnprotectedPort', sourceipaddress: '198.51.100.5' });
    // EventBridge delivery keeps the finding inside `detail`, out of the normalizer's reach.
    const [wrapped] = enrich({ version: '0', id: 'eb-1', 'detail-type': 'GuardDuty Finding', source: 'aws.guardduty', time: '2024-01-01T00:00:00Z', detail: { ...finding, severity: 5 } });
    expect(wrapped).toMatchObject({ category: 'guardduty', severity: 'WARNING' });
  });

  it('Suricata alert, GitHub audit entry and an auditd batch', () => {
    const [alert] = enrich({ timestamp: '2017-04-07T22:24:37.251547+0100', flow_id: 1, event_type: 'alert', src_ip: '192.168.2.14', src_port: 50096, dest_ip: '209.53.113.5', dest_port: 80, proto: 'TCP', alert: { action: 'allowed', signature_id: 2018358, signature: 'ET HUNTING x', category: 'Potentially Bad Traffic', severity: 1 } });
    expect(alert).toMatchObject({ category: 'suricata', severity: 'CRITICAL' });
    const [gh] = enrich({ '@timestamp': 1605719148837, action: 'repo.destroy', actor: 'monalisa', _document_id: 'x', org: 'mona-org', repo: 'mona-org/mona-test-repo' });
    expect(gh?.summary).toBe('github repo.destroy by monalisa on mona-org/mona-test-repo');
    const audit = enrich({ message: 'type=SYSCALL msg=audit(1700000000.120:555): arch=c000003e syscall=59 success=yes exit=0 auid=1000 uid=0 euid=0 ses=4 tty=pts1 comm="id" exe="/usr/bin/id" key="exec"\ntype=EXECVE msg=audit(1700000000.120:555): argc=1 a0="id"\ntype=SYSCALL msg=audit(1700000001.000:556): arch=c000003e syscall=42 success=no exit=-111 auid=1000 uid=1000 euid=1000 comm="curl" exe="/usr/bin/curl" key="net"' });
    expect(audit.map((e) => e.summary)).toEqual(['Execve: id by auid=1000 uid=0', 'Connect: /usr/bin/curl by auid=1000 uid=1000 (failed)']);
    expect(audit.map((e) => e.processname)).toEqual(['auditd', 'auditd']);
  });
});
