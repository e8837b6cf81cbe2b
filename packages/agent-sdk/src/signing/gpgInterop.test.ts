import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Action } from '../action/Action';
import type { Acl } from '../acl/Acl';
import { parseAcl } from '../acl/parseAcl';
import { verifyAction } from '../verify/verifyAction';
import { armoredFromMig, decodeMigSignature, migFromArmored } from './internal/migSignatureEncoding';
import { loadKeyring } from './Keyring';
import type { Keyring } from './Keyring';
import { migSignedString } from './migSignedString';
import { signAction } from './signAction';
import { createGnupgHome } from './testing/gnupg';
import type { GnupgHome } from './testing/gnupg';
import { vigilSignedString } from './vigilSignedString';

// gpg is the oracle: what it signs must verify in Vigil, and what Vigil signs must pass `gpg --verify`.
let gpg: GnupgHome;
const keys: Record<'ed25519' | 'rsa2048', { fingerprint: string; secret: string }> = {
  ed25519: { fingerprint: '', secret: '' },
  rsa2048: { fingerprint: '', secret: '' },
};
let keyring: Keyring;
let acl: Acl;

beforeAll(async () => {
  gpg = await createGnupgHome();
  for (const algo of ['ed25519', 'rsa2048'] as const) {
    const fingerprint = await gpg.genKey(`${algo} <${algo}@example.org>`, algo);
    keys[algo] = { fingerprint, secret: await gpg.exportSecret(fingerprint) };
  }
  keyring = await loadKeyring([await gpg.exportPublic(keys.ed25519.fingerprint), await gpg.exportPublic(keys.rsa2048.fingerprint)]);
  const parsed = parseAcl({
    default: {
      minimumweight: 1,
      investigators: {
        ed: { fingerprint: keys.ed25519.fingerprint, weight: 1 },
        rsa: { fingerprint: keys.rsa2048.fingerprint, weight: 1 },
      },
    },
  });
  if (!parsed.ok) throw new Error(parsed.reason);
  acl = parsed.acl;
});

afterAll(async () => {
  await gpg.cleanup();
});

const base = (): Action => ({
  id: 'interop-1',
  name: 'netstat <sweep> & co',
  target: "agents.queueloc LIKE 'linux.%'",
  validfrom: new Date(Date.now() - 60_000).toISOString(),
  expireafter: new Date(Date.now() + 3_600_000).toISOString(),
  operations: [{ module: 'netstat', parameters: { connectedip: ['173.194.0.0/16'], note: 'é€😀\u2028' } }],
  syntaxversion: 2,
});

describe.each(['ed25519', 'rsa2048'] as const)('interop with gpg, %s key', (algo) => {
  it('MIG format: a gpg signature, de-armored as MIG does, verifies in Vigil', async () => {
    const action = base();
    const armored = await gpg.detachSign(keys[algo].fingerprint, migSignedString(action));
    const line = migFromArmored(armored)!;
    expect(decodeMigSignature(line).ok).toBe(true);
    const result = await verifyAction({ ...action, pgpsignatures: [line] }, { keyring, acl });
    expect(result.ok ? result.signers : result.reason).toMatchObject([{ fingerprint: keys[algo].fingerprint }]);
    const tampered = await verifyAction({ ...action, target: 'true', pgpsignatures: [line] }, { keyring, acl });
    expect(tampered).toMatchObject({ ok: false, code: 'BAD_SIGNATURE' });
  });

  it('MIG format: a Vigil signature, re-armored as MIG does, passes gpg --verify', async () => {
    const signed = await signAction(base(), { armoredPrivateKey: keys[algo].secret }, { format: 'mig' });
    const armored = armoredFromMig(signed.pgpsignatures![0]!);
    const good = await gpg.verifyDetached(armored, migSignedString(signed));
    expect(good.code).toBe(0);
    expect(good.stdout).toContain(`[GNUPG:] VALIDSIG ${keys[algo].fingerprint}`);
    const bad = await gpg.verifyDetached(armored, migSignedString({ ...signed, name: 'other' }));
    expect(bad.code).not.toBe(0);
    expect(bad.stdout).toContain('[GNUPG:] BADSIG');
  });

  it('Vigil format: a gpg signature over the canonical JSON verifies in Vigil', async () => {
    const action = base();
    const armored = await gpg.detachSign(keys[algo].fingerprint, vigilSignedString(action));
    const result = await verifyAction({ ...action, signatures: [{ format: 'vigil-jcs-1', signature: armored }] }, { keyring, acl });
    expect(result.ok ? result.format : result.reason).toBe('vigil');
    const tampered = await verifyAction(
      { ...action, operations: [{ module: 'netstat', parameters: {} }], signatures: [{ format: 'vigil-jcs-1', signature: armored }] },
      { keyring, acl },
    );
    expect(tampered).toMatchObject({ ok: false, code: 'BAD_SIGNATURE' });
  });

  it('Vigil format: a Vigil signature passes gpg --verify over the canonical JSON', async () => {
    const signed = await signAction(base(), { armoredPrivateKey: keys[algo].secret });
    const good = await gpg.verifyDetached(signed.signatures![0]!.signature, vigilSignedString(signed));
    expect(good.code).toBe(0);
    expect(good.stdout).toContain(`[GNUPG:] VALIDSIG ${keys[algo].fingerprint}`);
    const bad = await gpg.verifyDetached(signed.signatures![0]!.signature, vigilSignedString({ ...signed, id: 'interop-2' }));
    expect(bad.stdout).toContain('[GNUPG:] BADSIG');
  });
});

describe('interop with gpg, signing subkey', () => {
  it('credits a signature made by a signing subkey to the primary key, as MIG does', async () => {
    const cert = await gpg.run(['--quick-gen-key', 'Sub <sub@example.org>', 'ed25519', 'cert', 'never']);
    expect(cert.code).toBe(0);
    const listing = await gpg.run(['--with-colons', '--list-keys', 'sub@example.org']);
    const primary = listing.stdout.split('\n').find((line) => line.startsWith('fpr:'))!.split(':')[9]!;
    expect((await gpg.run(['--quick-add-key', primary, 'ed25519', 'sign', 'never'])).code).toBe(0);
    const subkeyFingerprint = (await gpg.run(['--with-colons', '--list-keys', primary])).stdout
      .split('\n')
      .filter((line) => line.startsWith('fpr:'))[1]!
      .split(':')[9]!;
    const subKeyring = await loadKeyring(await gpg.exportPublic(primary));
    expect(subKeyring.get(subkeyFingerprint)?.fingerprint).toBe(primary);
    const parsed = parseAcl({ default: { minimumweight: 1, investigators: { sub: { fingerprint: primary, weight: 1 } } } });
    if (!parsed.ok) throw new Error(parsed.reason);
    const action = base();
    const armored = await gpg.detachSign(primary, vigilSignedString(action));
    const good = await gpg.verifyDetached(armored, vigilSignedString(action));
    expect(good.stdout).toContain(`[GNUPG:] VALIDSIG ${subkeyFingerprint}`);
    const result = await verifyAction(
      { ...action, signatures: [{ format: 'vigil-jcs-1', fingerprint: primary, signature: armored }] },
      { keyring: subKeyring, acl: parsed.acl },
    );
    expect(result.ok ? result.signers : result.reason).toEqual([{ fingerprint: primary, name: 'sub', weight: 1 }]);
  });

  it('refuses a signature by an expired signing subkey even when it was made before expiry', async () => {
    const faked = ['--faked-system-time', '20200101T000000!'];
    expect((await gpg.run([...faked, '--quick-gen-key', 'SubOld <subold@example.org>', 'ed25519', 'cert', 'never'])).code).toBe(0);
    const listing = await gpg.run(['--with-colons', '--list-keys', 'subold@example.org']);
    const primary = listing.stdout.split('\n').find((line) => line.startsWith('fpr:'))!.split(':')[9]!;
    expect((await gpg.run([...faked, '--quick-add-key', primary, 'ed25519', 'sign', '1d'])).code).toBe(0);
    const subKeyring = await loadKeyring(await gpg.exportPublic(primary));
    expect(subKeyring.status(subKeyring.get(primary)!)).toBe('valid');
    const parsed = parseAcl({ default: { minimumweight: 1, investigators: { old: { fingerprint: primary, weight: 1 } } } });
    if (!parsed.ok) throw new Error(parsed.reason);
    const action = base();
    const armored = await gpg.detachSign(primary, vigilSignedString(action), { fakedTime: '20200101T010000' });
    const result = await verifyAction(
      { ...action, signatures: [{ format: 'vigil-jcs-1', signature: armored }] },
      { keyring: subKeyring, acl: parsed.acl },
    );
    expect(result).toMatchObject({ ok: false, code: 'KEY_EXPIRED', fingerprint: primary });
  });
});
