import { readFileSync } from 'node:fs';
import type { VigilEvent } from '@vigil/core';
import { describe, expect, it } from 'vitest';
import { makeEvent, registers, run, runOne } from '../../test/makeEvent';
import { auditd } from './auditd';

const plugin = auditd();

// Records of one event from the Red Hat Enterprise Linux Security Guide, "Understanding Audit Log Files"
// (serial 24287; the PROCTITLE line as printed by ausearch, with " : ").
const RHEL_OPEN = [
  'type=SYSCALL msg=audit(1364481363.243:24287): arch=c000003e syscall=2 success=no exit=-13 a0=7fffd19c5592 a1=0 a2=7fffd19c4b50 a3=a items=1 ppid=2686 pid=3538 auid=1000 uid=1000 gid=1000 euid=1000 suid=1000 fsuid=1000 egid=1000 sgid=1000 fsgid=1000 tty=pts0 ses=1 comm="cat" exe="/bin/cat" subj=unconfined_u:unconfined_r:unconfined_t:s0-s0:c0.c1023 key="sshd_config"',
  'type=CWD msg=audit(1364481363.243:24287):  cwd="/home/shadowman"',
  'type=PATH msg=audit(1364481363.243:24287): item=0 name="/etc/ssh/sshd_config" inode=409248 dev=fd:00 mode=0100600 ouid=0 ogid=0 rdev=00:00 obj=system_u:object_r:etc_t:s0 nametype=NORMAL cap_fp=none cap_fi=none cap_fe=0 cap_fver=0',
  'type=PROCTITLE msg=audit(1364481363.243:24287) : proctitle=636174002F6574632F7373682F737368645F636F6E666967',
].join('\n');

// An execve event in the same format (audit.log on Debian 12, `-a always,exit -F arch=b64 -S execve -k exec`),
// an argument with a space hex-encoded by the kernel as audit does.
const EXECVE = [
  'type=SYSCALL msg=audit(1700000000.120:555): arch=c000003e syscall=59 success=yes exit=0 a0=55d4 a1=55d5 a2=55d6 a3=0 items=2 ppid=1200 pid=1300 auid=1000 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=pts1 ses=4 comm="ls" exe="/usr/bin/ls" key="exec"',
  'type=EXECVE msg=audit(1700000000.120:555): argc=3 a0="ls" a1="-la" a2=2F746D702F6D7920646972',
  'type=CWD msg=audit(1700000000.120:555): cwd="/root"',
  'type=PATH msg=audit(1700000000.120:555): item=0 name="/usr/bin/ls" inode=1 dev=08:01 mode=0100755 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL',
  'type=PROCTITLE msg=audit(1700000000.120:555): proctitle=6C73002D6C61002F746D702F6D7920646972',
  'type=EOE msg=audit(1700000000.120:555):',
].join('\n');

// RHEL Security Guide sample of a failed sshd login (USER_LOGIN with its payload in msg='…').
const USER_LOGIN =
  "type=USER_LOGIN msg=audit(1364475353.159:24270): pid=3280 uid=0 auid=4294967295 ses=4294967295 subj=system_u:system_r:sshd_t:s0-s0:c0.c1023 msg='op=login acct=\"root\" exe=\"/usr/sbin/sshd\" hostname=? addr=192.0.2.10 terminal=ssh res=failed'";

describe('auditd raw records', () => {
  it('joins the records of one serial: SYSCALL, CWD, PATH and the hex-decoded PROCTITLE', () => {
    const e = runOne(plugin, makeEvent({ summary: RHEL_OPEN }));
    expect(e.details).toMatchObject({
      auditserial: '24287', syscall: 'open', syscallnumber: '2', success: false, auid: '1000', uid: '1000', euid: '1000',
      exe: '/bin/cat', cwd: '/home/shadowman', key: 'sshd_config', ses: '1', tty: 'pts0', path: '/etc/ssh/sshd_config',
      cmdline: 'cat /etc/ssh/sshd_config', type: 'SYSCALL',
    });
    expect(e.utctimestamp).toBe('2013-03-28T14:36:03.243Z');
    expect(e.category).toBe('auditd');
    expect(e.summary).toBe('Open: cat /etc/ssh/sshd_config on /etc/ssh/sshd_config by auid=1000 uid=1000 (failed)');
  });

  it('decodes EXECVE arguments (quoted and hex) into cmdline', () => {
    const e = runOne(plugin, makeEvent({ summary: EXECVE }));
    expect(e.details).toMatchObject({ syscall: 'execve', success: true, cmdline: 'ls -la /tmp/my dir', argc: 3, cwd: '/root', key: 'exec' });
    expect(e.summary).toBe('Execve: ls -la /tmp/my dir by auid=1000 uid=0');
  });

  it('splits a batch with several serials into one event per serial', () => {
    const result = run(plugin, makeEvent({ id: 'batch', summary: `${RHEL_OPEN}\n${EXECVE}\n${USER_LOGIN}` }));
    expect(Array.isArray(result)).toBe(true);
    const events = result as VigilEvent[];
    expect(events.map((e) => e.details['auditserial'])).toEqual(['24287', '555', '24270']);
    expect(events.map((e) => e.id)).toEqual(['batch', 'batch-555', 'batch-24270']);
    expect(new Set(events.map((e) => e.details)).size).toBe(3);
  });

  it('flattens USER_* payloads: account, address, result', () => {
    const e = runOne(plugin, makeEvent({ summary: `Mar 28 10:15:53 host1 audispd: node=host1 ${USER_LOGIN}` }));
    expect(e.details).toMatchObject({ type: 'USER_LOGIN', username: 'root', sourceipaddress: '192.0.2.10', success: false, op: 'login', exe: '/usr/sbin/sshd' });
    expect(e.summary).toBe('USER_LOGIN login for root from 192.0.2.10 by auid=4294967295 uid=0 (failed)');
  });

  it('reads each line of a batch on its own: a quote left open does not run into the next line', () => {
    const e = runOne(plugin, makeEvent({ summary: 'type=SYSCALL msg=audit(1700000000.5:7): syscall=59 comm="ls exe=/usr/bin/ls\ntype=CWD msg=audit(1700000000.5:7): cwd="/root"' }));
    // The unclosed value reads as written up to the space, its quotes stripped as audit values are.
    expect(e.details).toMatchObject({ comm: 'l', exe: '/usr/bin/ls', cwd: '/root', auditserial: '7' });
  });

  it('tags text that mentions audit but holds no record', () => {
    const e = runOne(plugin, makeEvent({ summary: 'msg=audit( garbage' }));
    expect(e.tags).toContain('vigil:parse-failed:auditd');
  });
});

describe('auditd audisp-json and MozDef events', () => {
  it('normalizes the audisp-json format (messages_format.rst of gdestuynder/audisp-json)', () => {
    const e = runOne(
      plugin,
      makeEvent({
        category: 'EXECVE',
        processname: 'audisp-json',
        summary: 'Execve: sudo cat /etc/passwd',
        details: {
          auditserial: '2939394', uid: '0', gid: '0', euid: '0', sessionid: '20239', ppid: '29929', cwd: '/home/kang',
          username: 'root', auditedusername: 'kang', auid: '1000', parentprocess: 'sudo', process: '/bin/cat', auditkey: 'exe', tty: '/dev/pts/0',
        },
      }),
    );
    expect(e.details).toMatchObject({ auid: '1000', uid: '0', euid: '0', exe: '/bin/cat', cmdline: 'sudo cat /etc/passwd', syscall: 'execve', ses: '20239', key: 'exe', cwd: '/home/kang' });
  });

  it('normalizes MozDef sample auditd events', () => {
    const samples = JSON.parse(readFileSync(new URL('../../test/fixtures/mozdef-events-auditd.json', import.meta.url), 'utf8')) as Array<Record<string, unknown>>;
    const events = samples.map((s) => makeEvent({ summary: s['summary'] as string, details: { ...(s['details'] as Record<string, unknown>) } }));
    for (const e of events) expect(registers(plugin, e)).toBe(true);
    const second = runOne(plugin, events[1] as VigilEvent);
    expect(second.details).toMatchObject({ exe: '/bin/bash', cmdline: '/bin/sh -c /bin/ls -laR /dev', key: 'exec', syscall: 'execve', username: 'root' });
  });

  it('does not register on unrelated events', () => {
    expect(registers(plugin, makeEvent({ processname: 'sshd', summary: 'Accepted password for a from 192.0.2.1 port 1 ssh2' }))).toBe(false);
  });
});
