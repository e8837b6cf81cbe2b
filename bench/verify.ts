// Action verification throughput: verifyAction (Vigil format: parse + schema, canonical JSON, key lookup and
// status, OpenPGP verify, window, ACL weights, replay guard) against the baseline of a bare openpgp.verify of
// the same signed bytes with the same signature, measured in the same run, for an ed25519 and an RSA-2048 signer.
import { performance } from 'node:perf_hooks';
import { createMessage, generateKey, readKey, readSignature, verify } from 'openpgp';
import { createReplayGuard, loadKeyring, parseAcl, signAction, verifyAction, vigilSignedString } from '@vigil/agent-sdk';
import type { Action } from '@vigil/agent-sdk';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 4); // per side and signer

// Measures two functions in alternating slices so that load from other processes on this shared machine
// affects both sides alike; returns operations per second for each.
async function rates(
  labels: [string, string],
  fns: [(i: number) => Promise<void>, (i: number) => Promise<void>],
): Promise<[number, number]> {
  for (const fn of fns) for (let i = 0; i < 20; i += 1) await fn(-1 - i); // warm-up
  const counts = [0, 0];
  const times = [0, 0];
  const slices = 10;
  for (let slice = 0; slice < slices; slice += 1) {
    for (const side of [0, 1] as const) {
      const start = performance.now();
      const until = start + (SECONDS * 1000) / slices;
      while (performance.now() < until) {
        await fns[side](counts[side]!);
        counts[side]! += 1;
      }
      times[side]! += performance.now() - start;
    }
  }
  const perSecond = [0, 1].map((side) => counts[side]! / (times[side]! / 1000)) as [number, number];
  for (const side of [0, 1] as const) {
    console.log(`  ${labels[side].padEnd(34)} ${perSecond[side].toFixed(0).padStart(7)} /s  (${counts[side]} in ${(times[side]! / 1000).toFixed(1)}s)`);
  }
  return perSecond;
}

const action: Action = {
  name: 'find fusermount',
  target: "queueloc LIKE 'linux.%'",
  description: { author: 'Bench', revision: 202601010000 },
  validfrom: new Date(Date.now() - 60_000).toISOString(),
  expireafter: new Date(Date.now() + 3_600_000).toISOString(),
  operations: [
    { module: 'file', parameters: { searches: { s1: { paths: ['/usr'], names: ['fusermount'], options: { maxdepth: 2 } } } } },
    { module: 'netstat', parameters: { connectedip: ['173.194.0.0/16'], listeningport: ['631'] } },
  ],
  syntaxversion: 2,
};

const figures: Record<string, { verifyActionPerSec: number; openpgpVerifyPerSec: number; ratio: number }> = {};
for (const algo of ['ed25519', 'rsa2048'] as const) {
  const { privateKey, publicKey } = await generateKey({
    ...(algo === 'rsa2048' ? { type: 'rsa' as const, rsaBits: 2048 } : { type: 'ecc' as const, curve: 'ed25519Legacy' as const }),
    userIDs: [{ name: 'Bench', email: 'bench@example.org' }],
    format: 'armored',
  });
  const signed = await signAction(action, { armoredPrivateKey: privateKey });
  const keyring = await loadKeyring(publicKey);
  const parsed = parseAcl({ default: { minimumweight: 1, investigators: { bench: { fingerprint: keyring.fingerprints[0]!, weight: 1 } } } });
  if (!parsed.ok) throw new Error(parsed.reason);
  const acl = parsed.acl;
  const check = await verifyAction(signed, { keyring, acl });
  if (!check.ok) throw new Error(`setup: ${check.reason}`);

  console.log(`${algo} signer (Vigil format, ${vigilSignedString(signed).length} signed bytes):`);
  // The replay guard is part of the real path; each run verifies a distinct id so none is refused.
  const variants = await Promise.all(
    Array.from({ length: 64 }, (_, i) => signAction({ ...action, id: `bench-${algo}-${i}` }, { armoredPrivateKey: privateKey })),
  );
  let guard = createReplayGuard();
  const bytes = new TextEncoder().encode(vigilSignedString(signed));
  const armored = signed.signatures![0]!.signature;
  const key = await readKey({ armoredKey: publicKey });
  const [verifyActionRate, openpgpRate] = await rates(
    ['verifyAction (full checks)', 'openpgp.verify (baseline)'],
    [
      async (i) => {
        if (i >= 0 && i % variants.length === 0) guard = createReplayGuard();
        const result = await verifyAction(variants[(i + variants.length) % variants.length]!, { keyring, acl, replayGuard: guard });
        if (!result.ok) throw new Error(result.reason);
      },
      async () => {
        const result = await verify({
          message: await createMessage({ binary: bytes }),
          signature: await readSignature({ armoredSignature: armored }),
          verificationKeys: key,
        });
        await result.signatures[0]!.verified;
      },
    ],
  );
  figures[algo] = {
    verifyActionPerSec: Math.round(verifyActionRate),
    openpgpVerifyPerSec: Math.round(openpgpRate),
    ratio: Number((verifyActionRate / openpgpRate).toFixed(3)),
  };
  console.log(`  verifyAction runs at ${(100 * figures[algo].ratio).toFixed(0)}% of bare openpgp.verify`);
}
console.log(JSON.stringify({ bench: 'verify', seconds: SECONDS, ...figures }));
