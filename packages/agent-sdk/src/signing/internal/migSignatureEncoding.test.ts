import { generateKey, readPrivateKey, sign, createMessage } from 'openpgp';
import { describe, expect, it } from 'vitest';
import { decodeMigSignature, encodeMigSignature, migFromArmored } from './migSignatureEncoding';

describe('MIG signature encoding', () => {
  it('equals the de-armored output of an OpenPGP armorer, CRC-24 included', async () => {
    const { privateKey } = await generateKey({ type: 'ecc', curve: 'ed25519Legacy', userIDs: [{ email: 'a@example.org' }] });
    const key = await readPrivateKey({ armoredKey: privateKey });
    const message = await createMessage({ binary: new TextEncoder().encode('data') });
    const binary = await sign({ message, signingKeys: key, detached: true, format: 'binary' });
    const armored = await sign({ message: await createMessage({ binary: new TextEncoder().encode('data') }), signingKeys: key, detached: true });
    const decodedArmored = decodeMigSignature(migFromArmored(armored)!);
    expect(decodedArmored.ok).toBe(true);
    const encoded = encodeMigSignature(binary);
    expect(encoded).toMatch(/^[A-Za-z0-9+/]+=*=[A-Za-z0-9+/]{4}$/);
    const decoded = decodeMigSignature(encoded);
    expect(decoded.ok && Buffer.from(decoded.binary).equals(Buffer.from(binary))).toBe(true);
    // The armorer's checksum line must be the one we compute for the same bytes.
    if (decodedArmored.ok) {
      expect(migFromArmored(armored)!.slice(-5)).toBe(encodeMigSignature(decodedArmored.binary).slice(-5));
    }
  });

  it.each([
    ['no checksum', 'wnUEABYKACcFgmkAAAA', 'CRC-24'],
    ['bad checksum', `${Buffer.from('abc').toString('base64')}=AAAA`, 'fails its CRC-24'],
    ['not base64', 'a*b=AAAA', 'not base64'],
    ['short checksum', `${Buffer.from('abc').toString('base64')}=AAA`, 'malformed CRC-24'],
  ])('refuses %s', (_, text, reason) => {
    const decoded = decodeMigSignature(text);
    expect(decoded.ok ? 'ok' : decoded.reason).toContain(reason);
  });
});
