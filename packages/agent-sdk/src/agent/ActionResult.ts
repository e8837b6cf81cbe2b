import type { ComplianceItem } from '../compliance/ComplianceItem';
import type { ModuleResult } from '../module/ModuleResult';

/** How an agent ended an action. `refused` and `expired` carry the verifier's code and reason. */
export type ActionStatus = 'success' | 'failed' | 'expired' | 'refused';

/** The result of one operation of an action. */
export interface OperationResult {
  /** Module that ran. */
  module: string;
  /** Its answer. */
  result: ModuleResult;
}

/** What an agent sends back for one action. */
export interface ActionResult {
  /** Id of the action answered. */
  actionid: string;
  /** Agent that answered. */
  agentid: string;
  /** Host name of that agent. */
  hostname: string;
  /** `success` when every operation ran, `failed` when one failed, `refused`/`expired` when not run at all. */
  status: ActionStatus;
  /** Verifier's code when refused or expired. */
  code?: string;
  /** Why it was refused, expired or failed. */
  reason?: string;
  /** One entry per operation, in order (empty when refused). */
  results: OperationResult[];
  /** True when any operation found something. */
  foundanything: boolean;
  /** Compliance items, for actions whose threat family is `compliance`. */
  compliance?: ComplianceItem[];
  /** When the agent received the action, UTC ISO-8601. */
  receivedtime: string;
  /** When it answered, UTC ISO-8601. */
  finishtime: string;
}
