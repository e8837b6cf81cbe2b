import { describe, expect, it } from 'vitest';
import { makeEvent, registers, runOne } from '../../test/makeEvent';
import { su } from './su';

// su log formats: util-linux su (login-utils/su-common.c: "(to %s) %s on %s", "FAILED SU (to %s) %s on %s"),
// shadow-utils su ("Successful su for %s by %s", "+ %s %s:%s") and pam_unix session/auth lines.
const plugin = su();
const line = (message: string) => makeEvent({ summary: `Mar  3 10:01:02 db2 su[3121]: ${message}` });

describe('su', () => {
  it('parses util-linux success and failure', () => {
    const ok = runOne(plugin, line('(to root) alice on pts/1'));
    expect(ok.details).toMatchObject({ username: 'alice', targetuser: 'root', tty: 'pts/1', success: true });
    expect(ok.category).toBe('authentication');
    const failed = runOne(plugin, line('FAILED SU (to root) mallory on pts/2'));
    expect(failed.details).toMatchObject({ username: 'mallory', targetuser: 'root', success: false });
  });

  it('parses shadow-utils lines', () => {
    expect(runOne(plugin, line('Successful su for postgres by root')).details).toMatchObject({ username: 'root', targetuser: 'postgres', success: true });
    expect(runOne(plugin, line('- pts/0 bob:root')).details).toMatchObject({ username: 'bob', targetuser: 'root', tty: 'pts/0', success: false });
  });

  it('parses PAM sessions and authentication failures', () => {
    const opened = runOne(plugin, line('pam_unix(su-l:session): session opened for user root(uid=0) by alice(uid=1000)'));
    expect(opened.details).toMatchObject({ action: 'sessionopened', username: 'alice', targetuser: 'root', success: true });
    const failure = runOne(plugin, line('pam_unix(su:auth): authentication failure; logname=alice uid=1000 euid=0 tty=/dev/pts/1 ruser=alice rhost=  user=root'));
    expect(failure.details).toMatchObject({ action: 'authfailure', username: 'alice', targetuser: 'root', tty: '/dev/pts/1', success: false });
  });

  it('ignores other programs and unknown su messages', () => {
    expect(registers(plugin, makeEvent({ summary: 'Mar  3 10:01:02 db2 sudo: pam_unix(sudo:session): session closed for user root' }))).toBe(false);
    const e = runOne(plugin, line('something else entirely'));
    expect(e.category).toBe('');
    expect(e.details).toEqual({});
  });
});
