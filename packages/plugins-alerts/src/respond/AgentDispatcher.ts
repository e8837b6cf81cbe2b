/** An investigation action for endpoint agents, as built from an alert (MIG-style: target, operations). */
export interface AgentActionTemplate {
  /** Action name, e.g. `vigil alert ssh-bruteforce 1.2.3.4`. */
  name: string;
  /** Agent selection, e.g. `hostname = 'web1'` (the agent SDK defines the syntax). */
  target: string;
  /** Module operations to run. */
  operations: ReadonlyArray<{ module: string; parameters: Record<string, unknown> }>;
  /** Validity window, ISO-8601. */
  validFrom: string;
  /** Expiry, ISO-8601. */
  expireAfter: string;
  /** Where the action came from: the alert id and rule. */
  origin: { alertId: string; ruleId: string };
}

/** What a dispatch returns: accepted (with an id) or refused (expected failure, as a value). */
export type DispatchResult = { ok: true; actionId: string } | { ok: false; code: string; reason: string };

/**
 * Signs and sends actions to agents. `@vigil/agent-sdk` provides the implementation (signing with the
 * investigator key, ACL, transport); this package only builds the action and hands it over.
 */
export interface AgentDispatcher {
  /** Sign and dispatch one action. */
  dispatch(action: AgentActionTemplate, options: { signal: AbortSignal }): Promise<DispatchResult>;
}
