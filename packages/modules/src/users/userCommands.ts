import { execFile } from 'node:child_process';

/** A change to local accounts, made through the system's own tools. */
export type UserChange =
  | {
      readonly operation: 'add';
      readonly name: string;
      readonly uid?: number;
      /** Supplementary groups. */
      readonly groups?: readonly string[];
      readonly shell?: string;
      readonly comment?: string;
      /** Create the home directory. @default true */
      readonly createHome?: boolean;
    }
  | { readonly operation: 'lock'; readonly name: string }
  | {
      readonly operation: 'delete';
      readonly name: string;
      /** Also remove the home directory and mail spool. @default false */
      readonly removeHome?: boolean;
    };

/** Outcome of one command. */
export interface CommandOutcome {
  /** The exact argv run (or that would run, in a dry run). */
  argv: string[];
  /** Exit code; `null` in a dry run. */
  exitCode: number | null;
  /** What the tool printed on stderr, trimmed. */
  stderr: string;
}

const NAME = /^[a-z_][a-z0-9_-]{0,31}$/;
const SHELL = /^\/[A-Za-z0-9_./+-]+$/;

/**
 * The argv (`useradd`, `usermod -L`, `userdel`) for a change, with `--root <root>` unless root is `/`.
 * Returns a refusal when a name, group, shell or comment could be mistaken for an option or is not valid.
 */
export function userCommandArgv(change: UserChange, root = '/'): { ok: true; argv: string[] } | { ok: false; code: 'CHANGE_INVALID'; reason: string } {
  const refuse = (reason: string) => ({ ok: false as const, code: 'CHANGE_INVALID' as const, reason });
  if (!NAME.test(change.name)) return refuse(`user name "${change.name}" must match ${NAME.source}`);
  const rootArgs = root === '/' ? [] : ['--root', root];
  switch (change.operation) {
    case 'add': {
      const argv = ['useradd', ...rootArgs];
      if (change.createHome ?? true) argv.push('--create-home');
      if (change.uid !== undefined) {
        if (!Number.isInteger(change.uid) || change.uid < 0 || change.uid > 4294967294) return refuse(`uid ${change.uid} is not valid`);
        argv.push('--uid', String(change.uid));
      }
      if (change.groups !== undefined && change.groups.length > 0) {
        const bad = change.groups.find((g) => !NAME.test(g));
        if (bad !== undefined) return refuse(`group name "${bad}" must match ${NAME.source}`);
        argv.push('--groups', change.groups.join(','));
      }
      if (change.shell !== undefined) {
        if (!SHELL.test(change.shell)) return refuse(`shell "${change.shell}" must be an absolute path`);
        argv.push('--shell', change.shell);
      }
      if (change.comment !== undefined) {
        if (/[:\n]/.test(change.comment)) return refuse('comment may not contain ":" or a newline');
        argv.push('--comment', change.comment);
      }
      argv.push('--', change.name);
      return { ok: true, argv };
    }
    case 'lock':
      return { ok: true, argv: ['usermod', ...rootArgs, '--lock', '--', change.name] };
    case 'delete':
      return { ok: true, argv: ['userdel', ...rootArgs, ...(change.removeHome ? ['--remove'] : []), '--', change.name] };
  }
}

/** Runs an argv without a shell. A non-zero exit is an outcome, not an exception. */
export function runArgv(argv: readonly string[], signal?: AbortSignal): Promise<CommandOutcome> {
  const [command, ...args] = argv;
  return new Promise((resolve) => {
    execFile(command ?? '', args, { ...(signal ? { signal } : {}), timeout: 60_000 }, (error, _stdout, stderr) => {
      const code = error === null ? 0 : typeof (error as NodeJS.ErrnoException).code === 'number' ? ((error as unknown as { code: number }).code) : 127;
      resolve({ argv: [...argv], exitCode: code, stderr: String(stderr).trim() || (error && code === 127 ? error.message : '') });
    });
  });
}
