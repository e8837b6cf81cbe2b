import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** How an account's password stands, from its shadow entry. */
export type PasswordState = 'set' | 'empty' | 'locked' | 'disabled' | 'unknown';

/** One local account, from passwd, shadow and group. */
export interface UserAccount {
  name: string;
  uid: number;
  gid: number;
  gecos: string;
  home: string;
  shell: string;
  /** `set`, `empty` (anyone can log in), `locked` (`!` prefix), `disabled` (`*`), `unknown` (shadow unreadable). */
  password: PasswordState;
  /** Date of the last password change (`YYYY-MM-DD`), `null` when unknown or never. */
  lastPasswordChange: string | null;
  /** Days after which the password must change, `null` when not set. */
  maxDays: number | null;
  /** Primary group name (or gid) first, then supplementary groups. */
  groups: string[];
}

/** Result of {@link readAccounts}. */
export type ReadAccountsResult =
  | { readonly ok: true; readonly users: UserAccount[]; readonly warnings: string[] }
  | { readonly ok: false; readonly code: 'ACCOUNTS_UNREADABLE'; readonly reason: string };

function rows(text: string): string[][] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('#'))
    .map((l) => l.split(':'));
}

function passwordState(field: string): PasswordState {
  if (field === '') return 'empty';
  if (field.startsWith('!')) return 'locked';
  if (field.startsWith('*')) return 'disabled';
  return 'set';
}

function day(days: string | undefined): string | null {
  if (days === undefined || days === '' || !/^\d+$/.test(days) || days === '0') return null;
  return new Date(Number(days) * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Reads the accounts of `<root>/etc/passwd` with their `shadow` and `group` entries. A missing passwd is a failure
 * (returned as a value); an unreadable shadow or group only leaves the fields they provide unknown.
 */
export async function readAccounts(root = '/'): Promise<ReadAccountsResult> {
  const path = (name: string): string => join(root, 'etc', name);
  let passwd: string;
  try {
    passwd = await readFile(path('passwd'), 'utf8');
  } catch (error) {
    return { ok: false, code: 'ACCOUNTS_UNREADABLE', reason: `cannot read ${path('passwd')}: ${(error as Error).message}` };
  }
  const warnings: string[] = [];
  const optional = async (name: string): Promise<string[][] | null> => {
    try {
      return rows(await readFile(path(name), 'utf8'));
    } catch (error) {
      warnings.push(`cannot read ${path(name)}: ${(error as Error).message}`);
      return null;
    }
  };
  const shadow = await optional('shadow');
  const group = await optional('group');
  const shadowByName = new Map((shadow ?? []).map((r) => [r[0] ?? '', r]));
  const groupName = new Map((group ?? []).map((r) => [Number(r[2]), r[0] ?? '']));

  const users: UserAccount[] = [];
  for (const r of rows(passwd)) {
    const [name = '', pw = '', uid = '', gid = '', gecos = '', home = '', shell = ''] = r;
    if (name === '' || !/^\d+$/.test(uid) || !/^\d+$/.test(gid)) {
      warnings.push(`skipped malformed passwd line for "${name}"`);
      continue;
    }
    const s = shadowByName.get(name);
    let password: PasswordState;
    if (pw !== 'x') password = passwordState(pw);
    else if (s) password = passwordState(s[1] ?? '');
    else password = 'unknown';
    const primary = groupName.get(Number(gid)) ?? gid;
    const supplementary = (group ?? [])
      .filter((g) => (g[3] ?? '').split(',').map((m) => m.trim()).includes(name))
      .map((g) => g[0] ?? '')
      .filter((g) => g !== primary);
    users.push({
      name,
      uid: Number(uid),
      gid: Number(gid),
      gecos,
      home,
      shell,
      password,
      lastPasswordChange: day(s?.[2]),
      maxDays: s?.[4] !== undefined && /^\d+$/.test(s[4]) ? Number(s[4]) : null,
      groups: [primary, ...supplementary],
    });
  }
  return { ok: true, users, warnings };
}
