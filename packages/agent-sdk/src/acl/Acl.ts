/** An investigator allowed to weigh in on a module: the fingerprint of their key and the weight of their signature. */
export interface AclInvestigator {
  /** Primary key fingerprint, upper-case hex (normalized by `parseAcl`). */
  readonly fingerprint: string;
  /** What one signature of this investigator adds toward `minimumweight` (0 or more). */
  readonly weight: number;
}

/** Who may run a module: signatures of the listed investigators must add up to `minimumweight`. */
export interface AclEntry {
  /** Total weight of distinct valid signers needed to run the module; at least 1. */
  readonly minimumweight: number;
  /** Investigators by name. */
  readonly investigators: Readonly<Record<string, AclInvestigator>>;
}

/**
 * MIG's agent access control list: one entry per module name, and `default` for modules without their own entry.
 * The JSON form is `{ "<module>|default": { "minimumweight": n, "investigators": { "<name>": { "fingerprint",
 * "weight" } } } }`.
 */
export type Acl = Readonly<Record<string, AclEntry>>;

/** The ACL entry that governs a module: its own, else `default`, else `undefined` (nobody may run it). */
export function aclEntryFor(acl: Acl, module: string): { name: string; entry: AclEntry } | undefined {
  if (Object.hasOwn(acl, module)) return { name: module, entry: acl[module]! };
  if (Object.hasOwn(acl, 'default')) return { name: 'default', entry: acl['default']! };
  return undefined;
}
