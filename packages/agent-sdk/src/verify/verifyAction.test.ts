import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMessage, readPrivateKey, sign } from 'openpgp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Action, ActionSignatureFormat } from '../action/Action';
import type { Acl } from '../acl/Acl';
import { parseAcl } from '../acl/parseAcl';
import { encodeMigSignature, migFromArmored } from '../signing/internal/migSignatureEncoding';
import { loadKeyring } from '../signing/Keyring';
import type { Keyring } from '../signing/Keyring';
import { migSignedString } from '../signing/migSignedString';
import { signAction } from '../signing/signAction';
import { createGnupgHome } from '../signing/testing/gnupg';
import type { GnupgHome } from '../signing/testing/gnupg';
import { makeInvestigator } from '../signing/testing/investigators';
import type { TestInvestigator } from '../signing/testing/investigators';
import { vigilSignedString } from '../signing/vigilSignedString';
import { openFileReplayGuard } from './FileReplayGuard';
import { createReplayGuard } from './ReplayGuard';
import { verifyAction } from './verifyAction';
import type { VerifyOptions } from './verifyAction';
import type { VerifyResult } from './VerifyResult';

const HOUR = 3_600_000;
const iso = (ms: number): string => new Date(ms).toISOString();

let gpg: GnupgHome;
let alice: TestInvestigator; // weight 2 by default, enough alone
let bob: TestInvestigator; // weight 1
let carol: TestInvestigator; // weight 1
let eve: TestInvestigator; // in the keyring, in no ACL entry
let mallory: TestInvestigator; // not in the keyring
const gpgFp = { old: '', rev: '' };
let keyring: Keyring;
let acl: Acl;
// Actions signed with gpg by the expired and the revoked key, per format (made before revocation).
const gpgSigned: Record<ActionSignatureFormat, { old: Action; rev: Action }> = {} as never;

function base(overrides: Partial<Action> = {}): Action {
  const now = Date.now();
  return {
    name: 'find fusermount',
    target: "queueloc LIKE 'linux.%'",
    description: { author: 'Alice', email: 'alice@example.org', revision: 202601010000 },
    threat: { level: 'alert', family: 'malware' },
    validfrom: iso(now - HOUR),
    expireafter: iso(now + HOUR),
    operations: [{ module: 'file', parameters: { searches: { s1: { paths: ['/usr'], names: ['fusermount'] } } } }],
    syntaxversion: 2,
    ...overrides,
  };
}

async function signedBy(format: ActionSignatureFormat, action: Action, ...who: TestInvestigator[]): Promise<Action> {
  let current = action;
  for (const investigator of who) current = await signAction(current, investigator.key, { format });
  return current;
}

async function gpgSign(format: ActionSignatureFormat, action: Action, fingerprint: string, fakedTime?: string): Promise<Action> {
  if (format === 'vigil') {
    const withId: Action = { ...action, id: action.id ?? `gpg-${Math.random()}` };
    const armored = await gpg.detachSign(fingerprint, vigilSignedString(withId), fakedTime === undefined ? {} : { fakedTime });
    return { ...withId, signatures: [...(withId.signatures ?? []), { format: 'vigil-jcs-1', signature: armored }] };
  }
  const armored = await gpg.detachSign(fingerprint, migSignedString(action), fakedTime === undefined ? {} : { fakedTime });
  return { ...action, pgpsignatures: [...(action.pgpsignatures ?? []), migFromArmored(armored)!] };
}

beforeAll(async () => {
  gpg = await createGnupgHome();
  [alice, bob, carol, eve, mallory] = await Promise.all([
    makeInvestigator('Alice'),
    makeInvestigator('Bob'),
    makeInvestigator('Carol'),
    makeInvestigator('Eve'),
    makeInvestigator('Mallory'),
  ]);
  gpgFp.old = await gpg.genKey('Old <old@example.org>', 'ed25519', { expire: '1d', fakedTime: '20200101T000000' });
  gpgFp.rev = await gpg.genKey('Rev <rev@example.org>', 'ed25519');
  for (const format of ['vigil', 'mig'] as const) {
    gpgSigned[format] = {
      old: await gpgSign(format, base(), gpgFp.old, '20200101T010000'),
      rev: await gpgSign(format, base(), gpgFp.rev),
    };
  }
  await gpg.revoke(gpgFp.rev);
  keyring = await loadKeyring([
    ...[alice, bob, carol, eve].map((i) => i.armoredPublicKey),
    await gpg.exportPublic(gpgFp.old),
    await gpg.exportPublic(gpgFp.rev),
  ]);
  const parsed = parseAcl({
    default: {
      minimumweight: 2,
      investigators: {
        alice: { fingerprint: alice.fingerprint, weight: 2 },
        bob: { fingerprint: bob.fingerprint, weight: 1 },
        carol: { fingerprint: carol.fingerprint, weight: 1 },
        old: { fingerprint: gpgFp.old, weight: 2 },
        rev: { fingerprint: gpgFp.rev, weight: 2 },
      },
    },
    // A sensitive module: needs two investigators (alice alone has 2 of 3).
    agentdestroy: {
      minimumweight: 3,
      investigators: { alice: { fingerprint: alice.fingerprint, weight: 2 }, bob: { fingerprint: bob.fingerprint, weight: 1 } },
    },
  });
  if (!parsed.ok) throw new Error(parsed.reason);
  acl = parsed.acl;
});

afterAll(async () => {
  await gpg.cleanup();
});

const options = (extra: Partial<VerifyOptions> = {}): VerifyOptions => ({ keyring, acl, ...extra });
const failure = (result: VerifyResult): string => (result.ok ? 'accepted' : result.code);

describe.each(['vigil', 'mig'] as const)('verifyAction, %s format', (format) => {
  it('accepts one signer with enough weight', async () => {
    const result = await verifyAction(await signedBy(format, base(), alice), options());
    expect(result.ok ? result : result.reason).toMatchObject({
      format,
      signers: [{ fingerprint: alice.fingerprint, name: 'alice', weight: 2 }],
      weights: { file: 2 },
      duplicateSigners: [],
    });
  });

  it('accepts two co-signers whose weights sum to the minimum', async () => {
    const result = await verifyAction(await signedBy(format, base(), bob, carol), options());
    expect(result.ok ? result.weights : result.reason).toEqual({ file: 2 });
    expect(result.ok && result.signers.map((s) => s.name)).toEqual(['bob', 'carol']);
  });

  it('requires two investigators for a sensitive module', async () => {
    const action = base({ operations: [{ module: 'agentdestroy', parameters: { pid: 1 } }] });
    const alone = await verifyAction(await signedBy(format, action, alice), options());
    expect(alone).toMatchObject({ ok: false, code: 'INSUFFICIENT_WEIGHT', module: 'agentdestroy' });
    const both = await verifyAction(await signedBy(format, action, alice, bob), options());
    expect(both.ok ? both.weights : both.reason).toEqual({ agentdestroy: 3 });
  });

  it('refuses an unsigned action', async () => {
    const result = await verifyAction(base({ pgpsignatures: [], signatures: [] }), options());
    expect(failure(result)).toBe('UNSIGNED');
  });

  it('refuses a malformed signature', async () => {
    const good = await signedBy(format, base(), alice);
    const broken =
      format === 'vigil'
        ? { ...good, signatures: [{ format: 'vigil-jcs-1' as const, signature: 'not a signature' }] }
        : { ...good, pgpsignatures: ['bm90IGEgc2lnbmF0dXJl=AAAA'] };
    const result = await verifyAction(broken, options());
    expect(result).toMatchObject({ ok: false, code: 'MALFORMED_SIGNATURE' });
  });

  it('refuses a signature by a key the agent does not know', async () => {
    const result = await verifyAction(await signedBy(format, base(), mallory), options());
    expect(result).toMatchObject({ ok: false, code: 'UNKNOWN_KEY', fingerprint: mallory.fingerprint });
  });

  it('refuses a signature by an expired key (gpg)', async () => {
    const result = await verifyAction(gpgSigned[format].old, options());
    expect(result).toMatchObject({ ok: false, code: 'KEY_EXPIRED', fingerprint: gpgFp.old });
  });

  it('refuses a signature by a revoked key (gpg)', async () => {
    const result = await verifyAction(gpgSigned[format].rev, options());
    expect(result).toMatchObject({ ok: false, code: 'KEY_REVOKED', fingerprint: gpgFp.rev });
  });

  it('refuses insufficient weight, naming the module', async () => {
    const result = await verifyAction(await signedBy(format, base(), bob, eve), options());
    expect(result).toMatchObject({ ok: false, code: 'INSUFFICIENT_WEIGHT', module: 'file' });
    expect(result.ok ? '' : result.reason).toContain('needs weight 2, distinct signers give 1');
  });

  it('counts a key that signs twice once, and reports it', async () => {
    const twiceBob = await verifyAction(await signedBy(format, base(), bob, bob), options());
    expect(twiceBob).toMatchObject({ ok: false, code: 'INSUFFICIENT_WEIGHT' });
    const twiceAlice = await verifyAction(await signedBy(format, base(), alice, alice), options());
    expect(twiceAlice.ok ? twiceAlice : twiceAlice.reason).toMatchObject({
      weights: { file: 2 },
      signers: [{ fingerprint: alice.fingerprint }],
      duplicateSigners: [alice.fingerprint],
    });
    const refused = await verifyAction(await signedBy(format, base(), alice, alice), options({ duplicateSigner: 'refuse' }));
    expect(refused).toMatchObject({ ok: false, code: 'DUPLICATE_SIGNER', fingerprint: alice.fingerprint });
  });

  it.each([
    ['operations', (a: Action): Action => ({ ...a, operations: [{ module: 'file', parameters: { searches: { s1: { paths: ['/'], names: ['shadow'] } } } }] })],
    ['name', (a: Action): Action => ({ ...a, name: `${a.name}!` })],
    ['target', (a: Action): Action => ({ ...a, target: 'true' })],
    ['validity window', (a: Action): Action => ({ ...a, expireafter: iso(Date.now() + 48 * HOUR) })],
  ])('refuses an action whose %s changed after signing', async (_, tamper) => {
    const result = await verifyAction(tamper(await signedBy(format, base(), alice)), options());
    expect(result).toMatchObject({ ok: false, code: 'BAD_SIGNATURE', fingerprint: alice.fingerprint });
  });

  it('refuses when any one signature is bad, naming it', async () => {
    const good = await signedBy(format, base(), alice);
    const other = await signedBy(format, base({ name: 'something else' }), bob);
    const mixed =
      format === 'vigil'
        ? { ...good, signatures: [...good.signatures!, ...other.signatures!] }
        : { ...good, pgpsignatures: [...good.pgpsignatures!, ...other.pgpsignatures!] };
    const result = await verifyAction(mixed, options());
    expect(result).toMatchObject({ ok: false, code: 'BAD_SIGNATURE', fingerprint: bob.fingerprint });
    expect(result.ok ? '' : result.reason).toContain('#1');
  });

  it('refuses an expired action, allowing the clock skew', async () => {
    const now = Date.now();
    const expired = await signedBy(format, base({ validfrom: iso(now - 2 * HOUR), expireafter: iso(now - HOUR) }), alice);
    expect(failure(await verifyAction(expired, options()))).toBe('EXPIRED');
    const justExpired = await signedBy(format, base({ validfrom: iso(now - 2 * HOUR), expireafter: iso(now - 30_000) }), alice);
    const after = new Date(); // after signing: the signature is not from the future
    expect(failure(await verifyAction(justExpired, options({ now: after })))).toBe('accepted');
    expect(failure(await verifyAction(justExpired, options({ now: after, clockSkewMs: 0 })))).toBe('EXPIRED');
  });

  it('refuses an action that is not valid yet, allowing the clock skew', async () => {
    const now = Date.now();
    const later = await signedBy(format, base({ validfrom: iso(now + HOUR), expireafter: iso(now + 2 * HOUR) }), alice);
    expect(failure(await verifyAction(later, options()))).toBe('NOT_YET_VALID');
    const soon = await signedBy(format, base({ validfrom: iso(now + 30_000) }), alice);
    const after = new Date();
    expect(failure(await verifyAction(soon, options({ now: after })))).toBe('accepted');
    expect(failure(await verifyAction(soon, options({ now: after, clockSkewMs: 0 })))).toBe('NOT_YET_VALID');
  });

  it('refuses a replayed action', async () => {
    const replayGuard = createReplayGuard();
    const action = await signedBy(format, base(), alice);
    expect(failure(await verifyAction(action, options({ replayGuard })))).toBe('accepted');
    expect(failure(await verifyAction(action, options({ replayGuard })))).toBe('REPLAYED');
    const another = await signedBy(format, base({ name: 'another sweep' }), alice);
    expect(failure(await verifyAction(another, options({ replayGuard })))).toBe('accepted');
  });

  it('refuses, after a restart, a copy of an action accepted before it when the guard keeps a journal', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vigil-verify-replay-'));
    try {
      const path = join(dir, 'replay.journal');
      const action = await signedBy(format, base(), alice);
      const before = openFileReplayGuard({ path });
      expect(failure(await verifyAction(action, options({ replayGuard: before })))).toBe('accepted');
      before.close();
      const after = openFileReplayGuard({ path });
      const replayed = await verifyAction(action, options({ replayGuard: after }));
      expect(failure(replayed)).toBe('REPLAYED');
      // A guard that cannot write the key down refuses the action rather than run it unrecorded.
      after.close();
      const fresh = await signedBy(format, base({ name: 'fresh sweep' }), alice);
      const unrecorded = await verifyAction(fresh, options({ replayGuard: after }));
      expect(failure(unrecorded)).toBe('REPLAY_UNRECORDED');
      expect(unrecorded.ok ? '' : unrecorded.reason).toMatch(/could not be written to the replay journal/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('does not let a refused action use up its replay slot', async () => {
    const replayGuard = createReplayGuard();
    const action = await signedBy(format, base(), alice);
    expect(failure(await verifyAction(action, options({ replayGuard, matchesTarget: () => false })))).toBe('TARGET_MISMATCH');
    expect(failure(await verifyAction(action, options({ replayGuard })))).toBe('accepted');
  });

  it('refuses a module with no ACL entry when there is no default', async () => {
    const parsed = parseAcl({ file: { minimumweight: 1, investigators: { alice: { fingerprint: alice.fingerprint, weight: 1 } } } });
    if (!parsed.ok) throw new Error(parsed.reason);
    const action = await signedBy(format, base({ operations: [{ module: 'file', parameters: {} }, { module: 'netstat', parameters: {} }] }), alice);
    const result = await verifyAction(action, options({ acl: parsed.acl }));
    expect(result).toMatchObject({ ok: false, code: 'NO_ACL_ENTRY', module: 'netstat' });
  });

  it('refuses an action that does not target this agent', async () => {
    const action = await signedBy(format, base(), alice);
    const seen: string[] = [];
    const result = await verifyAction(action, options({ matchesTarget: (t) => (seen.push(t), false) }));
    expect(failure(result)).toBe('TARGET_MISMATCH');
    expect(seen).toEqual([action.target]);
    const throwing = await verifyAction(action, options({ matchesTarget: () => { throw new Error('bad selector'); } }));
    expect(throwing.ok ? '' : throwing.reason).toContain('bad selector');
    expect(failure(await verifyAction(action, options({ matchesTarget: () => true })))).toBe('accepted');
  });

  it('refuses a text-mode signature (line endings would not be covered)', async () => {
    const key = await readPrivateKey({ armoredKey: alice.key.armoredPrivateKey });
    const action = format === 'vigil' ? { ...base(), id: 'text-mode' } : base();
    const text = format === 'vigil' ? vigilSignedString(action) : migSignedString(action);
    const message = await createMessage({ text });
    const result =
      format === 'vigil'
        ? await verifyAction({ ...action, signatures: [{ format: 'vigil-jcs-1', signature: await sign({ message, signingKeys: key, detached: true }) }] }, options())
        : await verifyAction({ ...action, pgpsignatures: [encodeMigSignature(await sign({ message, signingKeys: key, detached: true, format: 'binary' }))] }, options());
    expect(result).toMatchObject({ ok: false, code: 'MALFORMED_SIGNATURE' });
  });
});

describe('verifyAction, Vigil-only rules', () => {
  it.each([
    ['id', (a: Action): Action => ({ ...a, id: 'another-id' })],
    ['description', (a: Action): Action => ({ ...a, description: { author: 'Mallory' } })],
    ['threat', (a: Action): Action => ({ ...a, threat: { level: 'info' } })],
  ])('covers the %s (MIG does not)', async (_, tamper) => {
    const result = await verifyAction(tamper(await signedBy('vigil', base(), alice)), options());
    expect(failure(result)).toBe('BAD_SIGNATURE');
  });

  it('needs a string id, the replay key', async () => {
    const action = base();
    const key = await readPrivateKey({ armoredKey: alice.key.armoredPrivateKey });
    const message = await createMessage({ binary: new TextEncoder().encode(vigilSignedString(action)) });
    const armored = await sign({ message, signingKeys: key, detached: true });
    const result = await verifyAction({ ...action, signatures: [{ format: 'vigil-jcs-1', signature: armored }] }, options());
    expect(result.ok ? '' : `${result.code}: ${result.reason}`).toBe('INVALID_ACTION: a Vigil-signed action needs a string id (its replay key)');
  });

  it('refuses a fingerprint hint that is not the real signer', async () => {
    const action = await signedBy('vigil', base(), alice);
    const lying = { ...action, signatures: [{ ...action.signatures![0]!, fingerprint: bob.fingerprint }] };
    const result = await verifyAction(lying, options());
    expect(result).toMatchObject({ ok: false, code: 'MALFORMED_SIGNATURE' });
  });

  it('only verifies the formats it is told to accept', async () => {
    const vigilOnly = await signedBy('vigil', base(), alice);
    expect(failure(await verifyAction(vigilOnly, options({ formats: ['mig'] })))).toBe('UNSIGNED');
    const both = await signedBy('mig', vigilOnly, alice);
    const asMig = await verifyAction(both, options({ formats: ['mig'] }));
    expect(asMig.ok && asMig.format).toBe('mig');
    const preferred = await verifyAction(both, options());
    expect(preferred.ok && preferred.format).toBe('vigil');
  });

  it('refuses invalid actions and never throws on junk', async () => {
    for (const junk of [null, 'nope', '{', 7, [], { name: 'x' }, base({ syntaxversion: 3 as 2 })]) {
      expect(failure(await verifyAction(junk, options()))).toBe('INVALID_ACTION');
    }
    const { validfrom: _v, ...template } = await signedBy('vigil', base(), alice);
    expect(failure(await verifyAction(template, options()))).toBe('INVALID_ACTION');
    const lone = await signedBy('vigil', base(), alice);
    expect(failure(await verifyAction({ ...lone, name: '\uD800' }, options()))).toBe('INVALID_ACTION');
  });
});
