import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ModuleContext } from '@vigil/agent-sdk';
import { afterAll, describe, expect, it } from 'vitest';
import { readAccounts } from './readAccounts';
import { userCommandArgv } from './userCommands';
import { usersModule } from './usersModule';

function context(): ModuleContext {
  return { signal: new AbortController().signal, deadline: Date.now() + 60_000, logger: { debug() {}, info() {}, warn() {} } };
}

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

/** A minimal root useradd/usermod/userdel accept with --root (they chroot into it and edit its etc/ files). */
function makeRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'vigil-users-'));
  roots.push(root);
  mkdirSync(join(root, 'etc'));
  mkdirSync(join(root, 'home'));
  writeFileSync(
    join(root, 'etc/passwd'),
    [
      'root:x:0:0:root:/root:/bin/bash',
      'toor:x:0:0:backdoor:/root:/bin/sh',
      'daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin',
      'bob:x:1001:1001:Bob:/home/bob:/bin/bash',
      'eve:x:1002:1002::/home/eve:/bin/bash',
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(root, 'etc/shadow'),
    ['root:$6$salt$hash:19700:0:99999:7:::', 'toor::19000:0:99999:7:::', 'daemon:*:19000:0:99999:7:::', 'bob:!$6$salt$hash:20000:0:90:7:::', 'eve:$y$j9T$x$y:0:0:99999:7:::', ''].join('\n'),
  );
  writeFileSync(join(root, 'etc/group'), ['root:x:0:', 'daemon:x:1:', 'sudo:x:27:bob,eve', 'bob:x:1001:', 'eve:x:1002:', ''].join('\n'));
  writeFileSync(join(root, 'etc/gshadow'), ['root:*::', 'daemon:*::', 'sudo:*::bob,eve', 'bob:!::', 'eve:!::', ''].join('\n'));
  copyFileSync('/etc/login.defs', join(root, 'etc/login.defs'));
  chmodSync(join(root, 'etc/shadow'), 0o640);
  chmodSync(join(root, 'etc/gshadow'), 0o640);
  return root;
}

describe('readAccounts', () => {
  it('reads passwd, shadow and group: uid 0, empty and locked passwords, last change and groups', async () => {
    const read = await readAccounts(makeRoot());
    if (!read.ok) throw new Error(read.reason);
    const by = Object.fromEntries(read.users.map((u) => [u.name, u]));
    expect(read.users.map((u) => u.name)).toEqual(['root', 'toor', 'daemon', 'bob', 'eve']);
    expect(by.toor).toMatchObject({ uid: 0, password: 'empty', groups: ['root'] });
    expect(by.daemon?.password).toBe('disabled');
    expect(by.bob).toMatchObject({ password: 'locked', lastPasswordChange: '2024-10-04', maxDays: 90, groups: ['bob', 'sudo'] });
    expect(by.root).toMatchObject({ password: 'set', lastPasswordChange: '2023-12-09' });
    expect(by.eve).toMatchObject({ password: 'set', lastPasswordChange: null });
  });

  it('returns a missing passwd as a failure value', async () => {
    const read = await readAccounts(join(tmpdir(), 'vigil-no-such-root'));
    expect(read).toMatchObject({ ok: false, code: 'ACCOUNTS_UNREADABLE' });
  });
});

describe('usersModule', () => {
  it('is marked sensitive', () => {
    expect(usersModule.sensitive).toBe(true);
  });

  it('lists uid 0 accounts, empty passwords and whether a user exists', async () => {
    const root = makeRoot();
    const uid0 = await usersModule.run({ root, uid0: true }, context());
    expect(uid0.elements.users.map((u) => u.name)).toEqual(['root', 'toor']);
    expect(uid0.statistics).toEqual({ total: 5, uid0: 2, emptyPassword: 1, locked: 1 });
    const empty = await usersModule.run({ root, emptyPassword: true }, context());
    expect(empty.elements.users.map((u) => u.name)).toEqual(['toor']);
    expect((await usersModule.run({ root, name: '^bob$' }, context())).foundanything).toBe(true);
    expect((await usersModule.run({ root, name: '^mallory$' }, context())).foundanything).toBe(false);
  });

  it('adds, locks and deletes a real user with useradd, usermod and userdel --root', async () => {
    const root = makeRoot();
    const added = await usersModule.run({ operation: 'add', name: 'alice', uid: 1500, groups: ['sudo'], shell: '/bin/bash', root }, context());
    expect(added.errors).toEqual([]);
    expect(added.elements.command?.argv).toEqual(['useradd', '--root', root, '--create-home', '--uid', '1500', '--groups', 'sudo', '--shell', '/bin/bash', '--', 'alice']);
    expect(added.elements.command?.exitCode).toBe(0);
    expect(added.elements.users).toMatchObject([{ name: 'alice', uid: 1500, shell: '/bin/bash', groups: ['alice', 'sudo'], password: 'locked' }]);
    expect(existsSync(join(root, 'home/alice'))).toBe(true);

    // Give alice a password hash, then lock it: usermod prefixes it with "!".
    const shadow = readFileSync(join(root, 'etc/shadow'), 'utf8').replace(/^alice:[^:]*:/m, 'alice:$6$salt$abc:');
    writeFileSync(join(root, 'etc/shadow'), shadow);
    expect((await readAccounts(root)).ok && (await usersModule.run({ root, name: '^alice$' }, context())).elements.users[0]?.password).toBe('set');
    const locked = await usersModule.run({ operation: 'lock', name: 'alice', root }, context());
    expect(locked.elements.command).toEqual({ argv: ['usermod', '--root', root, '--lock', '--', 'alice'], exitCode: 0, stderr: '' });
    expect(readFileSync(join(root, 'etc/shadow'), 'utf8')).toMatch(/^alice:!\$6\$salt\$abc:/m);
    expect(locked.elements.users[0]?.password).toBe('locked');

    const deleted = await usersModule.run({ operation: 'delete', name: 'alice', removeHome: true, root }, context());
    expect(deleted.elements.command?.argv).toEqual(['userdel', '--root', root, '--remove', '--', 'alice']);
    expect(deleted.elements.command?.exitCode).toBe(0);
    expect(deleted.foundanything).toBe(false);
    expect(readFileSync(join(root, 'etc/passwd'), 'utf8')).not.toMatch(/^alice:/m);
    expect(existsSync(join(root, 'home/alice'))).toBe(false);
  });

  it('reports a failing tool as an error value with its exit code', async () => {
    const root = makeRoot();
    const result = await usersModule.run({ operation: 'delete', name: 'mallory', root }, context());
    expect(result.success).toBe(false);
    expect(result.elements.command?.exitCode).toBe(6); // userdel: specified user doesn't exist
    expect(result.errors[0]).toMatch(/^userdel exited 6: .*mallory/);
  });

  it('dry runs report the exact argv and change nothing', async () => {
    const root = makeRoot();
    const before = readFileSync(join(root, 'etc/passwd'), 'utf8');
    const dry = await usersModule.run({ operation: 'add', name: 'carol', comment: 'Carol; rm -rf /', root, dryRun: true }, context());
    expect(dry.elements.command).toEqual({ argv: ['useradd', '--root', root, '--create-home', '--comment', 'Carol; rm -rf /', '--', 'carol'], exitCode: null, stderr: '' });
    expect(readFileSync(join(root, 'etc/passwd'), 'utf8')).toBe(before);
    expect(usersModule.render?.(dry, 'all')[0]).toBe(`would run: useradd --root ${root} --create-home --comment Carol; rm -rf / -- carol`);
  });

  it('refuses names, groups and shells that could be read as options', () => {
    expect(userCommandArgv({ operation: 'add', name: '-o' })).toMatchObject({ ok: false, code: 'CHANGE_INVALID' });
    expect(userCommandArgv({ operation: 'add', name: 'ok', groups: ['--root'] })).toMatchObject({ ok: false });
    expect(userCommandArgv({ operation: 'add', name: 'ok', shell: 'bash' })).toMatchObject({ ok: false });
    expect(userCommandArgv({ operation: 'lock', name: 'ok' })).toEqual({ ok: true, argv: ['usermod', '--lock', '--', 'ok'] });
  });

  it('turns MIG-style flags into params', () => {
    expect(usersModule.paramsFromFlags?.({ lock: 'bob', root: '/srv/r', dryrun: true })).toEqual({ operation: 'lock', name: 'bob', root: '/srv/r', dryRun: true });
    expect(usersModule.paramsFromFlags?.({ uid0: true })).toEqual({ operation: 'list', uid0: true });
  });
});
