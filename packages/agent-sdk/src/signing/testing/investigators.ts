// Test helper (not exported): investigators with fresh ed25519 keys made by openpgp.
import { generateKey } from 'openpgp';
import { readKey } from 'openpgp';
import type { InvestigatorKey } from '../signAction';

export interface TestInvestigator {
  name: string;
  fingerprint: string;
  key: InvestigatorKey;
  armoredPublicKey: string;
}

export async function makeInvestigator(name: string, options: { passphrase?: string; type?: 'ecc' | 'rsa' } = {}): Promise<TestInvestigator> {
  const { privateKey, publicKey } = await generateKey({
    ...(options.type === 'rsa' ? { type: 'rsa' as const, rsaBits: 2048 } : { type: 'ecc' as const, curve: 'ed25519Legacy' as const }),
    userIDs: [{ name, email: `${name.toLowerCase()}@example.org` }],
    ...(options.passphrase === undefined ? {} : { passphrase: options.passphrase }),
    format: 'armored',
  });
  const fingerprint = (await readKey({ armoredKey: publicKey })).getFingerprint().toUpperCase();
  return {
    name,
    fingerprint,
    key: { armoredPrivateKey: privateKey, ...(options.passphrase === undefined ? {} : { passphrase: options.passphrase }) },
    armoredPublicKey: publicKey,
  };
}
