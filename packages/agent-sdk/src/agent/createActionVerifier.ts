import type { Acl } from '../acl/Acl';
import type { Keyring } from '../signing/Keyring';
import { createReplayGuard } from '../verify/ReplayGuard';
import type { ReplayGuard } from '../verify/ReplayGuard';
import { verifyAction } from '../verify/verifyAction';
import type { ActionVerifier } from './ActionVerifier';

/** Options of {@link createActionVerifier}. */
export interface ActionVerifierOptions {
  /** Investigators' public keys. */
  keyring: Keyring;
  /** Who may run which module, with what weight. */
  acl: Acl;
  /** Remembers accepted actions until they expire. @default a new in-memory guard */
  replayGuard?: ReplayGuard;
  /** Tolerated clock skew with investigators, in ms. @default 60000 */
  clockSkewMs?: number;
}

/**
 * The agent's verifier: `verifyAction` with the agent's keyring, ACL and replay guard, and the agent's own
 * `matchesTarget`, so an action is refused unless it is signed, authorized, valid now, new and aimed at this agent.
 */
export function createActionVerifier(options: ActionVerifierOptions): ActionVerifier {
  const replayGuard = options.replayGuard ?? createReplayGuard();
  return async (action, { matchesTarget }) => {
    const verdict = await verifyAction(action, {
      keyring: options.keyring,
      acl: options.acl,
      replayGuard,
      matchesTarget,
      ...(options.clockSkewMs === undefined ? {} : { clockSkewMs: options.clockSkewMs }),
    });
    if (verdict.ok) return { ok: true, action: verdict.action };
    return {
      ok: false,
      code: verdict.code,
      reason: verdict.reason,
      ...(verdict.module === undefined ? {} : { module: verdict.module }),
      ...(verdict.fingerprint === undefined ? {} : { fingerprint: verdict.fingerprint }),
    };
  };
}
