import type { Action } from '../action/Action';
import { AgentError } from '../errors/AgentError';
import { signAction } from '../signing/signAction';
import type { InvestigatorKey } from '../signing/signAction';

/**
 * A signer for `createInvestigator`: signs the action with each key in turn (co-signing, for modules whose ACL
 * needs the weight of several investigators).
 * @throws AgentError `CONFIG_INVALID` when no key is given.
 */
export function keySigner(keys: readonly InvestigatorKey[], options: { format?: 'vigil' | 'mig' } = {}): (action: Action) => Promise<Action> {
  if (keys.length === 0) throw new AgentError('CONFIG_INVALID', 'an investigator needs at least one private key to sign actions (--key <file>)');
  return async (action) => {
    let signed = action;
    for (const key of keys) signed = await signAction(signed, key, options);
    return signed;
  };
}
