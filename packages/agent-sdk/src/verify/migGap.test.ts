import { beforeAll, describe, expect, it } from 'vitest';
import type { Action } from '../action/Action';
import type { Acl } from '../acl/Acl';
import { parseAcl } from '../acl/parseAcl';
import { loadKeyring } from '../signing/Keyring';
import type { Keyring } from '../signing/Keyring';
import { migSignedString } from '../signing/migSignedString';
import { signAction } from '../signing/signAction';
import { makeInvestigator } from '../signing/testing/investigators';
import type { TestInvestigator } from '../signing/testing/investigators';
import { createReplayGuard } from './ReplayGuard';
import { verifyAction } from './verifyAction';

// What MIG's signed string leaves open, and how the Vigil format closes it.
let alice: TestInvestigator;
let keyring: Keyring;
let acl: Acl;

beforeAll(async () => {
  alice = await makeInvestigator('Alice');
  keyring = await loadKeyring(alice.armoredPublicKey);
  const parsed = parseAcl({ default: { minimumweight: 1, investigators: { alice: { fingerprint: alice.fingerprint, weight: 1 } } } });
  if (!parsed.ok) throw new Error(parsed.reason);
  acl = parsed.acl;
});

// Signed in both formats by the same investigator, as a dual-format action would be.
async function dualSigned(action: Action): Promise<Action> {
  return signAction(await signAction(action, alice.key, { format: 'mig' }), alice.key, { format: 'vigil' });
}

const window = (): Pick<Action, 'validfrom' | 'expireafter'> => ({
  validfrom: new Date(Date.now() - 60_000).toISOString().replace(/\.\d+Z$/, '.000Z'),
  expireafter: new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d+Z$/, '.000Z'),
});

describe("MIG's signed string vs the Vigil format", () => {
  it('MIG cannot tell text moved from the name into the target; Vigil can', async () => {
    // The investigator aims at one honeypot; the name happens to contain ";target=".
    const signed = await dualSigned({
      name: "weekly sweep;target=agents.status='online'",
      target: "agents.name='honeypot-1'",
      ...window(),
      operations: [{ module: 'file', parameters: { searches: { s1: { paths: ['/home'], names: ['id_rsa'] } } } }],
      syntaxversion: 2,
    });
    // An attacker on the broker moves the boundary: the target now reaches every online agent.
    const altered: Action = { ...signed, name: 'weekly sweep', target: "agents.status='online';target=agents.name='honeypot-1'" };
    expect(migSignedString(altered)).toBe(migSignedString(signed));
    const asMig = await verifyAction(altered, { keyring, acl, formats: ['mig'] });
    expect(asMig.ok && asMig.action.target).toBe("agents.status='online';target=agents.name='honeypot-1'");
    const asVigil = await verifyAction(altered, { keyring, acl, formats: ['vigil'] });
    expect(asVigil).toMatchObject({ ok: false, code: 'BAD_SIGNATURE' });
  });

  it('MIG leaves id, description, threat and sub-second times unsigned; Vigil covers them', async () => {
    const signed = await dualSigned({
      id: 'sweep-7',
      name: 'sweep',
      target: 'all',
      description: { author: 'Alice' },
      threat: { level: 'info' },
      ...window(),
      operations: [{ module: 'file', parameters: {} }],
      syntaxversion: 2,
    });
    const altered: Action = {
      ...signed,
      id: 'sweep-8',
      description: { author: 'Bob' },
      threat: { level: 'alert' },
      validfrom: signed.validfrom!.replace('.000Z', '.999Z'),
    };
    expect((await verifyAction(altered, { keyring, acl, formats: ['mig'] })).ok).toBe(true);
    expect(await verifyAction(altered, { keyring, acl, formats: ['vigil'] })).toMatchObject({ ok: false, code: 'BAD_SIGNATURE' });
  });

  it('a replay within the validity window passes signature checks alone (MIG) but not the Vigil verifier', async () => {
    const signed = await dualSigned({ name: 'sweep', target: 'all', ...window(), operations: [{ module: 'file', parameters: {} }], syntaxversion: 2 });
    // MIG agents check signatures, ACL and window only: the same action, replayed, passes every time.
    for (let i = 0; i < 2; i += 1) expect((await verifyAction(signed, { keyring, acl, formats: ['mig'] })).ok).toBe(true);

    const replayGuard = createReplayGuard();
    expect((await verifyAction(signed, { keyring, acl, replayGuard, formats: ['vigil'] })).ok).toBe(true);
    expect(await verifyAction(signed, { keyring, acl, replayGuard, formats: ['vigil'] })).toMatchObject({ ok: false, code: 'REPLAYED' });
    // Giving the copy a fresh id breaks its Vigil signature...
    expect(await verifyAction({ ...signed, id: 'fresh' }, { keyring, acl, replayGuard, formats: ['vigil'] })).toMatchObject({
      ok: false,
      code: 'BAD_SIGNATURE',
    });
    // ...and in the MIG format, where the id is not signed, Vigil keys replays on the signed content instead.
    const migGuard = createReplayGuard();
    expect((await verifyAction({ ...signed, id: 1 }, { keyring, acl, replayGuard: migGuard, formats: ['mig'] })).ok).toBe(true);
    expect(await verifyAction({ ...signed, id: 2 }, { keyring, acl, replayGuard: migGuard, formats: ['mig'] })).toMatchObject({
      ok: false,
      code: 'REPLAYED',
    });
  });

  it('a change to any single value of the action breaks the Vigil signature; MIG misses a known set', async () => {
    const signed = await dualSigned({
      id: 'leaf-test',
      name: 'sweep',
      target: "agents.os='linux'",
      description: { author: 'Alice', email: 'alice@example.org', url: 'https://example.org/1', revision: 1 },
      threat: { ref: 'inc-1', level: 'alert', family: 'malware', type: 'system' },
      ...window(),
      operations: [
        { module: 'file', parameters: { searches: { s1: { paths: ['/usr'], options: { maxdepth: 2, matchall: true } } } } },
        { module: 'netstat', parameters: { connectedip: ['10.0.0.1'] } },
      ],
      syntaxversion: 2,
    });
    const leaves: Array<Array<string | number>> = [];
    const walk = (value: unknown, path: Array<string | number>): void => {
      if (path[0] === 'signatures' || path[0] === 'pgpsignatures' || path[0] === 'syntaxversion') return;
      if (value !== null && typeof value === 'object') {
        for (const [key, child] of Object.entries(value)) walk(child, [...path, Array.isArray(value) ? Number(key) : key]);
      } else {
        leaves.push(path);
      }
    };
    walk(signed, []);
    expect(leaves.length).toBeGreaterThan(15);
    const missedByMig: string[] = [];
    for (const path of leaves) {
      const copy = structuredClone(signed) as unknown as Record<string | number, unknown>;
      let parent = copy;
      for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
      const last = path.at(-1)!;
      const value = parent[last];
      parent[last] =
        typeof value === 'string'
          ? /^\d{4}-/.test(value)
            ? value.replace(/\.\d{3}Z$/, '.001Z')
            : `${value}x`
          : typeof value === 'number'
            ? value + 1
            : !value;
      const asVigil = await verifyAction(copy, { keyring, acl, formats: ['vigil'] });
      expect(asVigil.ok ? `vigil accepted a change to ${path.join('.')}` : asVigil.code).toBe('BAD_SIGNATURE');
      if ((await verifyAction(copy, { keyring, acl, formats: ['mig'] })).ok) missedByMig.push(path.join('.'));
    }
    expect(missedByMig).toEqual([
      'id',
      'description.author',
      'description.email',
      'description.url',
      'description.revision',
      'threat.ref',
      'threat.level',
      'threat.family',
      'threat.type',
      'validfrom',
      'expireafter',
    ]);
  });
});
