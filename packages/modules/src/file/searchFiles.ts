import type { Dirent, Stats } from 'node:fs';
import { lstatSync, readdirSync, statSync } from 'node:fs';
import type { ModuleResult } from '@vigil/agent-sdk';
import type { RunBudget } from '../internal/RunBudget';
import type { CompiledSearch } from './compileSearch';
import type { FileElements, FileMatch, FileStatistics } from './FileMatch';
import { FILE_HASHES } from './FileParams';
import { inspectContent, inspectSmallFile } from './inspectContent';
import type { ContentPlan, InspectResult } from './inspectContent';
import { modeString } from './modeString';
import { requiredLiteral } from './requiredLiteral';

type Verdict = 'match' | 'reject' | 'content';

/** Mutable state of one run. */
interface RunState {
  readonly elements: FileElements;
  readonly stats: FileStatistics;
  readonly errors: string[];
  readonly maxErrors: number;
  readonly buffer: Buffer;
  readonly budget: RunBudget;
  readonly plans: Map<CompiledSearch, ContentPlan>;
}

function fail(state: RunState, reason: string): void {
  state.stats.openfailed++;
  if (state.errors.length < state.maxErrors) state.errors.push(reason);
}

/** Name, size, mode and mtime checks, which need no reading. */
function cheapVerdict(s: CompiledSearch, name: string, st: () => Stats | undefined): Verdict {
  const mis = s.mismatch;
  let anyTrue = false;
  let anyFalse = false;
  if (s.names.length > 0) {
    const flip = mis.has('name');
    for (const n of s.names) {
      if ((n.regex.test(name) !== n.negate) !== flip) anyTrue = true;
      else anyFalse = true;
    }
    if (s.matchAll && anyFalse) return 'reject';
  }
  if (s.sizes.length > 0 || s.modes.length > 0 || s.mtimes.length > 0) {
    const stats = st();
    if (stats === undefined) return 'reject';
    const fs = mis.has('size');
    for (const b of s.sizes) {
      if ((b.below ? stats.size < b.value : stats.size > b.value) !== fs) anyTrue = true;
      else anyFalse = true;
    }
    if (s.modes.length > 0) {
      const fm = mis.has('mode');
      const mode = modeString(stats.mode);
      for (const r of s.modes) {
        if (r.test(mode) !== fm) anyTrue = true;
        else anyFalse = true;
      }
    }
    const ft = mis.has('mtime');
    for (const b of s.mtimes) {
      if ((b.below ? stats.mtimeMs < b.value : stats.mtimeMs > b.value) !== ft) anyTrue = true;
      else anyFalse = true;
    }
  }
  if (s.matchAll) return anyFalse ? 'reject' : s.readsContent ? 'content' : 'match';
  return anyTrue ? 'match' : s.readsContent ? 'content' : 'reject';
}

/** Truth of each content check so far: `final` once more lines cannot change it. */
function contentChecks(s: CompiledSearch, hits: readonly boolean[], macroalHit: boolean, eof: boolean): Array<[boolean, boolean]> {
  const flip = s.mismatch.has('content');
  if (s.contents.length === 0) return [];
  if (s.macroal) return [[eof || macroalHit, macroalHit !== flip]];
  return s.contents.map((c, i) => {
    const hit = hits[i] === true;
    return [eof || hit, (hit !== c.negate) !== flip];
  });
}

function planFor(s: CompiledSearch): ContentPlan {
  const hashes = s.hashes.map((h) => FILE_HASHES[h.kind] as string);
  if (s.returnSha256 && !hashes.includes('sha256')) hashes.push('sha256');
  return {
    contents: s.contents,
    macroal: s.macroal,
    hashes,
    decompress: s.decompress,
    literals: s.contents.map((c) => {
      const literal = requiredLiteral(c.regex);
      return literal === undefined ? undefined : Buffer.from(literal, 'utf8');
    }),
    settled: (hits, macroalHit) => {
      const checks = contentChecks(s, hits, macroalHit, false);
      if (s.matchAll) return checks.every(([final]) => final) || checks.some(([final, v]) => final && !v);
      return checks.some(([final, v]) => final && v);
    },
  };
}

/** Adds a match (metadata only) unless the search is full. */
function record(state: RunState, s: CompiledSearch, path: string, stats: Stats, sha256: string | undefined): void {
  const list = state.elements[s.label] ?? [];
  state.elements[s.label] = list;
  if (list.length >= s.matchLimit) return;
  const match: FileMatch = {
    file: path,
    size: stats.size,
    mode: modeString(stats.mode),
    mtime: new Date(stats.mtimeMs).toISOString(),
  };
  if (sha256 !== undefined) match.sha256 = sha256;
  list.push(match);
  state.stats.totalhits++;
}

const SHA256_ONLY: ContentPlan = { contents: [], macroal: false, hashes: ['sha256'], decompress: false, settled: () => false };

/** Records a match, first hashing the file when `returnsha256` asks and no sha256 is known yet. */
function finishMatch(
  state: RunState,
  s: CompiledSearch,
  path: string,
  st: () => Stats | undefined,
  sha256: string | undefined,
): Promise<void> | undefined {
  const stats = st();
  if (stats === undefined) return undefined;
  if (!s.returnSha256 || sha256 !== undefined) {
    record(state, s, path, stats, sha256);
    return undefined;
  }
  const hashed = (read: InspectResult): void => {
    if (!read.ok) {
      fail(state, read.reason);
      return;
    }
    state.stats.bytesread += read.outcome.bytes;
    record(state, s, path, stats, read.outcome.digests.get('sha256'));
  };
  const small = inspectSmallFile(path, SHA256_ONLY, state.buffer);
  if (small !== undefined) {
    hashed(small);
    return undefined;
  }
  return inspectContent(path, SHA256_ONLY, state.buffer, state.budget).then(hashed);
}

/** Decides a search from what reading the file found. */
function finishContent(
  state: RunState,
  s: CompiledSearch,
  path: string,
  st: () => Stats | undefined,
  read: InspectResult,
): Promise<void> | undefined {
  if (!read.ok) {
    fail(state, read.reason);
    return undefined;
  }
  const { outcome } = read;
  state.stats.bytesread += outcome.bytes;
  const values = contentChecks(s, outcome.hits, outcome.macroalHit, true).map(([, v]) => v);
  for (const h of s.hashes) {
    const digest = outcome.digests.get(FILE_HASHES[h.kind]) ?? '';
    values.push(h.values.has(digest) !== s.mismatch.has(h.kind));
  }
  const matched = s.matchAll ? values.every(Boolean) : values.some(Boolean);
  return matched ? finishMatch(state, s, path, st, outcome.digests.get('sha256')) : undefined;
}

/**
 * Finishes a search whose cheap checks were not enough: reads content and hashes, then records a match.
 * Small files are handled synchronously; a promise is returned only when a file must be streamed.
 */
function evaluateSlow(
  state: RunState,
  s: CompiledSearch,
  path: string,
  cheap: Verdict,
  st: () => Stats | undefined,
): Promise<void> | undefined {
  if (cheap !== 'content') return finishMatch(state, s, path, st, undefined);
  let plan = state.plans.get(s);
  if (plan === undefined) {
    plan = planFor(s);
    state.plans.set(s, plan);
  }
  const small = inspectSmallFile(path, plan, state.buffer);
  if (small !== undefined) return finishContent(state, s, path, st, small);
  return inspectContent(path, plan, state.buffer, state.budget).then((read) => finishContent(state, s, path, st, read));
}

function full(state: RunState, s: CompiledSearch): boolean {
  return (state.elements[s.label]?.length ?? 0) >= s.matchLimit;
}

/** True when no search can match this file: each is out of depth, full, or (matchall) fails a name filter. */
function rejectedByName(state: RunState, searches: readonly CompiledSearch[], name: string, depth: number): boolean {
  for (const s of searches) {
    if (depth > s.maxdepth || full(state, s)) continue;
    if (!s.matchAll || s.names.length === 0) return false;
    const flip = s.mismatch.has('name');
    let pass = true;
    for (const n of s.names) {
      if ((n.regex.test(name) !== n.negate) === flip) {
        pass = false;
        break;
      }
    }
    if (pass) return false;
  }
  return true;
}

/**
 * Evaluates one file against the searches rooted where it was found. Decisions that need no reading are
 * made synchronously; a promise is returned only when content or hashes must be read.
 */
function visitFile(
  state: RunState,
  searches: readonly CompiledSearch[],
  path: string,
  name: string,
  depth: number,
  known: Stats | undefined,
): Promise<void> | undefined {
  let stats: Stats | undefined | null = known ?? null;
  const st = (): Stats | undefined => {
    if (stats === null) {
      try {
        stats = lstatSync(path);
      } catch (error) {
        fail(state, `${path}: ${(error as Error).message}`);
        stats = undefined;
      }
    }
    return stats;
  };
  let slow: Array<[CompiledSearch, Verdict]> | undefined;
  for (const s of searches) {
    if (depth > s.maxdepth || full(state, s)) continue;
    const verdict = cheapVerdict(s, name, st);
    if (verdict === 'reject') continue;
    if (verdict === 'match' && !s.returnSha256) {
      const meta = st();
      if (meta !== undefined) record(state, s, path, meta, undefined);
      continue;
    }
    (slow ??= []).push([s, verdict]);
  }
  if (slow === undefined) return undefined;
  for (let i = 0; i < slow.length; i++) {
    const [s, verdict] = slow[i] as [CompiledSearch, Verdict];
    if (full(state, s)) continue;
    const pending = evaluateSlow(state, s, path, verdict, st);
    if (pending !== undefined) {
      const rest = slow.slice(i + 1);
      return (async () => {
        await pending;
        for (const [next, v] of rest) {
          if (!full(state, next)) await evaluateSlow(state, next, path, v, st);
        }
      })();
    }
  }
  return undefined;
}

/** Walks one root depth-first without following directory symlinks, for all searches that share it. */
async function walkRoot(state: RunState, root: string, searches: readonly CompiledSearch[]): Promise<void> {
  const { budget } = state;
  let rootStats: Stats;
  try {
    rootStats = statSync(root);
  } catch (error) {
    fail(state, `${root}: ${(error as Error).message}`);
    return;
  }
  if (rootStats.isFile()) {
    const slash = root.lastIndexOf('/');
    state.stats.filescount++;
    await visitFile(state, searches, root, root.slice(slash + 1), 0, rootStats);
    return;
  }
  if (!rootStats.isDirectory()) return;
  const maxdepth = Math.max(...searches.map((s) => s.maxdepth));
  const stack: Array<[string, number]> = [[root, 0]];
  while (stack.length > 0) {
    if (searches.every((s) => full(state, s))) return;
    const [dir, depth] = stack.pop() as [string, number];
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      fail(state, `${dir}: ${(error as Error).message}`);
      continue;
    }
    state.stats.dirscount++;
    const prefix = dir.endsWith('/') ? dir : `${dir}/`;
    for (let i = 0; i < entries.length; i++) {
      if ((i & 63) === 0) {
        if (budget.expired()) return;
        if (budget.due()) await budget.pace();
      }
      const entry = entries[i] as Dirent;
      if (entry.isDirectory()) {
        if (depth < maxdepth) stack.push([prefix + entry.name, depth + 1]);
      } else if (entry.isFile()) {
        state.stats.filescount++;
        // Fast path: most files fail a name filter, which needs neither a stat nor a promise.
        if (rejectedByName(state, searches, entry.name, depth)) continue;
        const pending = visitFile(state, searches, prefix + entry.name, entry.name, depth, undefined);
        if (pending !== undefined) await pending;
      } else if (entry.isSymbolicLink()) {
        // A symlink to a file is inspected; a symlink to a directory is never followed.
        const path = prefix + entry.name;
        let target: Stats | undefined;
        try {
          target = statSync(path);
        } catch {
          continue;
        }
        if (!target.isFile()) continue;
        state.stats.filescount++;
        const pending = visitFile(state, searches, path, entry.name, depth, target);
        if (pending !== undefined) await pending;
      }
    }
  }
}

/**
 * Runs compiled searches: each distinct path is walked once for every search that names it.
 * Only regular files (and symlinks to regular files) are inspected; content is streamed, never kept.
 */
export async function searchFiles(
  searches: readonly CompiledSearch[],
  budget: RunBudget,
): Promise<ModuleResult<FileElements, FileStatistics>> {
  const started = performance.now();
  const state: RunState = {
    elements: Object.fromEntries(searches.map((s) => [s.label, []])),
    stats: { filescount: 0, dirscount: 0, openfailed: 0, totalhits: 0, bytesread: 0, exectimeMs: 0 },
    errors: [],
    maxErrors: Math.max(...searches.map((s) => s.maxErrors)),
    buffer: Buffer.allocUnsafe(64 * 1024),
    budget,
    plans: new Map(),
  };
  const roots = new Map<string, CompiledSearch[]>();
  for (const s of searches) {
    for (const p of s.paths) {
      const root = p.length > 1 ? p.replace(/\/+$/, '') || '/' : p;
      const list = roots.get(root) ?? [];
      if (!list.includes(s)) list.push(s);
      roots.set(root, list);
    }
  }
  for (const [root, list] of roots) {
    if (budget.expired()) break;
    await walkRoot(state, root, list);
  }
  const complete = !budget.expired();
  const errors = [...state.errors];
  if (!complete) errors.push(budget.reason());
  state.stats.exectimeMs = Math.round(performance.now() - started);
  return {
    foundanything: state.stats.totalhits > 0,
    success: complete,
    elements: state.elements,
    statistics: state.stats,
    errors,
  };
}
