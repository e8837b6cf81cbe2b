import { describe, expect, it } from 'vitest';
import { EnrichError } from '../EnrichError';
import { makeEvent, registers, runOne } from '../../test/makeEvent';
import { sshd } from './sshd';

// Lines in OpenSSH's own log formats (auth.c, auth2.c, packet.c, sshd.c message templates of OpenSSH 8.x/9.x,
// as written to /var/log/auth.log on Debian); addresses from the RFC 5737 documentation ranges.
const plugin = sshd();

function line(message: string) {
  return makeEvent({ summary: `Jan 12 06:25:43 bastion1 sshd[28412]: ${message}` });
}

describe('sshd', () => {
  it('parses an accepted publickey login with its key fingerprint', () => {
    const e = runOne(plugin, line('Accepted publickey for alice from 203.0.113.7 port 51122 ssh2: ED25519 SHA256:Zl3b4Q1f0H0mZC9nBqO3xS6zq1m7eR0k0gq5Zf1m1zI'));
    expect(e.details).toMatchObject({
      username: 'alice', sourceipaddress: '203.0.113.7', sourceport: 51122, authmethod: 'publickey', success: true,
      keytype: 'ED25519', action: 'accepted',
    });
    expect(e.category).toBe('authentication');
    expect(e.hostname).toBe('bastion1');
    expect(e.processname).toBe('sshd');
    expect(e.processid).toBe('28412');
    expect(e.summary).toBe('Accepted publickey for alice from 203.0.113.7 port 51122 ssh2: ED25519 SHA256:Zl3b4Q1f0H0mZC9nBqO3xS6zq1m7eR0k0gq5Zf1m1zI');
    expect(e.plugins).toEqual(['enrich:sshd']);
  });

  it('parses failed passwords, including for invalid users, and IPv6 sources', () => {
    const a = runOne(plugin, line('Failed password for root from 198.51.100.23 port 40022 ssh2'));
    expect(a.details).toMatchObject({ username: 'root', success: false, authmethod: 'password', sourceport: 40022 });
    const b = runOne(plugin, line('Failed password for invalid user admin from 2001:db8::17 port 33412 ssh2'));
    expect(b.details).toMatchObject({ username: 'admin', invaliduser: true, success: false, sourceipaddress: '2001:db8::17' });
  });

  it('parses invalid users, max auth tries, preauth closes and disconnects', () => {
    expect(runOne(plugin, line('Invalid user oracle from 192.0.2.44 port 50112')).details).toMatchObject({
      action: 'invaliduser', username: 'oracle', success: false, sourceport: 50112,
    });
    const max = runOne(plugin, line('error: maximum authentication attempts exceeded for root from 192.0.2.44 port 50113 ssh2 [preauth]'));
    expect(max.details).toMatchObject({ action: 'maxauthtries', username: 'root', success: false, preauth: true });
    const closed = runOne(plugin, line('Connection closed by authenticating user root 192.0.2.44 port 50114 [preauth]'));
    expect(closed.details).toMatchObject({ action: 'connectionclosed', username: 'root', success: false, preauth: true });
    const disc = runOne(plugin, line('Disconnected from invalid user test 192.0.2.45 port 40110 [preauth]'));
    expect(disc.details).toMatchObject({ action: 'disconnected', username: 'test', invaliduser: true });
    const recv = runOne(plugin, line('Received disconnect from 192.0.2.45 port 40110:11: Bye Bye [preauth]'));
    expect(recv.details).toMatchObject({ action: 'disconnected', disconnectreason: 'Bye Bye', sourceipaddress: '192.0.2.45' });
    expect(recv.details['success']).toBeUndefined();
    expect(recv.category).toBe('');
  });

  it('parses PAM session and failure lines', () => {
    const open = runOne(plugin, line('pam_unix(sshd:session): session opened for user alice(uid=1000) by (uid=0)'));
    expect(open.details).toMatchObject({ action: 'sessionopened', username: 'alice', success: true });
    const fail = runOne(plugin, line('pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=198.51.100.9  user=root'));
    expect(fail.details).toMatchObject({ action: 'authfailure', username: 'root', sourceipaddress: '198.51.100.9', success: false });
  });

  it('handles already split events (processname sshd, message in summary)', () => {
    const e = runOne(plugin, makeEvent({ processname: 'sshd', hostname: 'web1', summary: 'Accepted password for bob from 192.0.2.8 port 2200 ssh2' }));
    expect(e.details).toMatchObject({ username: 'bob', success: true, authmethod: 'password' });
    expect(e.hostname).toBe('web1');
  });

  it('does not register on other programs and leaves unknown sshd messages alone', () => {
    expect(registers(plugin, makeEvent({ processname: 'cron', summary: 'CMD (run-parts /etc/cron.hourly)' }))).toBe(false);
    const e = runOne(plugin, line('Server listening on 0.0.0.0 port 22.'));
    expect(e.details).toEqual({});
    expect(e.summary).toContain('Server listening');
    expect(e.tags).toEqual([]);
    const tagged = runOne(sshd({ tagUnknown: true }), line('Server listening on :: port 22.'));
    expect(tagged.tags).toContain('vigil:parse-failed:sshd');
  });

  it('rejects bad options at construction with a how-to-fix message', () => {
    expect(() => sshd({ tagUnknwn: true } as never)).toThrow(EnrichError);
    expect(() => sshd({ priority: 'high' } as never)).toThrow(/options\.priority must be number/);
  });
});
