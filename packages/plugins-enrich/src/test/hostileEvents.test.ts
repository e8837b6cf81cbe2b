import type { EnrichmentPlugin, VigilEvent } from '@vigil/core';
import { describe, expect, it } from 'vitest';
import { makeEvent, run, runAll } from '../../test/makeEvent';
import { auditd } from '../auditd/auditd';
import { cloudtrail } from '../cloudtrail/cloudtrail';
import { compliance } from '../compliance/compliance';
import { ecs } from '../ecs/ecs';
import { geoip } from '../geoip/geoip';
import { github } from '../github/github';
import { copyFields } from '../hygiene/copyFields';
import { dotKeys } from '../hygiene/dotKeys';
import { dropFields } from '../hygiene/dropFields';
import { dropMatching } from '../hygiene/dropMatching';
import { lowercaseKeys } from '../hygiene/lowercaseKeys';
import { renameFields } from '../hygiene/renameFields';
import { tagByRule } from '../hygiene/tagByRule';
import { truncateStrings } from '../hygiene/truncateStrings';
import { ipFixup } from '../ipFixup/ipFixup';
import { pf } from '../pf/pf';
import { defaultPreset } from '../preset/defaultPreset';
import { proxy } from '../proxy/proxy';
import { sshd } from '../sshd/sshd';
import { su } from '../su/su';
import { sudo } from '../sudo/sudo';
import { suricata } from '../suricata/suricata';
import { vulnerability } from '../vulnerability/vulnerability';
import { zeek } from '../zeek/zeek';

const fixture = (name: string) => new URL(`../../test/fixtures/${name}`, import.meta.url).pathname;

function everyPlugin(): EnrichmentPlugin[] {
  return [
    sshd({ tagUnknown: true }), su({ tagUnknown: true }), sudo({ tagUnknown: true }), auditd(), zeek(), suricata(), cloudtrail(),
    proxy(), pf(), github(), ipFixup(), geoip(), geoip({ cityDatabase: fixture('test-city.mmdb'), asnDatabase: fixture('test-asn.mmdb') }),
    lowercaseKeys(), dotKeys(), dotKeys({ mode: 'nest' }), truncateStrings({ maxLength: 64 }),
    dropFields({ paths: ['details.a.b', 'details.__proto__.x'] }), renameFields({ fields: { 'details.src': 'details.x.y' } }),
    copyFields({ fields: { details: 'details.copy', summary: 'details.s' } }), dropMatching({ queries: ['details.drop:yes'] }),
    tagByRule({ rules: [{ query: 'summary:sshd*', tags: ['t'], severity: 'NOTICE' }] }), compliance(), vulnerability(),
    ecs(), ecs({ mode: 'instead' }),
  ];
}

/** Deterministic pseudo-random bytes (mulberry32), so the corpus is the same on every run. */
function junk(seed: number, length: number): string {
  let a = seed;
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i++) {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    bytes[i] = ((t ^ (t >>> 14)) >>> 0) & 0xff;
  }
  return bytes.toString('latin1');
}

function deep(depth: number): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  let node = root;
  for (let i = 0; i < depth; i++) {
    const next: Record<string, unknown> = { 'k.e.y': i, Upper: 'x'.repeat(10) };
    node['Child.Node'] = next;
    node = next;
  }
  return root;
}

const MB = 'x'.repeat(1024 * 1024);

function corpus(): VigilEvent[] {
  const hostile: Array<Record<string, unknown>> = [
    {},
    { details: null },
    { details: 'a string' },
    { details: [1, 2, 3] },
    { details: { Records: 'not an array' } },
    { details: { Records: [null, 1, 'x', [], { eventName: 5, eventSource: {} }] } },
    { details: { eventName: 'x', eventSource: 'y', userIdentity: 'str', additionalEventData: [], responseElements: 7, eventTime: {} } },
    { details: { 'detail-type': 'GuardDuty Finding', detail: { service: null, severity: 'NaN', type: 3 } } },
    { details: { schemaVersion: '2.0', type: 'x', service: { serviceName: 'guardduty', action: { portProbeAction: { portProbeDetails: 'x' } } } } },
    { tags: 'not-an-array', plugins: 'nope', summary: 12345, processname: 42, hostname: null },
    { processname: 'sshd', summary: null },
    { processname: 'sshd', summary: MB },
    { summary: `Jan  1 00:00:00 h sshd[1]: Accepted password for ${MB} from 1.2.3.4 port 22 ssh2` },
    { summary: `Jan  1 00:00:00 h sshd[1]: Failed password for invalid user ${'\u0000\uffff'.repeat(100)} from ${'9'.repeat(60)} port 99999999 ssh2` },
    { summary: `sudo: ${'a : '.repeat(5000)}COMMAND=${MB.slice(0, 60000)}` },
    { processname: 'su', summary: '(to ) on ' },
    { summary: `type=EXECVE msg=audit(1:1): argc=2 a0=${'Z'.repeat(10)} a99999[999999]=41 a1=ZZ` },
    { summary: `type=SYSCALL msg=audit(99999999999999999:1): ${'k='.repeat(20000)}` },
    { summary: `msg=audit(${MB}` },
    { summary: Array.from({ length: 3000 }, (_, i) => `type=PATH msg=audit(1.1:${i}): name=${'41'.repeat(10)}`).join('\n') },
    { processname: 'audisp-json', category: 7, details: { auditserial: {}, process: [], command: 1 } },
    { source: 'zeek', details: { ts: 'yesterday', 'id.orig_h': {}, 'id.orig_p': 'x', id: 'string-id', _path: 5 } },
    { category: 'bro_conn', details: { _path: 'conn', id: { orig_h: null, orig_p: -1 }, conn_state: [] } },
    { details: { _path: 'files', ts: 1, fuid: 'F', tx_hosts: 'notarray', rx_hosts: [null] } },
    { details: { event_type: 'alert', src_ip: 42, dest_ip: [], alert: 'x', flow_id: 1, timestamp: 'zzz' } },
    { details: { event_type: 'dns', src_ip: '1.1.1.1', dns: null, flow_id: 1 } },
    { processname: 'squid', summary: `1286536308.779 180 ${'1'.repeat(64)} TCP_MISS/200 411 GET ${MB.slice(0, 8000)} - DIRECT/1.2.3.4 -` },
    { processname: 'filterlog', summary: ','.repeat(3000) },
    { summary: `filterlog: 5,,,1,igb1,match,block,in,4,${',x'.repeat(30)}` },
    { source: 'github', details: { sender: 'x', repository: [], action: 5, commits: 'x', ref: 1, pusher: {} } },
    { details: { action: 'a.b', actor: {}, org: [], '@timestamp': 'never', _document_id: null } },
    { details: { srcip: '1.2.3.4'.repeat(20), sourceipaddress: { ip: '1.2.3.4' }, destinationipaddress: 12, client_ip: '::ffff:999.1.1.1', remote_addr: '[' } },
    { details: { sourceipaddress: '8.8.8.8', destinationipaddress: 'ff02::1', sourceipgeolocation: 'x' } },
    { category: 'complianceitems', details: { check: null, compliance: 'maybe', policy: 'x', target: 5 } },
    { details: { check: [], compliance: {}, target: [] } },
    { category: 'vulnerability', details: { asset: 'x', vuln: null } },
    { details: { asset: { hostname: 5 }, vuln: { cves: 'CVE-1', cvss: {}, status: 5 } } },
    { details: deep(2000) },
    { details: JSON.parse('{"__proto__": {"polluted": 1}, "constructor": {"prototype": {"p": 1}}, "a.__proto__.b": 1}') as Record<string, unknown> },
    { details: { drop: 'yes' } },
    { summary: junk(1, 4096), details: { [junk(2, 32)]: junk(3, 1000) } },
    { summary: junk(4, 70_000), processname: 'sshd' },
    { summary: junk(5, 200), processname: 'sudo' },
    { severity: 'NOT-A-SEVERITY', utctimestamp: 5, details: { success: 'yes', proto: 5, url: {}, cves: [1], cvss: 'x' } },
  ];
  const cyclic: Record<string, unknown> = { name: 'cycle' };
  cyclic['self'] = cyclic;
  hostile.push({ details: { cyclic } });
  return hostile.map((fields, i) => ({ ...makeEvent({ id: `hostile-${i}` }), ...fields }) as unknown as VigilEvent);
}

describe('hostile input', () => {
  it('no plugin throws on any hostile event, and every result is an event, events or null', () => {
    const plugins = everyPlugin();
    for (const plugin of plugins) plugin.start?.();
    let runs = 0;
    for (const template of corpus()) {
      for (const plugin of plugins) {
        const event = { ...template };
        let result: unknown;
        expect(() => {
          result = run(plugin, event);
        }, `${plugin.name} on ${template.id}`).not.toThrow();
        const ok = result === null || Array.isArray(result) || (typeof result === 'object' && result !== null);
        expect(ok, `${plugin.name} on ${template.id}`).toBe(true);
        runs++;
      }
    }
    expect(runs).toBe(corpus().length * plugins.length);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(({} as Record<string, unknown>)['p']).toBeUndefined();
  });

  it('the default preset runs over the whole corpus without throwing', () => {
    const preset = defaultPreset({ ecs: { mode: 'beside' }, drop: ['details.drop:yes'], rules: [{ query: 'category:authentication', tags: ['auth'] }] });
    for (const plugin of preset) plugin.start?.();
    let survivors = 0;
    for (const template of corpus()) {
      expect(() => {
        survivors += runAll(preset, { ...template }).length;
      }, template.id).not.toThrow();
    }
    expect(survivors).toBeGreaterThan(0);
  });
});
