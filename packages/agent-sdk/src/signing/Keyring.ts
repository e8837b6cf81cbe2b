import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readKeys } from 'openpgp';
import type { Key, PublicKey } from 'openpgp';
import { AgentError } from '../errors/AgentError';

/** One investigator public key of a keyring, with what the verifier needs to know about it. */
export interface KeyringKey {
  /** Primary key fingerprint, upper-case hex (MIG style), e.g. `E60892BB9BD89A69F759A1A0A3D652173B763E8F`. */
  readonly fingerprint: string;
  /** Primary key id (last 16 hex digits of a v4 fingerprint), upper-case. */
  readonly keyId: string;
  /** Key ids of the subkeys, upper-case. */
  readonly subkeyIds: readonly string[];
  /** Fingerprints of the subkeys, upper-case. */
  readonly subkeyFingerprints: readonly string[];
  /** User ids, e.g. `Alice <alice@example.org>`. */
  readonly userIds: readonly string[];
  /** True when the primary key carries a valid revocation signature. */
  readonly revoked: boolean;
  /** When the primary key expires; `null` when it never does; 1970-01-01 when it has no valid self-signature. */
  readonly expiresAt: Date | null;
  /** The parsed OpenPGP key. */
  readonly publicKey: PublicKey;
}

/** Standing of a key at a given time. */
export type KeyStatus = 'valid' | 'revoked' | 'expired';

/** A set of investigator public keys, looked up by fingerprint or key id. */
export interface Keyring {
  /** Upper-case hex fingerprints of all primary keys, in load order. */
  readonly fingerprints: readonly string[];
  /** All keys, in load order. */
  readonly keys: readonly KeyringKey[];
  /** Finds a key by its or a subkey's fingerprint or key id (hex, any case, optional `0x` and spaces). */
  get(fingerprintOrKeyId: string): KeyringKey | undefined;
  /** Whether a key is revoked, expired (at `now`, default the current time) or valid. */
  status(key: KeyringKey, now?: Date): KeyStatus;
}

const ARMOR_BLOCK = /-----BEGIN PGP (PUBLIC|PRIVATE) KEY BLOCK-----[\s\S]*?-----END PGP \1 KEY BLOCK-----/g;

function normalize(id: string): string {
  return id.replace(/^0x/i, '').replace(/\s+/g, '').toUpperCase();
}

async function describeKey(key: Key): Promise<KeyringKey> {
  const publicKey = key.isPrivate() ? key.toPublic() : key;
  const expiration = await publicKey.getExpirationTime();
  return {
    fingerprint: publicKey.getFingerprint().toUpperCase(),
    keyId: publicKey.getKeyID().toHex().toUpperCase(),
    subkeyIds: publicKey.getSubkeys().map((subkey) => subkey.getKeyID().toHex().toUpperCase()),
    subkeyFingerprints: publicKey.getSubkeys().map((subkey) => subkey.getFingerprint().toUpperCase()),
    userIds: publicKey.getUserIDs(),
    revoked: await publicKey.isRevoked(),
    expiresAt: expiration instanceof Date ? expiration : expiration === null ? new Date(0) : null,
    publicKey: publicKey as PublicKey,
  };
}

function buildKeyring(keys: KeyringKey[]): Keyring {
  const index = new Map<string, KeyringKey>();
  for (const key of keys) {
    index.set(key.fingerprint, key);
    index.set(key.keyId, key);
    for (const subkeyId of [...key.subkeyIds, ...key.subkeyFingerprints]) index.set(subkeyId, key);
  }
  return {
    fingerprints: keys.map((key) => key.fingerprint),
    keys,
    get: (id) => index.get(normalize(id)),
    status: (key, now = new Date()) => {
      if (key.revoked) return 'revoked';
      if (key.expiresAt !== null && key.expiresAt.getTime() <= now.getTime()) return 'expired';
      return 'valid';
    },
  };
}

/**
 * Loads armored OpenPGP public keys (each string may hold several) into a keyring. Throws `AgentError`
 * `KEYRING_INVALID` for unreadable input or a private key: agents ship public keys only.
 */
export async function loadKeyring(armoredPublicKeys: readonly string[] | string): Promise<Keyring> {
  const blocks = typeof armoredPublicKeys === 'string' ? [armoredPublicKeys] : armoredPublicKeys;
  return loadLabeled(blocks.map((text, i) => ({ label: `public key #${i}`, text })));
}

async function loadLabeled(blocks: ReadonlyArray<{ label: string; text: string }>): Promise<Keyring> {
  const keys: KeyringKey[] = [];
  const seen = new Set<string>();
  for (const { label, text: armoredKeys } of blocks) {
    let parsed: Key[];
    try {
      // A file may hold several armor blocks one after another; readKeys reads only the first.
      const armorBlocks = armoredKeys.match(ARMOR_BLOCK) ?? [armoredKeys];
      parsed = (await Promise.all(armorBlocks.map((block) => readKeys({ armoredKeys: block })))).flat();
    } catch (error) {
      throw new AgentError('KEYRING_INVALID', `${label} is not an armored OpenPGP key: ${(error as Error).message}`, {
        cause: error,
      });
    }
    for (const key of parsed) {
      if (key.isPrivate()) {
        throw new AgentError(
          'KEYRING_INVALID',
          `${label} (${key.getFingerprint().toUpperCase()}) is a private key; give agents only public keys (gpg --export --armor)`,
        );
      }
      const described = await describeKey(key);
      if (seen.has(described.fingerprint)) continue;
      seen.add(described.fingerprint);
      keys.push(described);
    }
  }
  return buildKeyring(keys);
}

/** Loads every `*.asc` and `*.pub` file of a directory (not recursive, sorted by name) into a keyring. */
export async function loadKeyringFromDir(dir: string): Promise<Keyring> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => /\.(asc|pub)$/i.test(name)).sort();
  } catch (error) {
    throw new AgentError('KEYRING_INVALID', `cannot read keyring directory ${dir}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const texts = await Promise.all(names.map((name) => readFile(join(dir, name), 'utf8')));
  return loadLabeled(names.map((name, i) => ({ label: join(dir, name), text: texts[i] ?? '' })));
}
