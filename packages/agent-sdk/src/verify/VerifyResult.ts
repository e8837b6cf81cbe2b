import type { Action, ActionSignatureFormat } from '../action/Action';

/** Why an agent refused an action. */
export type VerifyFailureCode =
  | 'INVALID_ACTION'
  | 'UNSIGNED'
  | 'MALFORMED_SIGNATURE'
  | 'UNKNOWN_KEY'
  | 'KEY_EXPIRED'
  | 'KEY_REVOKED'
  | 'BAD_SIGNATURE'
  | 'DUPLICATE_SIGNER'
  | 'EXPIRED'
  | 'NOT_YET_VALID'
  | 'TARGET_MISMATCH'
  | 'NO_ACL_ENTRY'
  | 'INSUFFICIENT_WEIGHT'
  | 'REPLAYED'
  | 'REPLAY_UNRECORDED';

/** A distinct valid signer of an accepted action. */
export interface VerifiedSigner {
  /** Primary key fingerprint, upper-case hex. */
  fingerprint: string;
  /** Investigator name from the first ACL entry (among the action's modules) that lists the key. */
  name?: string;
  /** Weight of the key in that entry. */
  weight?: number;
}

/** Answer of `verifyAction`: run it, or why not. */
export type VerifyResult =
  | {
      ok: true;
      /** The parsed action. */
      action: Action;
      /** Which signature list was verified. */
      format: ActionSignatureFormat;
      /** Distinct valid signers, in signature order. */
      signers: VerifiedSigner[];
      /** Summed weight of distinct signers per module of the action. */
      weights: Record<string, number>;
      /** Fingerprints of keys that signed more than once (counted once). */
      duplicateSigners: string[];
      /** Key under which the replay guard remembers the action (`vigil:<id>` or `mig:<sha256 of MIG string>`). */
      replayKey: string;
    }
  | {
      ok: false;
      /** Machine-readable cause. */
      code: VerifyFailureCode;
      /** What was wrong, for logs and the investigator. */
      reason: string;
      /** Module whose operation was refused, for ACL failures. */
      module?: string;
      /** Key involved, for signature failures. */
      fingerprint?: string;
    };
