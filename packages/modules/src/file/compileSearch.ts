import { compileMigRegex } from '../internal/compileMigRegex';
import { parseDuration } from '../internal/parseDuration';
import { parseSize } from '../internal/parseSize';
import { FILE_HASHES } from './FileParams';
import type { FileHashKind, FileSearch } from './FileParams';

/** A regex with its `!` negation. */
export interface PolarRegex {
  readonly regex: RegExp;
  readonly negate: boolean;
}

/** A `<` / `>` bound on a number (bytes or an epoch time in ms). */
export interface Bound {
  readonly below: boolean;
  readonly value: number;
}

/** A search ready to evaluate files against. */
export interface CompiledSearch {
  readonly label: string;
  readonly paths: readonly string[];
  readonly maxdepth: number;
  readonly matchAll: boolean;
  readonly macroal: boolean;
  readonly matchLimit: number;
  readonly maxErrors: number;
  readonly returnSha256: boolean;
  readonly decompress: boolean;
  readonly names: readonly PolarRegex[];
  readonly sizes: readonly Bound[];
  readonly modes: readonly RegExp[];
  /** Bounds on the mtime; `below` means "modified before". */
  readonly mtimes: readonly Bound[];
  readonly contents: readonly PolarRegex[];
  readonly hashes: ReadonlyArray<{ readonly kind: FileHashKind; readonly values: ReadonlySet<string> }>;
  readonly mismatch: ReadonlySet<string>;
  /** True when content or hashes must be read. */
  readonly readsContent: boolean;
}

/** A compiled search, or every problem found in it. */
export type CompileSearchResult = { ok: true; search: CompiledSearch } | { ok: false; reasons: string[] };

function polar(source: string, reasons: string[], what: string): PolarRegex | undefined {
  const negate = source.startsWith('!');
  const compiled = compileMigRegex(negate ? source.slice(1) : source);
  if (!compiled.ok) {
    reasons.push(`${what}: ${compiled.reason}`);
    return undefined;
  }
  return { regex: compiled.regex, negate };
}

function bound(text: string, parse: (s: string) => number | undefined): Bound | undefined {
  const op = text[0];
  if (op !== '<' && op !== '>') return undefined;
  const value = parse(text.slice(1));
  return value === undefined ? undefined : { below: op === '<', value };
}

/** Compiles one labelled search; `now` anchors relative mtimes. Problems are returned, not thrown. */
export function compileSearch(label: string, search: FileSearch, now: number): CompileSearchResult {
  const reasons: string[] = [];
  const o = search.options ?? {};
  const names = (search.names ?? []).map((n) => polar(n, reasons, 'name')).filter((x) => x !== undefined);
  const contents = (search.contents ?? []).map((c) => polar(c, reasons, 'content')).filter((x) => x !== undefined);
  const modes: RegExp[] = [];
  for (const m of search.modes ?? []) {
    const r = compileMigRegex(m);
    if (r.ok) modes.push(r.regex);
    else reasons.push(`mode: ${r.reason}`);
  }
  const sizes: Bound[] = [];
  for (const s of search.sizes ?? []) {
    const b = bound(s, parseSize);
    if (b === undefined) reasons.push(`size "${s}" must look like <10m or >1k`);
    else sizes.push(b);
  }
  const mtimes: Bound[] = [];
  for (const t of search.mtimes ?? []) {
    const b = bound(t, parseDuration);
    if (b === undefined) reasons.push(`mtime "${t}" must look like <2h or >30d`);
    // "<2h" = modified within two hours = mtime above now-2h; ">30d" = mtime below now-30d.
    else mtimes.push({ below: !b.below, value: now - b.value });
  }
  const hashes: Array<{ kind: FileHashKind; values: Set<string> }> = [];
  for (const kind of Object.keys(FILE_HASHES) as FileHashKind[]) {
    const values = search[kind];
    if (values !== undefined && values.length > 0) {
      hashes.push({ kind, values: new Set(values.map((v) => v.toLowerCase())) });
    }
  }
  if ((search.paths ?? []).length === 0) reasons.push('at least one path is needed');
  const filters = names.length + contents.length + modes.length + sizes.length + mtimes.length + hashes.length;
  if (filters === 0 && reasons.length === 0) {
    reasons.push('at least one filter (name, content, size, mode, mtime or a hash) is needed');
  }
  if (reasons.length > 0) return { ok: false, reasons: reasons.map((r) => `search "${label}": ${r}`) };
  return {
    ok: true,
    search: {
      label,
      paths: search.paths ?? [],
      maxdepth: o.maxdepth ?? 1000,
      matchAll: o.matchany !== true,
      macroal: o.macroal ?? false,
      matchLimit: o.matchlimit ?? 1000,
      maxErrors: o.maxerrors ?? 30,
      returnSha256: o.returnsha256 ?? false,
      decompress: o.decompress ?? false,
      names,
      sizes,
      modes,
      mtimes,
      contents,
      hashes,
      mismatch: new Set(o.mismatch ?? []),
      readsContent: contents.length > 0 || hashes.length > 0,
    },
  };
}
