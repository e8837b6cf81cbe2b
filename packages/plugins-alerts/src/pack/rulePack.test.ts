import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { normalizeEvent, type CorrelationContext, type VigilAlert, type VigilEvent } from '@vigil/core';
import { from, lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { makeEvent, sec } from '../internal/makeEvent';
import type { RulePlugin } from '../rules/defineRule';
import { vigilCatalog } from '../vigilCatalog';
import { PACK_RULES, rulePack } from './rulePack';

const MOZDEF = join(import.meta.dirname, '../../fixtures/mozdef');
const sample = (name: string): unknown[] => JSON.parse(readFileSync(join(MOZDEF, name), 'utf8')) as unknown[];
const normalized = (raw: unknown): VigilEvent => {
  const r = normalizeEvent(raw);
  if (!r.ok) throw new Error(r.reason);
  return r.event;
};
const ctx: CorrelationContext = { pluginName: 'test', gauge: () => undefined };
const run = (rule: RulePlugin, events: VigilEvent[]): Promise<VigilAlert[]> => lastValueFrom(rule.correlate(from(events), ctx).pipe(toArray()));
const rule = (id: keyof typeof PACK_RULES): RulePlugin => rulePack().find((r) => r.rule.id === id)!;

const sshd = (ip: string, success: boolean, s: number, user = 'root') =>
  makeEvent({ at: sec(s), hostname: 'bastion', processname: 'sshd', category: 'authentication', source: 'syslog', details: { username: user, sourceipaddress: ip, sourceport: 40000 + s, success, authmethod: 'password' } });
const failures = (ip: string, n: number, start = 0, step = 5) => Array.from({ length: n }, (_, i) => sshd(ip, false, start + i * step, `user${i}`));
const trail = (eventname: string, extra: Record<string, unknown> = {}) =>
  makeEvent({ source: 'cloudtrail', category: 'cloudtrail', details: { eventname, eventsource: 'cloudtrail.amazonaws.com', actor: 'arn:aws:iam::1:user/eve', useridentitytype: 'IAMUser', sourceipaddress: '198.51.100.7', requestParameters: { name: 'main' }, ...extra } });
const proxy = (url: string, port: number, contenttype = 'text/html', status = 200) =>
  makeEvent({ category: 'proxy', source: 'squid', processname: 'squid', details: { sourceipaddress: '10.0.0.5', method: 'GET', url, host: new URL(url).hostname, destinationport: port, contenttype, status } });
const auditExec = (exe: string, cmdline: string, host = 'web1') => makeEvent({ hostname: host, category: 'auditd', details: { syscall: 'execve', exe, cmdline, auid: '1000', uid: '0', euid: '0' } });
const geo = (user: string, city: string, latitude: number, longitude: number, s: number) =>
  makeEvent({ at: sec(s), category: 'authentication', processname: 'sshd', details: { username: user, success: true, sourceipaddress: '203.0.113.1', sourceipgeolocation: { city, countrycode: 'XX', latitude, longitude } } });

/** Each shipped rule with events that must raise it and events that must not. */
const CASES: Record<Exclude<keyof typeof PACK_RULES, 'log-source-deadman'>, { positive: () => VigilEvent[]; negative: () => VigilEvent[] }> = {
  'ssh-bruteforce': { positive: () => failures('203.0.113.9', 10, 0, 10), negative: () => [...failures('203.0.113.9', 9), ...failures('198.51.100.1', 10, 0, 20)] },
  'ssh-success-after-bruteforce': {
    positive: () => [...failures('203.0.113.9', 10), sshd('203.0.113.9', true, 60)],
    negative: () => [...failures('203.0.113.9', 10), sshd('192.0.2.1', true, 60), sshd('203.0.113.9', true, 3600)],
  },
  'root-login': { positive: () => [sshd('192.0.2.1', true, 0, 'root')], negative: () => [sshd('192.0.2.1', false, 0, 'root'), sshd('192.0.2.1', true, 1, 'alice')] },
  'sudo-unusual-user': {
    positive: () => [makeEvent({ processname: 'sudo', category: 'authentication', details: { username: 'mallory', targetuser: 'root', command: '/bin/bash', action: 'command' } })],
    negative: () => [makeEvent({ processname: 'sudo', category: 'authentication', details: { username: 'mallory', targetuser: 'postgres', command: '/bin/ls', action: 'command' } })],
  },
  'cloudtrail-logging-disabled': {
    positive: () => [trail('StopLogging'), trail('DeleteTrail'), trail('UpdateTrail', { actor: 'arn:aws:iam::1:user/bob' })],
    negative: () => [trail('StartLogging'), trail('StopLogging', { errorcode: 'AccessDenied' }), ...sample('events-cloudtrail.json').map(normalized)],
  },
  'cloudtrail-root-use': { positive: () => [trail('CreateUser', { useridentitytype: 'Root', accountid: '1' })], negative: () => [trail('CreateUser'), trail('x', { useridentitytype: 'Root', eventType: 'AwsServiceEvent' })] },
  'console-login-without-mfa': {
    positive: () => [makeEvent({ source: 'cloudtrail', category: 'authentication', details: { eventname: 'ConsoleLogin', success: true, mfaused: false, username: 'bob', actor: 'arn:bob' } })],
    negative: () => [makeEvent({ source: 'cloudtrail', category: 'authentication', details: { eventname: 'ConsoleLogin', success: true, mfaused: true, actor: 'arn:bob' } }), makeEvent({ source: 'cloudtrail', category: 'authentication', details: { eventname: 'ConsoleLogin', success: false, mfaused: false, actor: 'arn:bob' } })],
  },
  'guardduty-recon': {
    positive: () => [makeEvent({ category: 'guardduty', source: 'guardduty', details: { findingtype: 'Recon:EC2/PortProbeUnprotectedPort', findingseverity: 2, instanceid: 'i-1' } })],
    negative: () => [makeEvent({ category: 'guardduty', source: 'guardduty', details: { findingtype: 'CryptoCurrency:EC2/BitcoinTool.B!DNS', findingseverity: 8 } })],
  },
  'proxy-executable-download': {
    positive: () => [proxy('http://evil.example/payload.exe?x=1', 80), proxy('http://cdn.example/get', 80, 'application/x-msdownload')],
    negative: () => [proxy('http://example.com/index.html', 80), proxy('http://evil.example/payload.exe', 80, 'text/html', 404)],
  },
  'proxy-nonstandard-port': { positive: () => [proxy('http://c2.example:4444/beacon', 4444)], negative: () => [proxy('https://example.com/', 443), proxy('http://example.com:8080/', 8080)] },
  'zeek-notice': {
    positive: () => [
      makeEvent({ category: 'bro', source: 'zeek', details: { type: 'notice', note: 'SSH::Password_Guessing', msg: '203.0.113.9 appears to be guessing SSH passwords', sourceipaddress: '203.0.113.9' } }),
      makeEvent({ category: 'bro', source: 'zeek', details: { type: 'notice', note: 'Scan::Port_Scan', sourceipaddress: '203.0.113.10' } }),
    ],
    // MozDef's demo notice (an HTTP errors note) is not one of the alerting notes.
    negative: () => [...sample('alertcreating-bro-notice.json').map(normalized), makeEvent({ category: 'bro', details: { type: 'conn', note: 'Scan::Port_Scan' } })],
  },
  'suricata-alert': {
    positive: () => [makeEvent({ category: 'suricata', details: { type: 'alert', alert: { severity: 1, signature: 'ET EXPLOIT x', signature_id: 2000001 }, sourceipaddress: '203.0.113.5', destinationipaddress: '10.0.0.1' } })],
    negative: () => [makeEvent({ category: 'suricata', details: { type: 'alert', alert: { severity: 3, signature: 'ET INFO y', signature_id: 2 } } }), makeEvent({ category: 'suricata', details: { type: 'flow' } })],
  },
  'exec-from-tmp': {
    positive: () => [auditExec('/tmp/.x/kworker', '/tmp/.x/kworker -c pool'), auditExec('/dev/shm/a', '/dev/shm/a')],
    negative: () => [auditExec('/usr/bin/ls', 'ls /tmp/'), makeEvent({ category: 'auditd', details: { syscall: 'open', exe: '/tmp/x' } })],
  },
  'impossible-travel': {
    positive: () => [geo('alice', 'Paris', 48.8566, 2.3522, 0), geo('alice', 'Sydney', -33.8688, 151.2093, 3600)],
    negative: () => [geo('bob', 'Paris', 48.8566, 2.3522, 0), geo('bob', 'London', 51.5072, -0.1276, 4 * 3600), geo('carol', 'Paris', 48.8566, 2.3522, 0)],
  },
  'privileged-user-created': {
    positive: () => [
      auditExec('/usr/sbin/usermod', 'usermod -aG sudo mallory'),
      auditExec('/usr/sbin/useradd', 'useradd -o -u 0 -g 0 toor', 'web2'),
      makeEvent({ hostname: 'web3', processname: 'usermod', summary: "add 'mallory' to group 'wheel'" }),
      makeEvent({ hostname: 'web4', processname: 'useradd', summary: 'new user: name=toor, UID=0, GID=0, home=/root, shell=/bin/bash' }),
    ],
    negative: () => [
      auditExec('/usr/sbin/useradd', 'useradd -m -G users alice'),
      makeEvent({ processname: 'useradd', summary: 'new user: name=alice, UID=1001, GID=1001, home=/home/alice, shell=/bin/bash' }),
      makeEvent({ processname: 'usermod', summary: "add 'alice' to group 'docker'" }),
    ],
  },
};

describe('the shipped rule pack', () => {
  it('has a positive and a negative case for every rule (deadman is tested with timers below)', () => {
    expect(Object.keys(CASES).sort()).toEqual(Object.keys(PACK_RULES).filter((k) => k !== 'log-source-deadman').sort());
  });

  for (const [id, c] of Object.entries(CASES)) {
    it(`${id}: alerts on its positive events only`, async () => {
      const positive = await run(rule(id as keyof typeof PACK_RULES), c.positive());
      expect(positive.length).toBeGreaterThan(0);
      for (const a of positive) {
        expect(a.rule.id).toBe(id);
        expect(a.summary).not.toMatch(/undefined|\{\{/);
        expect(a.events.length).toBeGreaterThan(0);
      }
      expect(await run(rule(id as keyof typeof PACK_RULES), c.negative())).toEqual([]);
    });
  }

  it('ssh-bruteforce: one alert with a count for a long attack, not one per ten failures', async () => {
    const alerts = await run(rule('ssh-bruteforce'), failures('203.0.113.9', 200, 0, 1));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ count: 10, category: 'bruteforce', details: { key: '203.0.113.9' } });
  });

  it('valueCount on MozDef sample login failures: many usernames from one address', async () => {
    const { defineRule } = await import('../rules/defineRule');
    const r = defineRule({ id: 'users-per-ip', detect: { type: 'valueCount', where: 'category:authentication AND details.success:false', groupBy: 'details.sourceipaddress', field: 'details.username', count: 3, window: '10m' } });
    const alerts = await run(r, sample('events-logins-failure.json').map(normalized));
    expect(alerts.length).toBeGreaterThan(0);
    expect(alerts[0]!.details!['key']).toBe('10.20.0.200');
  });

  it('the catalog runs the whole pack by default, and each rule by name', () => {
    expect(vigilCatalog.defaults?.correlation).toEqual(['alerts:pack']);
    const pack = vigilCatalog.correlation!['alerts:pack']!();
    expect((pack as RulePlugin[]).map((p) => p.name)).toEqual(Object.keys(PACK_RULES).map((id) => `alerts:${id}`));
    expect((vigilCatalog.correlation!['alerts:ssh-bruteforce']!({ count: 3 }) as RulePlugin).rule.detect).toMatchObject({ count: 3 });
    expect(rulePack({ disable: ['root-login'] }).map((r) => r.rule.id)).not.toContain('root-login');
    expect(() => rulePack({ disable: ['nope'] })).toThrow(/unknown rule id/);
  });
});
