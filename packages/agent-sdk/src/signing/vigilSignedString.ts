import type { Action } from '../action/Action';
import { canonicalJson } from './canonicalJson';

/**
 * The exact text a Vigil (`vigil-jcs-1`) signature covers: the RFC 8785 canonical JSON of the whole action
 * except `signatures` and `pgpsignatures` — id, name, target, window, operations, description, threat, all of it.
 */
export function vigilSignedString(action: Action): string {
  const { signatures: _signatures, pgpsignatures: _pgpsignatures, ...signed } = action;
  return canonicalJson(signed);
}
