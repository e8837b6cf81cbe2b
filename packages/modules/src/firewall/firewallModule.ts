import { spawn } from 'node:child_process';
import { defineModule } from '@vigil/agent-sdk';
import type { FlagSpec, ModuleDefinition, ModuleResult, ParsedFlags, ShowMode } from '@vigil/agent-sdk';
import { boolFlag, stringFlag } from '../internal/flagValues';
import { covers, parseBlockTarget } from './blockTarget';
import type { BlockTarget } from './blockTarget';
import { parseIptablesSave } from './parseIptablesSave';
import type { IptablesTable } from './parseIptablesSave';
import { parseNftRuleset } from './parseNftRuleset';
import type { NftRuleset } from './parseNftRuleset';

/** Parameters of the firewall module. */
export interface FirewallParams {
  /** `list` (default) reads the rules; `block` and `unblock` change Vigil's own nftables table. */
  readonly operation?: 'list' | 'block' | 'unblock';
  /** IP address or CIDR to block or unblock. */
  readonly address?: string;
  /** Report the exact commands that would run, without running them. @default false */
  readonly dryRun?: boolean;
}

/** A command the module ran (or would run). */
export interface FirewallCommand {
  /** Exact argv, without the configured prefix. */
  argv: string[];
  /** Text written to the command's stdin (an `nft -f -` script). */
  stdin?: string;
  /** Exit code; `null` in a dry run. */
  exitCode: number | null;
  /** What the command printed on stderr, trimmed. */
  stderr: string;
}

/** Whether a tool answered. */
export type ToolState = 'present' | 'absent' | 'failed';

/** Elements of a firewall result. */
export interface FirewallElements {
  /** nftables ruleset summary, `null` when nft is absent or failed. */
  nftables: NftRuleset | null;
  /** `iptables-save` tables, `null` when absent or failed. */
  iptables: IptablesTable[] | null;
  /** `ip6tables-save` tables, `null` when absent or failed. */
  ip6tables: IptablesTable[] | null;
  /** Addresses and networks in Vigil's block sets. */
  blocked: string[];
  /** State of each tool. */
  tools: { nft: ToolState; iptables: ToolState; ip6tables: ToolState };
  /** For block/unblock: what happened. */
  change?: 'added' | 'removed' | 'unchanged';
  /** For block/unblock: what was planned, e.g. `192.0.2.1 is already blocked`. */
  note?: string;
  /** For block/unblock: commands run or planned. */
  commands: FirewallCommand[];
}

/** Statistics of a firewall result. */
export interface FirewallStatistics {
  /** nft rules plus iptables/ip6tables rules read. */
  rules: number;
  /** Entries in Vigil's block sets. */
  blocked: number;
}

/** Options of {@link createFirewallModule}. */
export interface FirewallModuleOptions {
  /**
   * Argv prepended to every command, e.g. `['ip', 'netns', 'exec', 'ns1']` to act inside a network namespace.
   * Set by whoever builds the agent, never by an action. @default []
   */
  readonly commandPrefix?: readonly string[];
}

/** Vigil's own table: two interval sets and drop rules on input, forward and output. */
export const VIGIL_TABLE_SCRIPT = `table inet vigil {
  set blocked4 { type ipv4_addr; flags interval; comment "addresses blocked by Vigil"; }
  set blocked6 { type ipv6_addr; flags interval; comment "addresses blocked by Vigil"; }
  chain input { type filter hook input priority filter - 10; policy accept; ip saddr @blocked4 drop; ip6 saddr @blocked6 drop; }
  chain forward { type filter hook forward priority filter - 10; policy accept; ip saddr @blocked4 drop; ip6 saddr @blocked6 drop; ip daddr @blocked4 drop; ip6 daddr @blocked6 drop; }
  chain output { type filter hook output priority filter - 10; policy accept; ip daddr @blocked4 drop; ip6 daddr @blocked6 drop; }
}
`;

interface Ran {
  exitCode: number;
  stdout: string;
  stderr: string;
  missing: boolean;
}

function run(argv: readonly string[], signal: AbortSignal, stdin?: string): Promise<Ran> {
  const [command = '', ...args] = argv;
  return new Promise((resolve) => {
    const child = spawn(command, args, { signal, stdio: [stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', (error: NodeJS.ErrnoException) => resolve({ exitCode: 127, stdout, stderr: error.message, missing: error.code === 'ENOENT' }));
    child.on('close', (code) => resolve({ exitCode: code ?? 1, stdout, stderr: stderr.trim(), missing: false }));
    if (child.stdin) {
      child.stdin.on('error', () => undefined); // the command may exit before reading; its exit code tells
      child.stdin.end(stdin);
    }
  });
}

const firewallParamsSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  additionalProperties: false,
  properties: {
    operation: { enum: ['list', 'block', 'unblock'] },
    address: { type: 'string', minLength: 2, maxLength: 64 },
    dryRun: { type: 'boolean' },
  },
  allOf: [{ if: { properties: { operation: { enum: ['block', 'unblock'] } }, required: ['operation'] }, then: { required: ['address'] } }],
} as const;

const firewallFlags: readonly FlagSpec[] = [
  { name: 'block', kind: 'string', description: 'block this IP address or CIDR (nftables table inet vigil)' },
  { name: 'unblock', kind: 'string', description: 'remove this IP address or CIDR from the block sets' },
  { name: 'dryrun', kind: 'boolean', description: 'print the commands that would run, without running them' },
];

function firewallParamsFromFlags(flags: ParsedFlags): FirewallParams {
  const block = stringFlag(flags, 'block');
  const unblock = stringFlag(flags, 'unblock');
  const dry = boolFlag(flags, 'dryrun') ? { dryRun: true } : {};
  if (block !== undefined) return { operation: 'block', address: block, ...dry };
  if (unblock !== undefined) return { operation: 'unblock', address: unblock, ...dry };
  return { operation: 'list', ...dry };
}

function renderFirewall(r: ModuleResult<FirewallElements, FirewallStatistics>, show: ShowMode): string[] {
  const lines: string[] = [];
  for (const c of r.elements.commands) {
    lines.push(`${c.exitCode === null ? 'would run' : 'ran'}: ${c.argv.join(' ')}${c.stdin ? ' <<script' : ''}${c.exitCode === null ? '' : ` (exit ${c.exitCode})`}${c.stderr ? `: ${c.stderr}` : ''}`);
  }
  if (r.elements.change) lines.push(`change: ${r.elements.change}${r.elements.note ? ` (${r.elements.note})` : ''}`);
  if (show !== 'notfound') {
    for (const b of r.elements.blocked) lines.push(`blocked ${b}`);
    for (const c of r.elements.nftables?.chains ?? []) lines.push(`nft ${c.family} ${c.table} ${c.name}${c.hook ? ` hook ${c.hook}` : ''}${c.policy ? ` policy ${c.policy}` : ''}: ${c.rules} rules`);
    for (const [label, tables] of [['iptables', r.elements.iptables], ['ip6tables', r.elements.ip6tables]] as const) {
      for (const t of tables ?? []) for (const rule of t.rules) lines.push(`${label} ${t.name} ${rule.chain} ${rule.spec}`);
    }
  }
  const t = r.elements.tools;
  lines.push(`${r.statistics.rules} rules, ${r.statistics.blocked} blocked by Vigil (nft ${t.nft}, iptables ${t.iptables}, ip6tables ${t.ip6tables})`);
  for (const e of r.errors) lines.push(`error: ${e}`);
  return lines;
}

/**
 * Builds the firewall module: reads host rules (nftables JSON, iptables-save) and blocks or unblocks an IP or CIDR
 * in Vigil's own idempotent `inet vigil` nftables table, with a dry run. Sensitive: give it an ACL weight that
 * needs two investigators.
 */
export function createFirewallModule(options: FirewallModuleOptions = {}): ModuleDefinition<FirewallParams, FirewallElements, FirewallStatistics> {
  const prefix = [...(options.commandPrefix ?? [])];
  const exec = (argv: readonly string[], signal: AbortSignal, stdin?: string): Promise<Ran> => run([...prefix, ...argv], signal, stdin);

  async function read(signal: AbortSignal, errors: string[]): Promise<Omit<FirewallElements, 'commands'>> {
    const tools: FirewallElements['tools'] = { nft: 'absent', iptables: 'absent', ip6tables: 'absent' };
    let nftables: NftRuleset | null = null;
    const nft = await exec(['nft', '-j', 'list', 'ruleset'], signal);
    if (nft.missing) errors.push('nft is not installed (Debian package nftables)');
    else if (nft.exitCode !== 0) {
      tools.nft = 'failed';
      errors.push(`nft -j list ruleset exited ${nft.exitCode}: ${nft.stderr}`);
    } else {
      try {
        nftables = parseNftRuleset(JSON.parse(nft.stdout));
        tools.nft = 'present';
      } catch (error) {
        tools.nft = 'failed';
        errors.push(`nft printed invalid JSON: ${(error as Error).message}`);
      }
    }
    const tables: { iptables: IptablesTable[] | null; ip6tables: IptablesTable[] | null } = { iptables: null, ip6tables: null };
    for (const tool of ['iptables', 'ip6tables'] as const) {
      const saved = await exec([`${tool}-save`], signal);
      if (saved.missing) continue;
      if (saved.exitCode !== 0) {
        tools[tool] = 'failed';
        errors.push(`${tool}-save exited ${saved.exitCode}: ${saved.stderr}`);
        continue;
      }
      tools[tool] = 'present';
      tables[tool] = parseIptablesSave(saved.stdout);
    }
    const blocked = (nftables?.sets ?? []).filter((s) => s.family === 'inet' && s.table === 'vigil' && (s.name === 'blocked4' || s.name === 'blocked6')).flatMap((s) => s.elements);
    return { nftables, iptables: tables.iptables, ip6tables: tables.ip6tables, blocked, tools };
  }

  function result(state: Omit<FirewallElements, 'commands'>, commands: FirewallCommand[], errors: string[], success: boolean, change?: FirewallElements['change'], note?: string): ModuleResult<FirewallElements, FirewallStatistics> {
    const rules = (state.nftables?.rules.length ?? 0) + [...(state.iptables ?? []), ...(state.ip6tables ?? [])].reduce((n, t) => n + t.rules.length, 0);
    return {
      foundanything: state.blocked.length > 0 || rules > 0,
      success,
      elements: { ...state, commands, ...(change ? { change } : {}), ...(note ? { note } : {}) },
      statistics: { rules, blocked: state.blocked.length },
      errors,
    };
  }

  /** Commands that bring the block sets to the wanted state; `null` command list means nothing to do. */
  function plan(operation: 'block' | 'unblock', target: BlockTarget, state: Omit<FirewallElements, 'commands'>): { commands: Array<Pick<FirewallCommand, 'argv' | 'stdin'>>; note: string } | { error: string } {
    const hasTable = (state.nftables?.tables ?? []).some((t) => t.family === 'inet' && t.name === 'vigil');
    const set = target.family === 4 ? 'blocked4' : 'blocked6';
    const present = (state.nftables?.sets.find((s) => s.family === 'inet' && s.table === 'vigil' && s.name === set)?.elements ?? [])
      .map((e) => ({ text: e, parsed: parseBlockTarget(e) }))
      .flatMap((e) => (e.parsed.ok ? [{ text: e.text, target: e.parsed.target }] : []));
    const exact = present.find((e) => e.target.text === target.text);
    if (operation === 'block') {
      if (exact) return { commands: [], note: `${target.text} is already blocked` };
      const outer = present.find((e) => covers(e.target, target));
      if (outer) return { commands: [], note: `${target.text} is already blocked by ${outer.text}` };
      const inner = present.filter((e) => covers(target, e.target));
      if (inner.length > 0) return { error: `${target.text} overlaps ${inner.map((e) => e.text).join(', ')} already blocked; unblock those first` };
      const commands: Array<Pick<FirewallCommand, 'argv' | 'stdin'>> = hasTable ? [] : [{ argv: ['nft', '-f', '-'], stdin: VIGIL_TABLE_SCRIPT }];
      commands.push({ argv: ['nft', 'add', 'element', 'inet', 'vigil', set, `{ ${target.text} }`] });
      return { commands, note: `block ${target.text}` };
    }
    if (exact) return { commands: [{ argv: ['nft', 'delete', 'element', 'inet', 'vigil', set, `{ ${target.text} }`] }], note: `unblock ${target.text}` };
    const outer = present.find((e) => covers(e.target, target));
    if (outer) return { error: `${target.text} is blocked as part of ${outer.text}; unblock ${outer.text} instead` };
    return { commands: [], note: `${target.text} is not blocked` };
  }

  return defineModule<FirewallParams, FirewallElements, FirewallStatistics>({
    name: 'firewall',
    description: 'Read nftables/iptables rules; block or unblock an IP or CIDR in the inet vigil table (sensitive).',
    sensitive: true,
    params: firewallParamsSchema,
    flags: firewallFlags,
    paramsFromFlags: firewallParamsFromFlags,
    async run(params, context) {
      const errors: string[] = [];
      const operation = params.operation ?? 'list';
      const state = await read(context.signal, errors);
      if (operation === 'list') return result(state, [], errors, state.tools.nft === 'present' || state.tools.iptables === 'present');

      const target = parseBlockTarget(params.address ?? '');
      if (!target.ok) return result(state, [], [...errors, target.reason], false);
      if (state.tools.nft !== 'present') return result(state, [], [...errors, `cannot ${operation}: nft is ${state.tools.nft}`], false);
      const planned = plan(operation, target.target, state);
      if ('error' in planned) return result(state, [], [...errors, planned.error], false);
      if (params.dryRun || planned.commands.length === 0) {
        const commands = planned.commands.map((c) => ({ ...c, exitCode: null, stderr: '' }));
        return result(state, commands, errors, true, planned.commands.length === 0 ? 'unchanged' : undefined, planned.note);
      }
      const done: FirewallCommand[] = [];
      for (const c of planned.commands) {
        const ran = await exec(c.argv, context.signal, c.stdin);
        done.push({ ...c, exitCode: ran.exitCode, stderr: ran.stderr });
        if (ran.exitCode !== 0) {
          errors.push(`${c.argv.join(' ')} exited ${ran.exitCode}: ${ran.stderr}`);
          break;
        }
      }
      const after = await read(context.signal, errors);
      const ok = done.every((c) => c.exitCode === 0);
      return result(after, done, errors, ok, ok ? (operation === 'block' ? 'added' : 'removed') : 'unchanged', planned.note);
    },
    render: renderFirewall,
  });
}

/** The firewall module acting on the agent's own network namespace. */
export const firewallModule = createFirewallModule();
