import { describe, expect, it } from 'vitest';
import { makeEvent, registers, runOne } from '../../test/makeEvent';
import { sudo } from './sudo';

// sudo log formats (sudo's logging.c: "user : [reason ;] TTY=… ; PWD=… ; USER=… ; COMMAND=…") and pam_unix lines
// as written to /var/log/auth.log on Debian/Ubuntu.
const plugin = sudo();
const line = (message: string) => makeEvent({ summary: `Mar  3 10:05:11 db2 sudo: ${message}` });

describe('sudo', () => {
  it('parses a command line', () => {
    const e = runOne(plugin, line('   alice : TTY=pts/1 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/apt-get install -y nginx'));
    expect(e.details).toMatchObject({
      username: 'alice', targetuser: 'root', tty: 'pts/1', pwd: '/home/alice', command: '/usr/bin/apt-get install -y nginx', success: true,
    });
    expect(e.category).toBe('authentication');
    expect(e.summary.startsWith('alice : TTY=pts/1')).toBe(true);
    expect(e.hostname).toBe('db2');
  });

  it('parses incorrect password attempts and not-in-sudoers', () => {
    const a = runOne(plugin, line('mallory : 3 incorrect password attempts ; TTY=pts/2 ; PWD=/tmp ; USER=root ; COMMAND=/bin/bash'));
    expect(a.details).toMatchObject({ username: 'mallory', success: false, failures: 3, reason: '3 incorrect password attempts', command: '/bin/bash' });
    const b = runOne(plugin, line('eve : user NOT in sudoers ; TTY=pts/3 ; PWD=/home/eve ; USER=root ; COMMAND=/usr/bin/id'));
    expect(b.details).toMatchObject({ username: 'eve', success: false, reason: 'user NOT in sudoers' });
  });

  it('keeps " ; " inside the command', () => {
    const e = runOne(plugin, line('alice : TTY=pts/1 ; PWD=/ ; USER=root ; COMMAND=/bin/sh -c echo a ; echo b'));
    expect(e.details['command']).toBe('/bin/sh -c echo a ; echo b');
  });

  it('parses PAM session opened by alice and auth failures', () => {
    const s = runOne(plugin, line('pam_unix(sudo:session): session opened for user root(uid=0) by alice(uid=1000)'));
    expect(s.details).toMatchObject({ action: 'sessionopened', username: 'alice', targetuser: 'root', success: true });
    const old = runOne(plugin, line('pam_unix(sudo:session): session opened for user root by alice(uid=0)'));
    expect(old.details).toMatchObject({ username: 'alice', targetuser: 'root' });
    const f = runOne(plugin, line('pam_unix(sudo:auth): authentication failure; logname=alice uid=1000 euid=0 tty=/dev/pts/1 ruser=alice rhost=  user=alice'));
    expect(f.details).toMatchObject({ action: 'authfailure', username: 'alice', success: false });
  });

  it('leaves unknown sudo lines and other programs alone', () => {
    expect(registers(plugin, makeEvent({ processname: 'sshd', summary: 'Accepted password for a from 192.0.2.1 port 1 ssh2' }))).toBe(false);
    const e = runOne(plugin, line('unable to resolve host db2: Name or service not known'));
    expect(e.details).toEqual({});
    expect(e.category).toBe('');
  });
});
