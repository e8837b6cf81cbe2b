import { describe, expect, it } from 'vitest';
import { fieldNames, fieldText, fieldValue, parseAuditRecord, scanKeyValues } from './auditRecords';

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
  const text = input.includes('\x1d') ? input.replaceAll('\x1d', ' ') : input;
  const pairs = scanKeyValues(text, 0, text.length);
  const fields = new Map<string, string>();
  for (let p = 0; p < pairs.length; p += 4) {
    const key = text.slice(pairs[p], pairs[p + 1]);
    if (!fields.has(key)) fields.set(key, text.slice(pairs[p + 2], pairs[p + 3]));
  }
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

describe('scanKeyValues', () => {
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

/** The record parser as it was written with expressions: the specification of what parseAuditRecord reads. */
function referenceRecord(line: string): { type: string; time: number; serial: string; fields: Map<string, string> } | undefined {
  const m = /type=([A-Z_0-9]{1,40}) msg=audit\((\d{1,12})(?:\.(\d{1,6}))?:(\d{1,20})\) ?: ?/.exec(line);
  if (m === null) return undefined;
  const fields = new Map<string, string>();
  const unquote = (raw: string) => ((raw.startsWith('"') || raw.startsWith("'")) && raw.length >= 2 ? raw.slice(1, -1) : raw);
  const read = (text: string) => {
    for (const [key, raw] of byExpression(text)) if (!fields.has(key)) fields.set(key, unquote(raw));
  };
  read(line.slice(m.index + m[0].length));
  const inner = fields.get('msg');
  if (inner !== undefined && inner.includes('=')) {
    fields.delete('msg');
    read(inner);
  }
  const ms = Number(m[2]) * 1000 + (m[3] === undefined ? 0 : Math.floor(Number(m[3].padEnd(3, '0').slice(0, 3))));
  return { type: m[1] as string, time: ms, serial: m[4] as string, fields };
}

function agreesWithReference(line: string): void {
  const expected = referenceRecord(line);
  const record = parseAuditRecord(line);
  if (expected === undefined) {
    expect(record, JSON.stringify(line)).toBeUndefined();
    return;
  }
  expect(record, JSON.stringify(line)).toBeDefined();
  expect({ type: record!.type, time: record!.time, serial: record!.serial }, JSON.stringify(line)).toEqual({ type: expected.type, time: expected.time, serial: expected.serial });
  expect(fieldNames(record!), JSON.stringify(line)).toEqual([...expected.fields.keys()]);
  for (const [key, value] of expected.fields) expect(fieldValue(record!, key), `${key} in ${JSON.stringify(line)}`).toBe(value);
}

const HEADERS = [
  'type=SYSCALL msg=audit(1364481363.243:24287): ', 'type=CWD msg=audit(1364481363.243:24287):  ', 'type=PROCTITLE msg=audit(1364481363.243:24287) : ',
  'node=h1 type=EOE msg=audit(1.1:1):', 'Jan 12 06:25:43 h audispd: type=USER_LOGIN msg=audit(1364475353.159:24270): ', 'type=X msg=audit(1:2)',
  'type=X msg=audit(1:2) :x', 'type=X msg=audit(1.:2): ', 'type=X msg=audit(.1:2): ', 'type=X msg=audit(1.1234567:2): ', 'type=X msg=audit(1234567890123:2): ',
  `type=${'A'.repeat(41)} msg=audit(1:2): `, `type=${'A'.repeat(40)} msg=audit(1:2): `, 'type=a msg=audit(1:2): ', 'type=X msg=audit(1:2):: ',
  'type=type=X msg=audit(1:2): ', 'xtype=X msg=audit(1:2): type=Y msg=audit(3:4): ', 'type=X  msg=audit(1:2): ', `type=X msg=audit(1:${'9'.repeat(21)}): `,
  'type=X msg=audit(1.5:2)  : ', 'type=X msg=audit(99999999999999999:1): ',
];

describe('parseAuditRecord', () => {
  it('reads exactly what the record and key=value expressions read, header and fields, on real and odd lines', () => {
    for (const header of HEADERS) {
      for (const body of [...REAL, ...TRICKY]) agreesWithReference(`${header}${body}`);
    }
    for (let seed = 1; seed <= 500; seed++) agreesWithReference(`${HEADERS[seed % HEADERS.length] as string}${junk(seed, 1 + (seed % 61))} msg='${junk(seed + 7, seed % 23)}'`);
  });

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
    expect(fieldNames(record!)).not.toContain('msg');
    expect(fieldNames(record!).slice(0, 3)).toEqual(['pid', 'uid', 'auid']);
    expect(fieldValue(record!, 'pid')).toBe('3280');
    expect(fieldValue(record!, 'acct')).toBe('root');
    expect(fieldValue(record!, 'res')).toBe('failed');
  });
});

const REAL_USER_LOGIN = `type=USER_LOGIN msg=audit(1364475353.159:24270): ${REAL[4] as string}`;
