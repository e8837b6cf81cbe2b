import { createHash } from 'node:crypto';
import type { Hash } from 'node:crypto';
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import type { RunBudget } from '../internal/RunBudget';
import type { PolarRegex } from './compileSearch';
import { LineSplitter } from './LineSplitter';

/** Longest line handed to the content regexes; longer lines are scanned in pieces of this size. */
export const MAX_LINE_BYTES = 1024 * 1024;

/** What to look for while reading one file. */
export interface ContentPlan {
  readonly contents: readonly PolarRegex[];
  readonly macroal: boolean;
  /** Node crypto algorithm names, computed over the raw bytes on disk. */
  readonly hashes: readonly string[];
  readonly decompress: boolean;
  /** Per content regex: bytes every match must contain (see `requiredLiteral`), when known. */
  readonly literals?: ReadonlyArray<Buffer | undefined>;
  /** True when the content seen so far already decides the file, so reading can stop (only used without hashes). */
  settled(hits: readonly boolean[], macroalHit: boolean): boolean;
}

/** What reading one file found. */
export interface ContentOutcome {
  /** Per content regex (ignoring its `!`): some line matched. */
  readonly hits: boolean[];
  /** With macroal: some line matched every positive regex and none of the negated ones. */
  macroalHit: boolean;
  /** Hex digests by algorithm name. */
  readonly digests: Map<string, string>;
  /** Bytes read from disk. */
  bytes: number;
}

/** An outcome, or why the file could not be read. */
export type InspectResult = { ok: true; outcome: ContentOutcome } | { ok: false; reason: string };

function scanner(plan: ContentPlan, outcome: ContentOutcome): (line: string) => boolean {
  const { contents } = plan;
  const n = contents.length;
  const canStop = plan.hashes.length === 0;
  if (plan.macroal) {
    return (line) => {
      for (let i = 0; i < n; i++) {
        const c = contents[i] as PolarRegex;
        if (c.regex.test(line) === c.negate) return false;
      }
      outcome.macroalHit = true;
      return canStop && plan.settled(outcome.hits, true);
    };
  }
  const hits = outcome.hits;
  return (line) => {
    let changed = false;
    for (let i = 0; i < n; i++) {
      if (!hits[i] && (contents[i] as PolarRegex).regex.test(line)) {
        hits[i] = true;
        changed = true;
      }
    }
    return changed && canStop && plan.settled(hits, false);
  };
}

/** True when no line of `chunk` can change the outcome, judged by the regexes' required literals. */
function cannotMatch(plan: ContentPlan, chunk: Buffer): boolean {
  const literals = plan.literals;
  if (literals === undefined) return false;
  if (plan.macroal) {
    // One line must match every positive regex: a missing positive literal rules the whole file out.
    return plan.contents.some((c, i) => !c.negate && literals[i] !== undefined && chunk.indexOf(literals[i] as Buffer) === -1);
  }
  // Each regex is judged on its own: the file can be skipped only if every regex is ruled out.
  return literals.every((l) => l !== undefined && chunk.indexOf(l) === -1);
}

/** Pseudo file systems whose files may return short reads before their end. */
const SHORT_READ_FS = /^\/(proc|sys|dev)\//;

function newOutcome(plan: ContentPlan): ContentOutcome {
  return { hits: plan.contents.map(() => false), macroalHit: false, digests: new Map(), bytes: 0 };
}

/**
 * The fast path for small files: one open, one read, one close, no promise. Returns undefined when the file
 * fills the buffer, is gzip to be decompressed, or lives on a pseudo file system: `inspectContent` then
 * streams it.
 */
export function inspectSmallFile(path: string, plan: ContentPlan, buffer: Buffer): InspectResult | undefined {
  if (SHORT_READ_FS.test(path)) return undefined;
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    return { ok: false, reason: `${path}: ${(error as Error).message}` };
  }
  let n: number;
  try {
    n = readSync(fd, buffer, 0, buffer.length, null);
  } catch (error) {
    return { ok: false, reason: `${path}: ${(error as Error).message}` };
  } finally {
    closeSync(fd);
  }
  if (n === buffer.length) return undefined;
  if (plan.decompress && n >= 2 && buffer[0] === 0x1f && buffer[1] === 0x8b) return undefined;
  const outcome = newOutcome(plan);
  outcome.bytes = n;
  const chunk = buffer.subarray(0, n);
  for (const name of plan.hashes) outcome.digests.set(name, createHash(name).update(chunk).digest('hex'));
  if (plan.contents.length > 0 && !cannotMatch(plan, chunk)) {
    const splitter = new LineSplitter(MAX_LINE_BYTES, scanner(plan, outcome));
    if (!splitter.push(chunk)) splitter.finish();
  }
  return { ok: true, outcome };
}

/**
 * Reads a file once, as a stream through a fixed buffer, scanning its lines for the plan's regexes and
 * hashing its bytes. Stops early when the plan is settled. Never keeps the file's content.
 * A read shorter than the buffer is taken as the end of a regular file (saving one system call per small
 * file), except under /proc, /sys and /dev, which are read until they report the end.
 */
export async function inspectContent(
  path: string,
  plan: ContentPlan,
  buffer: Buffer,
  budget: RunBudget,
): Promise<InspectResult> {
  const outcome = newOutcome(plan);
  const hashes: Array<[string, Hash]> = plan.hashes.map((h) => [h, createHash(h)]);
  const splitter = plan.contents.length > 0 ? new LineSplitter(MAX_LINE_BYTES, scanner(plan, outcome)) : undefined;
  const shortReadIsEnd = !SHORT_READ_FS.test(path);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    return { ok: false, reason: `${path}: ${(error as Error).message}` };
  }
  let gzip = false;
  try {
    let stopped = false;
    for (;;) {
      const n = readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) break;
      if (outcome.bytes === 0 && plan.decompress && n >= 2 && buffer[0] === 0x1f && buffer[1] === 0x8b) {
        gzip = true;
        break;
      }
      outcome.bytes += n;
      const chunk = n === buffer.length ? buffer : buffer.subarray(0, n);
      for (const [, h] of hashes) h.update(chunk);
      // A file read whole in one go that lacks the literals its regexes need cannot match: skip its lines.
      if (splitter !== undefined && outcome.bytes === n && n < buffer.length && shortReadIsEnd && cannotMatch(plan, chunk)) {
        stopped = true;
        if (hashes.length === 0) break;
      }
      if (splitter !== undefined && !stopped && splitter.push(chunk)) {
        stopped = true;
        if (hashes.length === 0) break;
      }
      if (n < buffer.length && shortReadIsEnd) break;
      if (budget.expired()) return { ok: false, reason: `${path}: ${budget.reason()}` };
      if (budget.due()) await budget.pace();
    }
    if (!gzip && !stopped) splitter?.finish();
  } catch (error) {
    return { ok: false, reason: `${path}: ${(error as Error).message}` };
  } finally {
    closeSync(fd);
  }
  if (gzip) {
    const result = await inspectGzip(path, splitter, hashes, outcome, budget);
    if (!result.ok) return result;
  }
  for (const [name, h] of hashes) outcome.digests.set(name, h.digest('hex'));
  return { ok: true, outcome };
}

async function inspectGzip(
  path: string,
  splitter: LineSplitter | undefined,
  hashes: Array<[string, Hash]>,
  outcome: ContentOutcome,
  budget: RunBudget,
): Promise<InspectResult> {
  const raw = createReadStream(path, { highWaterMark: 64 * 1024 });
  const gunzip = createGunzip();
  raw.on('data', (chunk: string | Buffer) => {
    outcome.bytes += chunk.length;
    for (const [, h] of hashes) h.update(chunk);
  });
  raw.on('error', (error) => gunzip.destroy(error));
  raw.pipe(gunzip);
  let stopped = splitter === undefined;
  try {
    for await (const chunk of gunzip) {
      if (!stopped && splitter !== undefined && splitter.push(chunk as Buffer)) {
        stopped = true;
        if (hashes.length === 0) break;
      }
      if (budget.expired()) return { ok: false, reason: `${path}: ${budget.reason()}` };
    }
    if (!stopped) splitter?.finish();
    return { ok: true, outcome };
  } catch (error) {
    return { ok: false, reason: `${path}: gzip: ${(error as Error).message}` };
  } finally {
    raw.destroy();
    gunzip.destroy();
  }
}
