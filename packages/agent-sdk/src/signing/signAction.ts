import { randomUUID } from 'node:crypto';
import { createMessage, decryptKey, readPrivateKey, sign } from 'openpgp';
import type { PrivateKey } from 'openpgp';
import type { Action, ActionSignatureFormat } from '../action/Action';
import { parseAction } from '../action/parseAction';
import { AgentError } from '../errors/AgentError';
import { encodeMigSignature } from './internal/migSignatureEncoding';
import { migSignedString } from './migSignedString';
import { vigilSignedString } from './vigilSignedString';

/** An investigator's signing key. It lives on the investigator's machine, never on agents. */
export interface InvestigatorKey {
  /** ASCII-armored OpenPGP private key (`gpg --export-secret-keys --armor`). */
  armoredPrivateKey: string;
  /** Passphrase, when the key is encrypted. */
  passphrase?: string;
}

/** Options of `signAction`. */
export interface SignActionOptions {
  /**
   * Which signature to add: `vigil` (canonical JSON of the whole action) or `mig` (MIG's signed string, for MIG
   * agents).
   * @default 'vigil'
   */
  format?: ActionSignatureFormat;
  /**
   * Signature creation time.
   * @default now
   */
  date?: Date;
}

async function unlock(key: InvestigatorKey): Promise<PrivateKey> {
  let privateKey: PrivateKey;
  try {
    privateKey = await readPrivateKey({ armoredKey: key.armoredPrivateKey });
  } catch (error) {
    throw new AgentError('SIGNING_KEY_INVALID', `the investigator key is not an armored OpenPGP private key: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (privateKey.isDecrypted()) return privateKey;
  if (key.passphrase === undefined) {
    throw new AgentError('SIGNING_KEY_LOCKED', `key ${privateKey.getFingerprint().toUpperCase()} is encrypted; pass its passphrase`);
  }
  try {
    return await decryptKey({ privateKey, passphrase: key.passphrase });
  } catch (error) {
    throw new AgentError('SIGNING_KEY_LOCKED', `cannot unlock key ${privateKey.getFingerprint().toUpperCase()}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

async function detachedSignature(
  privateKey: PrivateKey,
  text: string,
  format: 'armored' | 'binary',
  date: Date | undefined,
): Promise<string | Uint8Array> {
  // A binary-mode (type 0x00) signature over the UTF-8 bytes: what `gpg --detach-sign` and MIG's Go code make.
  // A text-mode signature would normalize line endings, letting "\n" and "\r\n" in a name pass for each other.
  const message = await createMessage({ binary: new TextEncoder().encode(text) });
  try {
    const common = { message, signingKeys: privateKey, detached: true, ...(date === undefined ? {} : { date }) };
    return format === 'binary' ? await sign({ ...common, format: 'binary' }) : await sign({ ...common, format: 'armored' });
  } catch (error) {
    throw new AgentError('SIGNING_FAILED', `key ${privateKey.getFingerprint().toUpperCase()} cannot sign: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/**
 * Returns a copy of `action` with one more signature by `key`; call again with another key to co-sign. The Vigil
 * format gives the action a random UUID `id` at its first Vigil signature (when it has no string id yet), as the
 * id is signed and used against replays. Throws `AgentError` for an invalid or incomplete action (no
 * `validfrom`/`expireafter`) or an unusable key.
 */
export async function signAction(action: Action, key: InvestigatorKey, options: SignActionOptions = {}): Promise<Action> {
  // Sign the action as it will travel: through JSON text (so, e.g., a -0 is signed as the 0 receivers will see).
  let wire: string;
  try {
    wire = JSON.stringify(action);
  } catch (error) {
    throw new AgentError('ACTION_INVALID', `cannot sign an action that is not JSON data: ${(error as Error).message}`, { cause: error });
  }
  const parsed = parseAction(wire);
  if (!parsed.ok) throw new AgentError('ACTION_INVALID', `cannot sign an invalid action: ${parsed.reason}`);
  const copy = parsed.action;
  if (copy.validfrom === undefined || copy.expireafter === undefined) {
    throw new AgentError('ACTION_INCOMPLETE', 'set validfrom and expireafter (RFC 3339) before signing: agents refuse actions without a validity window');
  }
  const privateKey = await unlock(key);
  const fingerprint = privateKey.getFingerprint().toUpperCase();
  if ((options.format ?? 'vigil') === 'mig') {
    const binary = (await detachedSignature(privateKey, migSignedString(copy), 'binary', options.date)) as Uint8Array;
    return { ...copy, pgpsignatures: [...(copy.pgpsignatures ?? []), encodeMigSignature(binary)] };
  }
  const signatures = copy.signatures ?? [];
  const id = signatures.length === 0 && typeof copy.id !== 'string' ? randomUUID() : copy.id;
  const unsigned: Action = { ...copy, ...(id === undefined ? {} : { id }) };
  const armored = (await detachedSignature(privateKey, vigilSignedString(unsigned), 'armored', options.date)) as string;
  return { ...unsigned, signatures: [...signatures, { format: 'vigil-jcs-1', fingerprint, signature: armored }] };
}
