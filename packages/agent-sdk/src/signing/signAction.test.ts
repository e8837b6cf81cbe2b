import { readSignature } from 'openpgp';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Action } from '../action/Action';
import { AgentError } from '../errors/AgentError';
import { decodeMigSignature } from './internal/migSignatureEncoding';
import { parseAcl } from '../acl/parseAcl';
import { verifyAction } from '../verify/verifyAction';
import { loadKeyring } from './Keyring';
import { signAction } from './signAction';
import { makeInvestigator } from './testing/investigators';
import type { TestInvestigator } from './testing/investigators';

let alice: TestInvestigator;
let bob: TestInvestigator;
let locked: TestInvestigator;

beforeAll(async () => {
  [alice, bob, locked] = await Promise.all([
    makeInvestigator('Alice'),
    makeInvestigator('Bob'),
    makeInvestigator('Lock', { passphrase: 'correct horse' }),
  ]);
});

const action = (): Action => ({
  id: 0,
  name: 'find fusermount',
  target: "queueloc LIKE 'linux.%'",
  validfrom: '2026-01-01T00:00:00Z',
  expireafter: '2099-01-01T00:00:00Z',
  operations: [{ module: 'file', parameters: { searches: { s1: { paths: ['/usr'], names: ['fusermount'] } } } }],
  syntaxversion: 2,
});

const code = async (promise: Promise<unknown>): Promise<string> => {
  try {
    await promise;
    return 'resolved';
  } catch (error) {
    return error instanceof AgentError ? error.code : `not an AgentError: ${String(error)}`;
  }
};

describe('signAction', () => {
  it('adds a Vigil signature and a random id without touching the input', async () => {
    const input = action();
    const signed = await signAction(input, alice.key);
    expect(input.id).toBe(0);
    expect(input.signatures).toBeUndefined();
    expect(signed.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(signed.signatures).toHaveLength(1);
    expect(signed.signatures?.[0]).toMatchObject({ format: 'vigil-jcs-1', fingerprint: alice.fingerprint });
    const signature = await readSignature({ armoredSignature: signed.signatures![0]!.signature });
    expect(signature.getSigningKeyIDs()[0]!.toHex().toUpperCase()).toBe(alice.fingerprint.slice(-16));
    expect((await signAction(input, alice.key)).id).not.toBe(signed.id);
  });

  it('co-signs: a second key adds a second signature and keeps the id', async () => {
    const once = await signAction(action(), alice.key);
    const twice = await signAction(once, bob.key);
    expect(twice.id).toBe(once.id);
    expect(twice.signatures?.map((s) => s.fingerprint)).toEqual([alice.fingerprint, bob.fingerprint]);
    expect(twice.signatures?.[0]).toEqual(once.signatures?.[0]);
  });

  it('keeps an existing string id', async () => {
    const signed = await signAction({ ...action(), id: 'inc-4242-sweep' }, alice.key);
    expect(signed.id).toBe('inc-4242-sweep');
  });

  it('adds MIG signatures in MIG one-line form and leaves the id alone', async () => {
    const signed = await signAction(await signAction(action(), alice.key, { format: 'mig' }), bob.key, { format: 'mig' });
    expect(signed.id).toBe(0);
    expect(signed.signatures).toBeUndefined();
    expect(signed.pgpsignatures).toHaveLength(2);
    for (const line of signed.pgpsignatures ?? []) {
      expect(line).not.toContain('\n');
      expect(decodeMigSignature(line).ok).toBe(true);
    }
  });

  it('unlocks an encrypted key with its passphrase and says what is missing otherwise', async () => {
    const signed = await signAction(action(), locked.key);
    expect(signed.signatures?.[0]?.fingerprint).toBe(locked.fingerprint);
    expect(await code(signAction(action(), { armoredPrivateKey: locked.key.armoredPrivateKey }))).toBe('SIGNING_KEY_LOCKED');
    expect(await code(signAction(action(), { ...locked.key, passphrase: 'wrong' }))).toBe('SIGNING_KEY_LOCKED');
  });

  it('refuses a public key, an invalid action and a template without a window', async () => {
    expect(await code(signAction(action(), { armoredPrivateKey: alice.armoredPublicKey }))).toBe('SIGNING_KEY_INVALID');
    expect(await code(signAction({ ...action(), operations: [] }, alice.key))).toBe('ACTION_INVALID');
    const { validfrom: _v, ...template } = action();
    expect(await code(signAction(template, alice.key))).toBe('ACTION_INCOMPLETE');
    expect(await code(signAction(template, alice.key, { format: 'mig' }))).toBe('ACTION_INCOMPLETE');
  });

  it('signs the action as it travels as JSON text (a -0 parameter arrives as 0)', async () => {
    const keyring = await loadKeyring(alice.armoredPublicKey);
    const acl = parseAcl({ default: { minimumweight: 1, investigators: { alice: { fingerprint: alice.fingerprint, weight: 1 } } } });
    if (!acl.ok) throw new Error(acl.reason);
    const now = Date.now();
    const withMinusZero: Action = {
      ...action(),
      validfrom: new Date(now - 60_000).toISOString(),
      expireafter: new Date(now + 60_000).toISOString(),
      operations: [{ module: 'file', parameters: { offset: -0 } }],
    };
    for (const format of ['mig', 'vigil'] as const) {
      const wire = JSON.stringify(await signAction(withMinusZero, alice.key, { format }));
      const result = await verifyAction(wire, { keyring, acl: acl.acl, formats: [format] });
      expect(result.ok ? format : result.reason).toBe(format);
    }
  });
});
