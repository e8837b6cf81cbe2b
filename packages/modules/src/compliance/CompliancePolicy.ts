import type { ComplianceLevel } from '@vigil/agent-sdk';

/** Regex over lines of configuration files. */
export interface RegexTest {
  readonly type: 'regex';
  /** Host paths; `*` allowed in the last component. */
  readonly paths: readonly string[];
  /** Regular expression tried on every non-comment line. */
  readonly pattern: string;
  /** `present`: some line must match; `absent`: none may. @default 'present' */
  readonly expect?: 'present' | 'absent';
  readonly ignoreCase?: boolean;
  /** Outcome when no file exists. @default 'fail' */
  readonly missing?: 'fail' | 'pass';
}

/** A `Key value` setting (first occurrence wins) compared with a regex or numeric bounds. */
export interface KeyValueTest {
  readonly type: 'keyvalue';
  readonly paths: readonly string[];
  readonly key: string;
  /** Regular expression (case-insensitive) the value must match. */
  readonly match?: string;
  readonly max?: number;
  readonly min?: number;
  /** The program's own default, used when the key is absent. */
  readonly default?: string;
  /** Settings after a line matching this are not global (sshd's `Match`). */
  readonly stopAt?: string;
  /** Outcome when no file exists: fail, pass, or judge the default. @default 'fail' */
  readonly missing?: 'fail' | 'pass' | 'default';
}

/** Mode, owner and group of one file. */
export interface FileModeTest {
  readonly type: 'filemode';
  readonly path: string;
  /** Octal mode the file may not exceed (no permission bit outside it), e.g. `0640`. */
  readonly maxMode: string;
  /** Allowed owners (names or numeric uids). */
  readonly owner?: readonly string[];
  /** Allowed groups (names or numeric gids). */
  readonly group?: readonly string[];
  readonly missing?: 'fail' | 'pass';
}

/** A kernel setting under /proc/sys. */
export interface SysctlTest {
  readonly type: 'sysctl';
  /** Dotted key, e.g. `net.ipv4.ip_forward`. */
  readonly key: string;
  readonly equals?: string;
  readonly min?: number;
  readonly max?: number;
}

/** World-writable directories or files directly in them. */
export interface WorldWritableTest {
  readonly type: 'worldwritable';
  /** Directories to inspect. @default the PATH directories of a Debian host */
  readonly dirs?: readonly string[];
}

/** Any check test. */
export type ComplianceTest = RegexTest | KeyValueTest | FileModeTest | SysctlTest | WorldWritableTest;

/** One check of a policy. */
export interface ComplianceCheck {
  /** Stable identifier, e.g. `sshd-permit-root-login`. */
  readonly ref: string;
  readonly name: string;
  readonly description: string;
  /** Level the check belongs to. */
  readonly level: ComplianceLevel;
  /** Remediation link. @default the policy URL with `#<ref>` */
  readonly link?: string;
  readonly test: ComplianceTest;
}

/** A compliance policy (`policies/*.yaml`, checked against `policies/compliance-policy.schema.json`). */
export interface CompliancePolicy {
  readonly policy: { readonly name: string; readonly url: string; readonly description?: string };
  readonly checks: readonly ComplianceCheck[];
}
