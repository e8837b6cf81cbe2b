import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentError } from '../errors/AgentError';
import { loadKeyring, loadKeyringFromDir } from './Keyring';
import { createGnupgHome } from './testing/gnupg';
import type { GnupgHome } from './testing/gnupg';

let gpg: GnupgHome;
let dir: string;
const fp = { alice: '', rita: '', old: '', rev: '' };

beforeAll(async () => {
  gpg = await createGnupgHome();
  dir = await mkdtemp(join(tmpdir(), 'vigil-keyring-'));
  fp.alice = await gpg.genKey('Alice <alice@example.org>', 'ed25519');
  fp.rita = await gpg.genKey('Rita <rita@example.org>', 'rsa2048');
  fp.old = await gpg.genKey('Old <old@example.org>', 'ed25519', { expire: '1d', fakedTime: '20200101T000000' });
  fp.rev = await gpg.genKey('Rev <rev@example.org>', 'ed25519');
  await gpg.revoke(fp.rev);
  await writeFile(join(dir, 'alice.asc'), await gpg.exportPublic(fp.alice));
  await writeFile(join(dir, 'rita.pub'), await gpg.exportPublic(fp.rita));
  await writeFile(join(dir, 'old-and-rev.asc'), (await gpg.exportPublic(fp.old)) + (await gpg.exportPublic(fp.rev)));
  await writeFile(join(dir, 'README.txt'), 'not a key');
});

afterAll(async () => {
  await gpg.cleanup();
  await rm(dir, { recursive: true, force: true });
});

describe('Keyring', () => {
  it('loads every *.asc and *.pub of a directory, with the fingerprints gpg reports', async () => {
    const keyring = await loadKeyringFromDir(dir);
    expect([...keyring.fingerprints].sort()).toEqual([fp.alice, fp.rita, fp.old, fp.rev].sort());
    expect(keyring.fingerprints.every((f) => /^[0-9A-F]{40}$/.test(f))).toBe(true);
  });

  it('looks keys up by fingerprint or key id in any case', async () => {
    const keyring = await loadKeyringFromDir(dir);
    const rita = keyring.get(fp.rita.toLowerCase());
    expect(rita?.userIds).toEqual(['Rita <rita@example.org>']);
    expect(keyring.get(`0x${fp.rita.slice(-16)}`)).toBe(rita);
    expect(keyring.get(fp.alice.slice(-16).toLowerCase())?.fingerprint).toBe(fp.alice);
    expect(keyring.get('0000000000000000')).toBeUndefined();
  });

  it('reports revoked and expired keys', async () => {
    const keyring = await loadKeyringFromDir(dir);
    const status = (f: string) => keyring.status(keyring.get(f)!);
    expect(status(fp.alice)).toBe('valid');
    expect(status(fp.rita)).toBe('valid');
    expect(status(fp.rev)).toBe('revoked');
    expect(status(fp.old)).toBe('expired');
    const old = keyring.get(fp.old)!;
    expect(old.expiresAt?.toISOString()).toBe('2020-01-02T00:00:00.000Z');
    expect(keyring.status(old, new Date('2020-01-01T12:00:00Z'))).toBe('valid');
  });

  it('loads from strings and ignores a key given twice', async () => {
    const alice = await gpg.exportPublic(fp.alice);
    const keyring = await loadKeyring([alice, alice]);
    expect(keyring.fingerprints).toEqual([fp.alice]);
    expect((await loadKeyring(alice)).fingerprints).toEqual([fp.alice]);
  });

  it('refuses private keys: agents hold public keys only', async () => {
    const secret = await gpg.exportSecret(fp.alice);
    await expect(loadKeyring(secret)).rejects.toThrow(/is a private key; give agents only public keys/);
  });

  it('refuses garbage and a missing directory with an AgentError', async () => {
    await expect(loadKeyring('-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nnope\n-----END PGP PUBLIC KEY BLOCK-----')).rejects.toBeInstanceOf(AgentError);
    await expect(loadKeyringFromDir(join(dir, 'missing'))).rejects.toThrow(/cannot read keyring directory/);
    const bad = await mkdtemp(join(tmpdir(), 'vigil-keyring-bad-'));
    await writeFile(join(bad, 'broken.asc'), 'hello');
    await expect(loadKeyringFromDir(bad)).rejects.toThrow(/broken\.asc is not an armored OpenPGP key/);
    await rm(bad, { recursive: true, force: true });
  });
});
