import { defineModule } from '@vigil/agent-sdk';
import type { FlagSpec, ModuleResult, ParsedFlags, ShowMode } from '@vigil/agent-sdk';
import { boolFlag, listFlag, stringFlag } from '../internal/flagValues';
import { readAccounts } from './readAccounts';
import type { UserAccount } from './readAccounts';
import { runArgv, userCommandArgv } from './userCommands';
import type { CommandOutcome, UserChange } from './userCommands';

/** Parameters of the users module. */
export interface UsersParams {
  /** `list` (default) reads accounts; `add`, `lock` and `delete` change them with useradd/usermod/userdel. */
  readonly operation?: 'list' | 'add' | 'lock' | 'delete';
  /** For `list`: regular expression on names (a user exists when it matches `^name$`); for changes: the user. */
  readonly name?: string;
  /** For `list`: only accounts with uid 0. */
  readonly uid0?: boolean;
  /** For `list`: only accounts with an empty password. */
  readonly emptyPassword?: boolean;
  /** For `add`: uid, supplementary groups, shell and comment. */
  readonly uid?: number;
  readonly groups?: string[];
  readonly shell?: string;
  readonly comment?: string;
  /** For `delete`: also remove the home directory. */
  readonly removeHome?: boolean;
  /** Root directory whose etc/passwd, shadow and group are used (`--root` of the tools). @default '/' */
  readonly root?: string;
  /** Report the exact argv that would run, without running it. @default false */
  readonly dryRun?: boolean;
}

/** Elements of a users result. */
export interface UsersElements {
  /** Accounts (for `list`; for changes, the account after the change when it still exists). */
  users: UserAccount[];
  /** Command run (or planned, in a dry run) for a change. */
  command?: CommandOutcome;
}

/** Statistics of a users result. */
export interface UsersStatistics {
  /** Accounts read. */
  total: number;
  /** Accounts with uid 0. */
  uid0: number;
  /** Accounts with an empty password. */
  emptyPassword: number;
  /** Locked accounts. */
  locked: number;
}

const usersParamsSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  additionalProperties: false,
  properties: {
    operation: { enum: ['list', 'add', 'lock', 'delete'] },
    name: { type: 'string', minLength: 1 },
    uid0: { type: 'boolean' },
    emptyPassword: { type: 'boolean' },
    uid: { type: 'integer', minimum: 0 },
    groups: { type: 'array', items: { type: 'string', pattern: '^[a-z_][a-z0-9_-]{0,31}$' } },
    shell: { type: 'string', pattern: '^/' },
    comment: { type: 'string' },
    removeHome: { type: 'boolean' },
    root: { type: 'string', minLength: 1 },
    dryRun: { type: 'boolean' },
  },
  allOf: [{ if: { properties: { operation: { enum: ['add', 'lock', 'delete'] } }, required: ['operation'] }, then: { required: ['name'] } }],
} as const;

const usersFlags: readonly FlagSpec[] = [
  { name: 'add', kind: 'string', description: 'add this user (useradd)' },
  { name: 'lock', kind: 'string', description: 'lock this user\'s password (usermod -L)' },
  { name: 'delete', kind: 'string', description: 'delete this user (userdel)' },
  { name: 'name', kind: 'string', description: 'list users whose name matches this regular expression' },
  { name: 'uid0', kind: 'boolean', description: 'list only uid 0 accounts' },
  { name: 'emptypassword', kind: 'boolean', description: 'list only accounts with an empty password' },
  { name: 'uid', kind: 'number', description: 'uid of the added user' },
  { name: 'group', kind: 'list', description: 'supplementary group of the added user (repeatable)' },
  { name: 'shell', kind: 'string', description: 'shell of the added user' },
  { name: 'removehome', kind: 'boolean', description: 'with -delete: remove the home directory too' },
  { name: 'root', kind: 'string', description: 'root directory holding etc/passwd (default /)' },
  { name: 'dryrun', kind: 'boolean', description: 'print the command that would run, without running it' },
];

function usersParamsFromFlags(flags: ParsedFlags): UsersParams {
  const change = (['add', 'lock', 'delete'] as const).find((op) => stringFlag(flags, op) !== undefined);
  const name = change ? stringFlag(flags, change) : stringFlag(flags, 'name');
  const uid = flags.uid;
  const groups = listFlag(flags, 'group');
  const shell = stringFlag(flags, 'shell');
  const root = stringFlag(flags, 'root');
  return {
    operation: change ?? 'list',
    ...(name !== undefined ? { name } : {}),
    ...(boolFlag(flags, 'uid0') ? { uid0: true } : {}),
    ...(boolFlag(flags, 'emptypassword') ? { emptyPassword: true } : {}),
    ...(uid !== undefined ? { uid: Number(uid) } : {}),
    ...(groups.length > 0 ? { groups } : {}),
    ...(shell !== undefined ? { shell } : {}),
    ...(boolFlag(flags, 'removehome') ? { removeHome: true } : {}),
    ...(root !== undefined ? { root } : {}),
    ...(boolFlag(flags, 'dryrun') ? { dryRun: true } : {}),
  };
}

function statistics(users: UserAccount[]): UsersStatistics {
  return {
    total: users.length,
    uid0: users.filter((u) => u.uid === 0).length,
    emptyPassword: users.filter((u) => u.password === 'empty').length,
    locked: users.filter((u) => u.password === 'locked').length,
  };
}

function result(users: UserAccount[], all: UserAccount[], errors: string[], success: boolean, command?: CommandOutcome): ModuleResult<UsersElements, UsersStatistics> {
  return { foundanything: users.length > 0, success, elements: { users, ...(command ? { command } : {}) }, statistics: statistics(all), errors };
}

function changeOf(params: UsersParams, name: string): UserChange {
  if (params.operation === 'add') {
    return {
      operation: 'add',
      name,
      ...(params.uid !== undefined ? { uid: params.uid } : {}),
      ...(params.groups !== undefined ? { groups: params.groups } : {}),
      ...(params.shell !== undefined ? { shell: params.shell } : {}),
      ...(params.comment !== undefined ? { comment: params.comment } : {}),
    };
  }
  if (params.operation === 'lock') return { operation: 'lock', name };
  return { operation: 'delete', name, ...(params.removeHome ? { removeHome: true } : {}) };
}

function renderUsers(r: ModuleResult<UsersElements, UsersStatistics>, show: ShowMode): string[] {
  const lines: string[] = [];
  if (r.elements.command) {
    const c = r.elements.command;
    lines.push(`${c.exitCode === null ? 'would run' : 'ran'}: ${c.argv.join(' ')}${c.exitCode === null ? '' : ` (exit ${c.exitCode})`}${c.stderr ? `: ${c.stderr}` : ''}`);
  }
  if (show !== 'notfound') {
    for (const u of r.elements.users) {
      lines.push(`${u.name} uid=${u.uid} gid=${u.gid} password=${u.password} changed=${u.lastPasswordChange ?? '-'} groups=${u.groups.join(',')} shell=${u.shell}`);
    }
  }
  if (show !== 'found' && r.elements.users.length === 0 && !r.elements.command) lines.push('no matching user');
  const s = r.statistics;
  lines.push(`${s.total} accounts: ${s.uid0} with uid 0, ${s.emptyPassword} with an empty password, ${s.locked} locked`);
  for (const e of r.errors) lines.push(`error: ${e}`);
  return lines;
}

/**
 * The users module: lists local accounts (uid 0 accounts, empty or locked passwords, last password change,
 * groups) and adds, locks or deletes accounts through useradd/usermod/userdel (argv only, never a shell), with a
 * dry run. Sensitive: give it an ACL weight that needs two investigators.
 */
export const usersModule = defineModule<UsersParams, UsersElements, UsersStatistics>({
  name: 'users',
  description: 'List local accounts; add, lock or delete a user with the system tools (sensitive).',
  sensitive: true,
  params: usersParamsSchema,
  flags: usersFlags,
  paramsFromFlags: usersParamsFromFlags,
  async run(params, context) {
    const root = params.root ?? '/';
    const operation = params.operation ?? 'list';
    if (operation === 'list') {
      let pattern: RegExp | undefined;
      if (params.name !== undefined) {
        try {
          pattern = new RegExp(params.name);
        } catch (error) {
          return result([], [], [`name "${params.name}" is not a valid regular expression: ${(error as Error).message}`], false);
        }
      }
      const read = await readAccounts(root);
      if (!read.ok) return result([], [], [read.reason], false);
      const users = read.users.filter(
        (u) => (!pattern || pattern.test(u.name)) && (!params.uid0 || u.uid === 0) && (!params.emptyPassword || u.password === 'empty'),
      );
      return result(users, read.users, read.warnings, true);
    }

    if (params.name === undefined) return result([], [], [`${operation} needs a user name`], false);
    const planned = userCommandArgv(changeOf(params, params.name), root);
    if (!planned.ok) return result([], [], [planned.reason], false);
    if (params.dryRun) {
      const read = await readAccounts(root);
      const all = read.ok ? read.users : [];
      return result(all.filter((u) => u.name === params.name), all, [], true, { argv: planned.argv, exitCode: null, stderr: '' });
    }
    if (context.signal.aborted) return result([], [], ['aborted before running the command'], false);
    const outcome = await runArgv(planned.argv, context.signal);
    const read = await readAccounts(root);
    const all = read.ok ? read.users : [];
    const errors = outcome.exitCode === 0 ? [] : [`${planned.argv[0] ?? ''} exited ${outcome.exitCode}: ${outcome.stderr}`];
    return result(all.filter((u) => u.name === params.name), all, errors, outcome.exitCode === 0, outcome);
  },
  render: renderUsers,
});
