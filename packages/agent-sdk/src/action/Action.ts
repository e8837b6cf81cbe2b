/**
 * Who wrote an action and where to read more about it (MIG `description`). Not covered by MIG signatures;
 * covered by Vigil signatures.
 */
export interface ActionDescription {
  /** Investigator who wrote the action. */
  author?: string;
  /** Contact address of the author. */
  email?: string;
  /** Link to more context (ticket, advisory). */
  url?: string;
  /** Revision number of the action, by convention `YYYYMMDDhhmm`. */
  revision?: number;
}

/** The threat an action looks for (MIG `threat`). */
export interface ActionThreat {
  /** External reference, e.g. a bug or incident number. */
  ref?: string;
  /** Severity, e.g. `alert`, `high`, `medium`, `info`. */
  level?: string;
  /** Family, e.g. `malware`, `backdoor`, `compliance`. */
  family?: string;
  /** Type, e.g. `system`, `web`. */
  type?: string;
}

/** One module invocation of an action (MIG `operations[]`). */
export interface ActionOperation {
  /** Name of the agent module to run, e.g. `file`, `netstat`, `scribe`. */
  module: string;
  /** Module parameters; their shape belongs to the module. */
  parameters?: unknown;
  /** MIG: `parameters` is a base64 gzip string of the JSON parameters. */
  is_compressed?: boolean;
  /** MIG: ask the client to compress `parameters` before sending. */
  want_compressed?: boolean;
}

/** Signature formats an action can carry. */
export type ActionSignatureFormat = 'vigil' | 'mig';

/**
 * One Vigil signature: an OpenPGP detached signature, ASCII-armored, over the RFC 8785 canonical JSON of the
 * whole action minus `signatures` and `pgpsignatures` (see `vigilSignedBytes`).
 */
export interface VigilSignature {
  /** Version tag of what was signed; only `vigil-jcs-1` exists. */
  format: 'vigil-jcs-1';
  /** Upper-case hex fingerprint of the signer's primary key: a hint, checked against the real signer. */
  fingerprint?: string;
  /** ASCII-armored detached OpenPGP signature (`-----BEGIN PGP SIGNATURE-----`). */
  signature: string;
}

/**
 * A MIG action (syntax version 2) with Vigil's additions: a unique string `id` and the `signatures` list.
 * MIG's bookkeeping fields (`status`, `counters`, times) are accepted so that MIG files parse unchanged.
 */
export interface Action {
  /** Vigil: unique id (random UUID assigned at first Vigil signature). MIG: a number set by its API. */
  id?: string | number;
  /** Human-readable name. */
  name: string;
  /** Which agents should run it: a MIG target expression (SQL over the agents table) or a Vigil selector. */
  target: string;
  /** Author and revision. */
  description?: ActionDescription;
  /** What the action looks for. */
  threat?: ActionThreat;
  /** RFC 3339 time before which agents refuse to run it. Templates may leave it out; signing needs it. */
  validfrom?: string;
  /** RFC 3339 time after which agents refuse to run it. Templates may leave it out; signing needs it. */
  expireafter?: string;
  /** Module invocations; every one must be authorized by the agent's ACL. */
  operations: ActionOperation[];
  /** MIG signatures: de-armored detached OpenPGP signatures over `migSignedString(action)`. */
  pgpsignatures?: string[] | null;
  /** Vigil signatures over the canonical JSON of the action. */
  signatures?: VigilSignature[];
  /** Action syntax version; always 2. */
  syntaxversion: 2;
  /** MIG bookkeeping: investigators who signed, as recorded by MIG's API. */
  investigators?: unknown[];
  /** MIG bookkeeping: status set by the scheduler. */
  status?: string;
  /** MIG bookkeeping: when the scheduler started the action. */
  starttime?: string;
  /** MIG bookkeeping: when the action finished. */
  finishtime?: string;
  /** MIG bookkeeping: last update time. */
  lastupdatetime?: string;
  /** MIG bookkeeping: completion counters. */
  counters?: Record<string, number>;
}
