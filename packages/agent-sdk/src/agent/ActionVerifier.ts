/** The parts of a verified action an agent needs to run it (a MIG action satisfies it). */
export interface VerifiedAction {
  /** Action id. */
  id?: string | number;
  /** Human-readable name. */
  name: string;
  /** Target selector. */
  target: string;
  /** Author and links. */
  description?: { url?: string };
  /** Threat; family `compliance` makes the agent produce compliance items. */
  threat?: { ref?: string; level?: string; family?: string; type?: string };
  /** RFC 3339 expiry; modules do not run past it. */
  expireafter?: string;
  /** Module invocations. */
  operations: Array<{ module: string; parameters?: unknown; is_compressed?: boolean }>;
}

/** A verifier's answer: the action to run, or why it must not run. */
export type ActionVerification =
  | { ok: true; action: VerifiedAction }
  | { ok: false; code: string; reason: string; module?: string; fingerprint?: string };

/**
 * Checks an incoming action (signatures, ACL, validity window, replay, target) before an agent runs it.
 * `createActionVerifier` builds one from a keyring and an ACL; tests and embedders may supply their own.
 */
export type ActionVerifier = (action: unknown, context: { matchesTarget: (target: string) => boolean }) => Promise<ActionVerification>;
