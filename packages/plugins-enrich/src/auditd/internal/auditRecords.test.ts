import { describe, expect, it } from 'vitest';
import { fieldText, fieldValue, parseAuditRecord, parseKeyValues } from './auditRecords';

/** The expression the scanner replaces, run the way the parser used to run it: the specification of what it finds. */
function byExpression(input: string): Array<[string, string]> {
  const kv = /([\w-]{1,64}(?:\[\d{1,6}\])?)=("[^"]*"|'[^']*'|\S*)/g;
  const text = input.includes('\x1d') ? input.replaceAll('\x1d', ' ') : input;
  const out: Array<[string, string]> = [];
  const seen = new Set<string>();
  for (let m = kv.exec(text); m !== null; m = kv.exec(text)) {
    const key = m[1] as string;
    if (key === '__proto__' || seen.has(key)) continue;
    seen.add(key);
    out.push([key, m[2] as string]);
  }
  return out;
}

function byScanner(input: string): Array<[string, string]> {
  const fields = new Map<string, string>();
  parseKeyValues(input, fields);
  return [...fields];
}

// Records from the Red Hat Enterprise Linux Security Guide ("Understanding Audit Log Files") and audit.log on
// Debian 12, as in auditd.test.ts, plus the enriched format (ausearch --format raw with \x1d before the names).
const REAL = [
  'arch=c000003e syscall=2 success=no exit=-13 a0=7fffd19c5592 a1=0 a2=7fffd19c4b50 a3=a items=1 ppid=2686 pid=3538 auid=1000 uid=1000 gid=1000 euid=1000 suid=1000 fsuid=1000 egid=1000 sgid=1000 fsgid=1000 tty=pts0 ses=1 comm="cat" exe="/bin/cat" subj=unconfined_u:unconfined_r:unconfined_t:s0-s0:c0.c1023 key="sshd_config"',
  ' cwd="/home/shadowman"',
  'item=0 name="/etc/ssh/sshd_config" inode=409248 dev=fd:00 mode=0100600 ouid=0 ogid=0 rdev=00:00 obj=system_u:object_r:etc_t:s0 nametype=NORMAL cap_fp=none cap_fi=none cap_fe=0 cap_fver=0',
  'argc=3 a0="ls" a1="-la" a2=2F746D702F6D7920646972',
  "pid=3280 uid=0 auid=4294967295 ses=4294967295 subj=system_u:system_r:sshd_t:s0-s0:c0.c1023 msg='op=login acct=\"root\" exe=\"/usr/sbin/sshd\" hostname=? addr=192.0.2.10 terminal=ssh res=failed'",
  'argc=2 a0="x" a1_len=20000 a1[0]=414243 a1[1]=444546',
  'arch=c000003e syscall=59 success=yes\x1dARCH=x86_64 SYSCALL=execve AUID="alice" UID="root"',
];

const TRICKY = [
  '', '=', '==', 'k=', 'k= v', 'k="unclosed value', "k='unclosed", 'k="a b" c=\'d e\' f=g', 'k="x"y=z', 'k=""', "k=''",
  `${'a'.repeat(70)}=long-key`, `${'b'.repeat(64)}=exactly-64`, 'a2[0]=1 a2[1234567]=2 a[]=3 a[12=4 a[1]x=5', 'a[1]=one a[1]=dup',
  '__proto__=x constructor=y toString=z', 'k=v\u00a0w=x\u2028y=z\ufeffq=r', 'k=v\tw=x\ny=z\rq=r', 'k=a=b=c', 'é=1 ké=2 k-é=3',
  '"k"=1 k"=2 (k)=3', 'k=v k=w', 'x=1\x1dy="a\x1db"', '-=dash _=under 9=nine',
];

function junk(seed: number, length: number): string {
  // Deterministic (mulberry32) text from a small alphabet rich in the characters the syntax uses.
  const alphabet = 'ab09_-=="\'\'[]  \t\x1d\u00a0é';
  let a = seed;
  let out = '';
  for (let i = 0; i < length; i++) {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    out += alphabet[((t ^ (t >>> 14)) >>> 0) % alphabet.length];
  }
  return out;
}

describe('parseKeyValues', () => {
  it('finds exactly the pairs the key=value expression finds, on real records and tricky text', () => {
    for (const text of [...REAL, ...TRICKY]) expect(byScanner(text), JSON.stringify(text)).toEqual(byExpression(text));
  });

  it('agrees with the expression on random text made of the syntax characters', () => {
    for (let seed = 1; seed <= 2000; seed++) {
      const text = junk(seed, 1 + (seed % 97));
      expect(byScanner(text), JSON.stringify(text)).toEqual(byExpression(text));
    }
  });

  it('agrees on large hostile input (long runs, unclosed brackets and quotes)', () => {
    const text = `${'k='.repeat(50_000)}${'x'.repeat(100_000)}[${'1'.repeat(20_000)} a${'b'.repeat(1000)}=1 q="${'z '.repeat(10_000)}`;
    expect(byScanner(text)).toEqual(byExpression(text));
  });
});

describe('parseAuditRecord', () => {
  it('reads the header, unquotes values and hex-decodes unquoted ones', () => {
    const record = parseAuditRecord('node=h1 type=EXECVE msg=audit(1700000000.12:555): argc=3 a0="ls" a1=\'-la\' a2=2F746D702F6D7920646972');
    expect(record).toMatchObject({ type: 'EXECVE', time: 1_700_000_000_120, serial: '555' });
    expect(fieldValue(record!, 'a0')).toBe('ls');
    expect(fieldValue(record!, 'a1')).toBe('-la');
    expect(fieldValue(record!, 'a2')).toBe('2F746D702F6D7920646972');
    expect(fieldText(record!, 'a2')).toBe('/tmp/my dir');
    expect(fieldText(record!, 'missing')).toBeUndefined();
  });

  it("flattens a USER_* record's msg='…' payload without overriding the record's own fields", () => {
    const record = parseAuditRecord(REAL_USER_LOGIN);
    expect(record?.fields.has('msg')).toBe(false);
    expect(fieldValue(record!, 'pid')).toBe('3280');
    expect(fieldValue(record!, 'acct')).toBe('root');
    expect(fieldValue(record!, 'res')).toBe('failed');
  });
});

const REAL_USER_LOGIN = `type=USER_LOGIN msg=audit(1364475353.159:24270): ${REAL[4] as string}`;
