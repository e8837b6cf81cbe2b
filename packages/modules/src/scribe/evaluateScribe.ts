import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { compileMigRegex } from '../internal/compileMigRegex';
import type { InstalledPackage, PackageSystem } from '../pkg/InstalledPackage';
import { listPackages } from '../pkg/listPackages';
import { compareVersionsFor, operatorHolds } from '../pkg/versionFilter';
import { compareRpmEvr } from '../version/compareRpmEvr';
import { parseDebianVersion } from '../version/parseDebianVersion';
import type { ScribeDocument, ScribeObject, ScribeTest, ScribeTestResult } from './ScribeDocument';
import { evrOperator } from './internal/evrOperator';
import { locateFiles } from './internal/locateFiles';
import { sourceKind } from './internal/sourceKind';

/** Options of {@link evaluateScribe}. */
export interface EvaluateScribeOptions {
  /** Prefix for every file path in the policy, and the root whose package databases are read. @default '/' */
  readonly root?: string;
  /** Installed packages; read with `listPackages({ root })` when absent. */
  readonly packages?: readonly InstalledPackage[];
  /** Stops evaluation; unevaluated tests are reported as errors. */
  readonly signal?: AbortSignal;
}

/** One value of an object: where it came from and the value tests examine. */
interface Criterion {
  identifier: string;
  value: string;
  /** Package system of a package value: picks the version comparator. */
  system?: PackageSystem;
}

type Prepared = { ok: true; criteria: Criterion[] } | { ok: false; error: string };

function expand(text: string, variables: ReadonlyArray<{ key: string; value: string }>): string {
  let out = text;
  for (const v of variables) out = out.split(`\${${v.key}}`).join(v.value);
  return out;
}

function concatByIdentifier(criteria: Criterion[], separator: string): Criterion[] {
  const merged = new Map<string, Criterion>();
  for (const c of criteria) {
    const seen = merged.get(c.identifier);
    if (seen === undefined) merged.set(c.identifier, { ...c });
    else seen.value = seen.value === '' ? c.value : `${seen.value}${separator}${c.value}`;
  }
  return [...merged.values()];
}

class Evaluator {
  private readonly objects = new Map<string, ScribeObject>();
  private readonly tests = new Map<string, ScribeTest>();
  private readonly prepared = new Map<string, Promise<Prepared>>();
  private readonly results = new Map<string, ScribeTestResult>();
  private readonly byName = new Map<string, InstalledPackage[]>();
  private readonly regexCache = new Map<string, RegExp | string>();

  constructor(
    private readonly document: ScribeDocument,
    private readonly root: string,
    private readonly packages: readonly InstalledPackage[],
    private readonly signal: AbortSignal,
  ) {
    for (const o of document.objects) this.objects.set(o.object, o);
    for (const t of document.tests) this.tests.set(t.test, t);
    for (const p of packages) {
      const list = this.byName.get(p.name) ?? [];
      list.push(p);
      this.byName.set(p.name, list);
    }
  }

  private regex(source: string): RegExp {
    let r = this.regexCache.get(source);
    if (r === undefined) {
      const compiled = compileMigRegex(source);
      r = compiled.ok ? compiled.regex : compiled.reason;
      this.regexCache.set(source, r);
    }
    if (typeof r === 'string') throw new Error(r);
    return r;
  }

  private hostPath(path: string): string {
    return this.root === '/' ? path : join(this.root, path);
  }

  /** Identifiers are reported as paths on the inspected host, without the root prefix. */
  private reportedPath(path: string): string {
    if (this.root === '/' || !path.startsWith(this.root)) return path;
    return path.slice(this.root.replace(/\/+$/, '').length) || '/';
  }

  private packagesFor(name: string, collect: string | undefined): InstalledPackage[] {
    if (collect) {
      const re = this.regex(collect);
      return this.packages.filter((p) => re.test(p.name));
    }
    // `name:arch` selects one architecture of a multi-arch package, as `dpkg -l` shows it.
    const colon = name.lastIndexOf(':');
    if (colon > 0) {
      const arch = name.slice(colon + 1);
      return (this.byName.get(name.slice(0, colon)) ?? []).filter((p) => p.arch === arch);
    }
    return this.byName.get(name) ?? [];
  }

  private async source(o: ScribeObject, variables: ReadonlyArray<{ key: string; value: string }>): Promise<Criterion[]> {
    const kind = sourceKind(o);
    switch (kind) {
      case 'package': {
        const spec = o.package ?? {};
        let found = this.packagesFor(expand(spec.name ?? '', variables), spec.collectmatch);
        if (spec.onlynewest && found.length > 1) {
          found = [found.reduce((a, b) => (a.system === b.system && compareVersionsFor(a.system, a.version, b.version) < 0 ? b : a))];
        }
        return found.map((p) => ({ identifier: p.name, value: p.version, system: p.system }));
      }
      case 'raw':
        return (o.raw?.identifiers ?? []).map((r) => ({ identifier: r.identifier ?? '', value: r.value ?? '' }));
      case 'filename': {
        const spec = o.filename ?? {};
        const re = this.regex(expand(spec.file ?? '', variables));
        const out: Criterion[] = [];
        for (const file of await locateFiles(this.hostPath(expand(spec.path ?? '', variables)), re, this.signal)) {
          const m = re.exec(file.slice(file.lastIndexOf('/') + 1));
          if (m && m.length > 1) out.push({ identifier: this.reportedPath(file), value: m[1] ?? '' });
        }
        return out;
      }
      case 'hasline':
      case 'filecontent': {
        const spec = kind === 'hasline' ? (o.hasline ?? {}) : (o.filecontent ?? {});
        const fileRe = this.regex(expand(spec.file ?? '', variables));
        const expression = this.regex(spec.expression ?? '');
        const out: Criterion[] = [];
        const dir = expand(spec.path ?? '', variables);
        // A chained object's path already carries the root through ${chain_root}.
        const files = await locateFiles(variables.some((v) => v.key === 'chain_root') ? dir : this.hostPath(dir), fileRe, this.signal);
        for (const file of files) {
          let text: string;
          try {
            text = await readFile(file, 'utf8');
          } catch {
            continue; // unreadable files are skipped, as scribe does
          }
          const identifier = this.reportedPath(file);
          let found = false;
          for (const line of text.split('\n')) {
            const m = expression.exec(line.endsWith('\r') ? line.slice(0, -1) : line);
            if (!m) continue;
            found = true;
            if (kind === 'filecontent') for (let g = 1; g < m.length; g++) out.push({ identifier, value: m[g] ?? '' });
            else break;
          }
          if (kind === 'hasline') out.push({ identifier, value: String(found) });
          else if (found && (o.filecontent?.['import-chain']?.length ?? 0) > 0 && !variables.some((v) => v.key === 'chain_root')) {
            out.push(...(await this.fireChain(o, file, identifier)));
          }
        }
        const concat = kind === 'filecontent' ? o.filecontent?.concat : undefined;
        return concat ? concatByIdentifier(out, concat) : out;
      }
      default:
        throw new Error('object has no valid source');
    }
  }

  /** Evaluates the import-chain objects for one matched file, with `${chain_root}` = its directory. */
  private async fireChain(o: ScribeObject, file: string, identifier: string): Promise<Criterion[]> {
    const out: Criterion[] = [];
    const variables = [...(this.document.variables ?? []), { key: 'chain_root', value: `${dirname(file)}/` }];
    for (const name of o.filecontent?.['import-chain'] ?? []) {
      const chained = this.objects.get(name);
      if (!chained) throw new Error(`unknown object "${name}" in import-chain`);
      for (const c of await this.source(chained, variables)) out.push({ ...c, identifier });
    }
    return out;
  }

  prepare(name: string): Promise<Prepared> {
    let p = this.prepared.get(name);
    if (p === undefined) {
      const o = this.objects.get(name);
      p = o === undefined
        ? Promise.resolve({ ok: false, error: `unknown object "${name}"` } as const)
        : this.source(o, this.document.variables ?? []).then(
            (criteria): Prepared => ({ ok: true, criteria }),
            (error: unknown): Prepared => ({ ok: false, error: (error as Error).message }),
          );
      this.prepared.set(name, p);
    }
    return p;
  }

  private judge(t: ScribeTest, c: Criterion): boolean {
    if (t.evr?.value) {
      const op = evrOperator(t.evr.operation ?? '');
      if (op === null) throw new Error(`invalid evr operation ${t.evr.operation ?? ''}`);
      if (c.system === 'dpkg') {
        const installed = parseDebianVersion(c.value);
        const wanted = parseDebianVersion(t.evr.value);
        if (!installed.ok) throw new Error(`installed version "${c.value}" of ${c.identifier}: ${installed.reason}`);
        if (!wanted.ok) throw new Error(`evr value "${t.evr.value}": ${wanted.reason}`);
        return operatorHolds(op, compareVersionsFor('dpkg', c.value, t.evr.value));
      }
      return operatorHolds(op, compareRpmEvr(c.value, t.evr.value));
    }
    if (t.regexp?.value) return this.regex(t.regexp.value).test(c.value);
    if (t.exactmatch?.value) return c.value === t.exactmatch.value;
    return true; // no criteria: true for every value found
  }

  async run(id: string): Promise<ScribeTestResult> {
    const done = this.results.get(id);
    if (done) return done;
    const t = this.tests.get(id);
    const base: ScribeTestResult = {
      testid: id,
      name: t?.name ?? '',
      description: t?.description ?? '',
      tags: (t?.tags ?? []).map((x) => ({ key: x.key ?? '', value: x.value ?? '' })),
      iserror: false,
      error: '',
      masterresult: false,
      hastrueresults: false,
      results: [],
    };
    const fail = (error: string): ScribeTestResult => {
      const r = { ...base, iserror: true, error };
      this.results.set(id, r);
      return r;
    };
    if (!t) return fail(`unknown test "${id}"`);
    if (this.signal.aborted) return fail('aborted before evaluation');
    const deps: ScribeTestResult[] = [];
    for (const dep of t.if ?? []) {
      const r = await this.run(dep);
      if (r.iserror) return fail(`a test dependency failed ("${dep}")`);
      deps.push(r);
    }
    const prepared = await this.prepare(t.object);
    if (!prepared.ok) return fail(prepared.error);
    try {
      for (const c of prepared.criteria) base.results.push({ result: this.judge(t, c), identifier: c.identifier, value: c.value });
    } catch (error) {
      base.results = [];
      return fail((error as Error).message);
    }
    base.hastrueresults = base.results.some((r) => r.result);
    base.masterresult = base.hastrueresults && deps.every((d) => d.masterresult);
    this.results.set(id, base);
    return base;
  }
}

/**
 * Evaluates a scribe policy on a host (or a directory standing for one): prepares each object once, runs every
 * test after the tests it depends on, and returns one result per test in document order. Package versions are
 * compared with dpkg's or rpm's rules according to the database they came from; other values with rpm's.
 * Failures of one object or test are reported in that test's result and never stop the others.
 */
export async function evaluateScribe(document: ScribeDocument, options: EvaluateScribeOptions = {}): Promise<ScribeTestResult[]> {
  const root = options.root ?? '/';
  const signal = options.signal ?? new AbortController().signal;
  let packages = options.packages;
  if (packages === undefined) {
    const needsPackages = document.objects.some((o) => sourceKind(o) === 'package');
    packages = needsPackages ? (await listPackages({ root, signal })).packages : [];
  }
  const evaluator = new Evaluator(document, root, packages, signal);
  const out: ScribeTestResult[] = [];
  for (const t of document.tests) out.push(await evaluator.run(t.test));
  return out;
}
