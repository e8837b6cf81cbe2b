import { createHash } from 'node:crypto';
import { createMessage, enums, readSignature, verify } from 'openpgp';
import type { Signature, Subkey } from 'openpgp';
import type { Action, ActionSignatureFormat } from '../action/Action';
import { parseRfc3339 } from '../action/internal/rfc3339';
import { parseAction } from '../action/parseAction';
import type { Acl } from '../acl/Acl';
import { aclEntryFor } from '../acl/Acl';
import { decodeMigSignature } from '../signing/internal/migSignatureEncoding';
import type { Keyring, KeyringKey } from '../signing/Keyring';
import { migSignedString } from '../signing/migSignedString';
import { vigilSignedString } from '../signing/vigilSignedString';
import type { ReplayGuard } from './ReplayGuard';
import type { VerifiedSigner, VerifyFailureCode, VerifyResult } from './VerifyResult';

/** What an agent checks an action against. */
export interface VerifyOptions {
  /** Public keys of the investigators. */
  keyring: Keyring;
  /** Who may run which module, with what weight. */
  acl: Acl;
  /**
   * Current time.
   * @default new Date()
   */
  now?: Date;
  /**
   * Tolerated clock difference between investigator and agent, in milliseconds, on both ends of the window.
   * @default 60000
   */
  clockSkewMs?: number;
  /** Remembers accepted actions; without it replays within the validity window are not detected. */
  replayGuard?: ReplayGuard;
  /** Whether this agent is one the action targets; `false` refuses the action. */
  matchesTarget?: (target: string) => boolean;
  /**
   * Signature formats accepted, in order of preference. Accepting `mig` lets an attacker strip the Vigil
   * signatures of a dual-signed action and fall back to MIG's weaker checks: use `['vigil']` when MIG-signed
   * actions are not needed.
   * @default ['vigil', 'mig']
   */
  formats?: ActionSignatureFormat[];
  /**
   * A key that signed twice: counted once (`count-once`), or refused as MIG agents do (`refuse`).
   * @default 'count-once'
   */
  duplicateSigner?: 'count-once' | 'refuse';
}

type Failure = Extract<VerifyResult, { ok: false }>;

function fail(code: VerifyFailureCode, reason: string, extra: { module?: string; fingerprint?: string } = {}): Failure {
  return { ok: false, code, reason, ...extra };
}

type Checked = { ok: true; key: KeyringKey } | Failure;

async function checkSignature(
  label: string,
  signature: Signature,
  signed: Uint8Array,
  hint: string | undefined,
  options: VerifyOptions,
  now: Date,
  skewMs: number,
): Promise<Checked> {
  const packets = signature.packets;
  if (packets.length !== 1) return fail('MALFORMED_SIGNATURE', `${label} holds ${packets.length} signature packets; one is expected`);
  const packet = packets[0]!;
  if (packet.signatureType !== enums.signature.binary) {
    return fail('MALFORMED_SIGNATURE', `${label} is not a binary-document signature (type ${String(packet.signatureType)})`);
  }
  const issuerFingerprint =
    packet.issuerFingerprint instanceof Uint8Array && packet.issuerFingerprint.length > 0
      ? Buffer.from(packet.issuerFingerprint).toString('hex').toUpperCase()
      : undefined;
  const issuerKeyId = packet.issuerKeyID.toHex().toUpperCase();
  const key =
    (issuerFingerprint === undefined ? undefined : options.keyring.get(issuerFingerprint)) ??
    (/^0+$/.test(issuerKeyId) ? undefined : options.keyring.get(issuerKeyId));
  const issuer = issuerFingerprint ?? issuerKeyId;
  if (key === undefined) return fail('UNKNOWN_KEY', `${label} was made by key ${issuer}, which is not in the agent keyring`, { fingerprint: issuer });
  const fingerprint = key.fingerprint;
  if (hint !== undefined && hint.toUpperCase() !== fingerprint) {
    return fail('MALFORMED_SIGNATURE', `${label} claims key ${hint} but was made by ${fingerprint}`, { fingerprint });
  }
  const status = options.keyring.status(key, now);
  if (status === 'revoked') return fail('KEY_REVOKED', `${label} was made by revoked key ${fingerprint}`, { fingerprint });
  if (status === 'expired') {
    return fail('KEY_EXPIRED', `${label} was made by key ${fingerprint}, expired since ${key.expiresAt?.toISOString() ?? '?'}`, { fingerprint });
  }
  // OpenPGP judges a signing subkey at the signature's creation time; an agent cannot trust that time, so a
  // subkey that is revoked or expired now is refused like a primary key would be.
  const subkey = publicSubkey(key, issuerFingerprint, packet.issuerKeyID.toHex());
  if (subkey !== undefined) {
    try {
      await subkey.verify(now);
    } catch (error) {
      const text = (error as Error).message;
      if (/revoked/i.test(text)) return fail('KEY_REVOKED', `${label} was made by revoked subkey ${subkey.getFingerprint().toUpperCase()} of ${fingerprint}`, { fingerprint });
      if (/expired/i.test(text)) return fail('KEY_EXPIRED', `${label} was made by expired subkey ${subkey.getFingerprint().toUpperCase()} of ${fingerprint}`, { fingerprint });
      return fail('BAD_SIGNATURE', `${label}: subkey ${subkey.getFingerprint().toUpperCase()} of ${fingerprint} is not valid: ${text}`, { fingerprint });
    }
  }
  try {
    const message = await createMessage({ binary: signed });
    const result = await verify({ message, signature, verificationKeys: key.publicKey, date: new Date(now.getTime() + skewMs) });
    await result.signatures[0]!.verified;
    return { ok: true, key };
  } catch (error) {
    const text = (error as Error).message;
    if (/revoked/i.test(text)) return fail('KEY_REVOKED', `${label}: ${text}`, { fingerprint });
    if (/expired/i.test(text)) return fail('KEY_EXPIRED', `${label}: ${text}`, { fingerprint });
    return fail('BAD_SIGNATURE', `${label} by ${fingerprint} does not match the action (altered after signing?): ${text}`, { fingerprint });
  }
}

function publicSubkey(key: KeyringKey, issuerFingerprint: string | undefined, issuerKeyId: string): Subkey | undefined {
  return key.publicKey
    .getSubkeys()
    .find((subkey) =>
      issuerFingerprint === undefined
        ? subkey.getKeyID().toHex().toUpperCase() === issuerKeyId.toUpperCase()
        : subkey.getFingerprint().toUpperCase() === issuerFingerprint,
    );
}

interface SignatureInput {
  label: string;
  read: () => Promise<Signature>;
  hint?: string;
}

function chooseFormat(action: Action, formats: readonly ActionSignatureFormat[]): ActionSignatureFormat | undefined {
  for (const format of formats) {
    if (format === 'vigil' && (action.signatures?.length ?? 0) > 0) return 'vigil';
    if (format === 'mig' && (action.pgpsignatures?.length ?? 0) > 0) return 'mig';
  }
  return undefined;
}

/**
 * Decides whether an agent may run an action: every signature valid and made by a known, unrevoked, unexpired
 * key; inside its validity window (± clock skew); aimed at this agent; each operation's module authorized by the
 * ACL with enough weight of distinct signers; and not seen before. Never throws on bad input: every refusal is a
 * value with a `code` and a `reason`.
 */
export async function verifyAction(input: unknown, options: VerifyOptions): Promise<VerifyResult> {
  const now = options.now ?? new Date();
  const skewMs = options.clockSkewMs ?? 60_000;
  const parsed = parseAction(input);
  if (!parsed.ok) return fail('INVALID_ACTION', parsed.reason);
  const action = parsed.action;

  const formats = options.formats ?? ['vigil', 'mig'];
  const format = chooseFormat(action, formats);
  if (format === undefined) {
    return fail('UNSIGNED', `action carries no signature in an accepted format (${formats.join(', ') || 'none'})`);
  }
  const from = action.validfrom === undefined ? undefined : parseRfc3339(action.validfrom);
  const until = action.expireafter === undefined ? undefined : parseRfc3339(action.expireafter);
  if (from === undefined || until === undefined) return fail('INVALID_ACTION', 'action has no validfrom/expireafter window');

  let signedText: string;
  let replayKey: string;
  let inputs: SignatureInput[];
  try {
    if (format === 'vigil') {
      if (typeof action.id !== 'string') return fail('INVALID_ACTION', 'a Vigil-signed action needs a string id (its replay key)');
      signedText = vigilSignedString(action);
      replayKey = `vigil:${action.id}`;
      inputs = (action.signatures ?? []).map((entry, i) => ({
        label: `signature #${i}`,
        read: () => readSignature({ armoredSignature: entry.signature }),
        ...(entry.fingerprint === undefined ? {} : { hint: entry.fingerprint }),
      }));
    } else {
      signedText = migSignedString(action);
      // MIG's id is not signed: the signed content itself is the replay key.
      replayKey = `mig:${createHash('sha256').update(signedText).digest('hex')}`;
      inputs = (action.pgpsignatures ?? []).map((text, i) => ({
        label: `pgpsignature #${i}`,
        read: async () => {
          const decoded = decodeMigSignature(text);
          if (!decoded.ok) throw new Error(decoded.reason);
          return readSignature({ binarySignature: decoded.binary });
        },
      }));
    }
  } catch (error) {
    return fail('INVALID_ACTION', `action cannot be serialized for verification: ${(error as Error).message}`);
  }

  const signed = new TextEncoder().encode(signedText);
  const signerKeys: KeyringKey[] = [];
  const duplicateSigners: string[] = [];
  for (const entry of inputs) {
    let signature: Signature;
    try {
      signature = await entry.read();
    } catch (error) {
      return fail('MALFORMED_SIGNATURE', `${entry.label} is not an OpenPGP signature: ${(error as Error).message}`);
    }
    let checked: Checked;
    try {
      checked = await checkSignature(entry.label, signature, signed, entry.hint, options, now, skewMs);
    } catch (error) {
      return fail('MALFORMED_SIGNATURE', `${entry.label} cannot be checked: ${(error as Error).message}`);
    }
    if (!checked.ok) return checked;
    if (signerKeys.some((key) => key.fingerprint === checked.key.fingerprint)) {
      if (options.duplicateSigner === 'refuse') {
        return fail('DUPLICATE_SIGNER', `key ${checked.key.fingerprint} signed the action more than once`, {
          fingerprint: checked.key.fingerprint,
        });
      }
      if (!duplicateSigners.includes(checked.key.fingerprint)) duplicateSigners.push(checked.key.fingerprint);
    } else {
      signerKeys.push(checked.key);
    }
  }

  if (from.epochMs > now.getTime() + skewMs) {
    return fail('NOT_YET_VALID', `action is valid from ${action.validfrom!}, it is ${now.toISOString()}`);
  }
  if (until.epochMs < now.getTime() - skewMs) {
    return fail('EXPIRED', `action expired at ${action.expireafter!}, it is ${now.toISOString()}`);
  }

  if (options.matchesTarget !== undefined) {
    let matches: boolean;
    try {
      matches = options.matchesTarget(action.target);
    } catch (error) {
      return fail('TARGET_MISMATCH', `target '${action.target}' could not be evaluated: ${(error as Error).message}`);
    }
    if (!matches) return fail('TARGET_MISMATCH', `this agent is not targeted by '${action.target}'`);
  }

  const weights: Record<string, number> = {};
  const names = new Map<string, VerifiedSigner>();
  for (const operation of action.operations) {
    const found = aclEntryFor(options.acl, operation.module);
    if (found === undefined) {
      return fail('NO_ACL_ENTRY', `module '${operation.module}' has no ACL entry and the ACL has no default`, { module: operation.module });
    }
    const { entry, name: entryName } = found;
    let weight = 0;
    for (const key of signerKeys) {
      const investigator = Object.entries(entry.investigators).find(([, inv]) => inv.fingerprint.toUpperCase() === key.fingerprint);
      if (investigator === undefined) continue;
      const [name, { weight: w }] = investigator;
      weight += w;
      if (!names.has(key.fingerprint)) names.set(key.fingerprint, { fingerprint: key.fingerprint, name, weight: w });
    }
    weights[operation.module] = weight;
    if (entry.minimumweight < 1 || weight < entry.minimumweight) {
      return fail(
        'INSUFFICIENT_WEIGHT',
        `module '${operation.module}' (ACL entry '${entryName}') needs weight ${entry.minimumweight}, distinct signers give ${weight}`,
        { module: operation.module },
      );
    }
  }

  if (options.replayGuard !== undefined) {
    const decision = options.replayGuard.admit(replayKey, new Date(until.epochMs + skewMs), now);
    if (decision === 'replayed') return fail('REPLAYED', `action ${replayKey} was already accepted; a copy is refused`);
    if (decision === 'full') {
      return fail('REPLAYED', 'the replay guard is full of unexpired actions; refusing rather than forgetting one (raise maxEntries)');
    }
    if (decision === 'unrecorded') {
      return fail('REPLAY_UNRECORDED', `action ${replayKey} could not be written to the replay journal; refusing an action whose replay could go unnoticed`);
    }
  }

  return {
    ok: true,
    action,
    format,
    signers: signerKeys.map((key) => names.get(key.fingerprint) ?? { fingerprint: key.fingerprint }),
    weights,
    duplicateSigners,
    replayKey,
  };
}

export type { VerifiedSigner, VerifyFailureCode, VerifyResult } from './VerifyResult';
