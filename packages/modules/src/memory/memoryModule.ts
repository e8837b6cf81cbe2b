import { AgentError, defineModule } from '@vigil/agent-sdk';
import type { ModuleResult, ShowMode } from '@vigil/agent-sdk';
import { compileMigRegex } from '../internal/compileMigRegex';
import { boolFlag, listFlag, numberFlag } from '../internal/flagValues';
import { RunBudget } from '../internal/RunBudget';
import { listProcesses } from './listProcesses';
import { memoryParamsSchema } from './MemoryParams';
import type { MemoryElements, MemoryParams, MemorySearch, MemorySearchOptions, MemoryStatistics } from './MemoryParams';
import { readMaps } from './readMaps';
import { scanProcessMemory } from './scanProcessMemory';
import type { MemoryPattern } from './scanProcessMemory';

type Result = ModuleResult<MemoryElements, MemoryStatistics>;

/** Errors kept in a result; further ones are only counted. */
const MAX_ERRORS = 50;

interface CompiledMemorySearch {
  readonly label: string;
  readonly names: readonly RegExp[];
  readonly pids: ReadonlySet<number> | undefined;
  readonly patterns: readonly MemoryPattern[];
  readonly options: Required<MemorySearchOptions>;
}

function compile(label: string, s: MemorySearch, reasons: string[]): CompiledMemorySearch | undefined {
  const before = reasons.length;
  const names: RegExp[] = [];
  for (const n of s.names ?? []) {
    const r = compileMigRegex(n);
    if (r.ok) names.push(r.regex);
    else reasons.push(`search "${label}": name: ${r.reason}`);
  }
  const patterns: MemoryPattern[] = [];
  for (const c of s.contents ?? []) {
    const r = compileMigRegex(c);
    if (r.ok) patterns.push({ source: c, regex: new RegExp(r.regex.source, `${r.regex.flags}g`) });
    else reasons.push(`search "${label}": content: ${r.reason}`);
  }
  for (const b of s.bytes ?? []) {
    if (!/^([0-9a-fA-F]{2})+$/.test(b)) reasons.push(`search "${label}": bytes "${b}" must be hex pairs, e.g. deadbeef`);
    else patterns.push({ source: b, needle: Buffer.from(b, 'hex') });
  }
  if (names.length === 0 && (s.pids ?? []).length === 0 && (s.names ?? []).length === 0) {
    reasons.push(`search "${label}": choose processes with names or pids`);
  }
  if (reasons.length > before) return undefined;
  const o = s.options ?? {};
  return {
    label,
    names,
    pids: s.pids === undefined || s.pids.length === 0 ? undefined : new Set(s.pids),
    patterns,
    options: {
      offset: o.offset ?? 0,
      maxlength: o.maxlength ?? Number.MAX_SAFE_INTEGER,
      matchany: o.matchany ?? false,
      matchlimit: o.matchlimit ?? 10,
      totalmatchlimit: o.totalmatchlimit ?? 1000,
      maxregionsize: o.maxregionsize ?? 512 * 1024 * 1024,
    },
  };
}

function renderMemory(result: Result, show: ShowMode): string[] {
  const lines: string[] = [];
  for (const [label, processes] of Object.entries(result.elements)) {
    if (processes.length === 0) {
      if (show !== 'found') lines.push(`${label}: nothing found`);
      continue;
    }
    if (show === 'notfound') continue;
    for (const p of processes) {
      const where = p.hits.map((h) => `${h.pattern}@${h.address}${h.region === '' ? '' : ` ${h.region}`}`).join(', ');
      lines.push(`pid ${p.pid} ${p.name} [${label}] ${p.cmdline}${where === '' ? '' : ` : ${where}`}`);
    }
  }
  for (const e of result.errors) lines.push(`error: ${e}`);
  return lines;
}

/**
 * The memory module: finds processes (by name or pid) whose live memory holds a regex or byte pattern,
 * reading /proc/<pid>/maps and /proc/<pid>/mem. Linux only; needs ptrace rights over the targets (root).
 * The agent's own process is never scanned.
 */
export const memoryModule = defineModule<MemoryParams, MemoryElements, MemoryStatistics>({
  name: 'memory',
  description: 'Search live process memory for regexes or byte strings (Linux /proc/<pid>/mem).',
  params: memoryParamsSchema,
  sensitive: true,
  flags: [
    { name: 'name', kind: 'list', description: 'regex on the process name or command line' },
    { name: 'pid', kind: 'list', description: 'process id' },
    { name: 'content', kind: 'list', description: 'regex on memory (latin1)' },
    { name: 'bytes', kind: 'list', description: 'hex byte string, e.g. -bytes deadbeef' },
    { name: 'offset', kind: 'number', description: 'bytes to skip in each process' },
    { name: 'maxlength', kind: 'number', description: 'bytes to scan in each process' },
    { name: 'matchany', kind: 'boolean', description: 'any pattern is enough (default: all)' },
    { name: 'matchall', kind: 'boolean', description: 'all patterns must be found (default)' },
    { name: 'matchlimit', kind: 'number', description: 'hits per process (default 10)' },
  ],
  paramsFromFlags(flags) {
    const search: MemorySearch = {};
    const names = listFlag(flags, 'name');
    if (names.length > 0) search.names = names;
    const pids = listFlag(flags, 'pid').map(Number);
    if (pids.some((p) => !Number.isInteger(p) || p < 1)) throw new AgentError('FLAGS_INVALID', 'memory: -pid takes a process id');
    if (pids.length > 0) search.pids = pids;
    if (names.length === 0 && pids.length === 0) throw new AgentError('FLAGS_INVALID', 'memory: give -name <regex> or -pid <pid>');
    const contents = listFlag(flags, 'content');
    if (contents.length > 0) search.contents = contents;
    const bytes = listFlag(flags, 'bytes');
    if (bytes.length > 0) search.bytes = bytes;
    const options: MemorySearchOptions = {};
    const offset = numberFlag(flags, 'offset');
    if (offset !== undefined) options.offset = offset;
    const maxlength = numberFlag(flags, 'maxlength');
    if (maxlength !== undefined) options.maxlength = maxlength;
    const matchlimit = numberFlag(flags, 'matchlimit');
    if (matchlimit !== undefined) options.matchlimit = matchlimit;
    if (boolFlag(flags, 'matchany')) options.matchany = true;
    if (Object.keys(options).length > 0) search.options = options;
    return { searches: { s1: search } };
  },
  async run(params, context) {
    const started = performance.now();
    const statistics: MemoryStatistics = { processes: 0, regions: 0, regionsSkipped: 0, regionsFailed: 0, bytes: 0, totalhits: 0, exectimeMs: 0 };
    const reasons: string[] = [];
    const searches = Object.entries(params.searches ?? {})
      .map(([label, s]) => compile(label, s, reasons))
      .filter((s) => s !== undefined);
    if (reasons.length > 0 || searches.length === 0) {
      if (searches.length === 0 && reasons.length === 0) reasons.push('no search given: params.searches is empty');
      return { foundanything: false, success: false, elements: {}, statistics, errors: reasons };
    }
    if (process.platform !== 'linux') {
      return { foundanything: false, success: false, elements: {}, statistics, errors: ['the memory module needs Linux /proc'] };
    }
    const budget = new RunBudget(context);
    const errors: string[] = [];
    const elements: MemoryElements = Object.fromEntries(searches.map((s) => [s.label, []]));
    const processes = listProcesses().filter((p) => p.pid !== process.pid);
    for (const s of searches) {
      let total = 0;
      for (const p of processes) {
        if (budget.expired() || total >= s.options.totalmatchlimit) break;
        if (s.pids !== undefined && !s.pids.has(p.pid)) continue;
        if (s.names.length > 0 && !s.names.some((r) => r.test(p.name) || r.test(p.cmdline))) continue;
        if (s.patterns.length === 0) {
          (elements[s.label] ?? []).push({ ...p, hits: [] });
          total++;
          continue;
        }
        let regions;
        try {
          regions = readMaps(p.pid);
        } catch (error) {
          errors.push(`pid ${p.pid}: ${(error as Error).message}`);
          continue;
        }
        statistics.processes++;
        const scan = await scanProcessMemory(
          p.pid,
          regions,
          s.patterns,
          { ...s.options, matchlimit: Math.min(s.options.matchlimit, s.options.totalmatchlimit - total) },
          budget,
          statistics,
          errors,
        );
        const matched = s.options.matchany ? scan.found.some(Boolean) : scan.found.every(Boolean);
        if (matched) {
          (elements[s.label] ?? []).push({ ...p, hits: scan.hits });
          total += scan.hits.length;
        }
      }
      statistics.totalhits += total;
    }
    const complete = !budget.expired();
    const kept = errors.slice(0, MAX_ERRORS);
    if (errors.length > MAX_ERRORS) kept.push(`… and ${errors.length - MAX_ERRORS} more errors`);
    if (!complete) kept.push(budget.reason());
    statistics.exectimeMs = Math.round(performance.now() - started);
    return {
      foundanything: Object.values(elements).some((l) => l.length > 0),
      success: complete,
      elements,
      statistics,
      errors: kept,
    };
  },
  render: renderMemory,
});
