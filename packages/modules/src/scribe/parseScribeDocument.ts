import { compileMigRegex } from '../internal/compileMigRegex';
import type { ScribeDocument, ScribeObject, ScribeTest } from './ScribeDocument';
import { evrOperator } from './internal/evrOperator';
import { sourceKind } from './internal/sourceKind';

/** Outcome of {@link parseScribeDocument}: the document, or every problem found in it. */
export type ParseScribeResult =
  | { readonly ok: true; readonly document: ScribeDocument }
  | { readonly ok: false; readonly code: 'SCRIBE_INVALID'; readonly reason: string; readonly problems: string[] };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkRegex(problems: string[], where: string, source: string | undefined): void {
  if (source === undefined) return;
  const compiled = compileMigRegex(source);
  if (!compiled.ok) problems.push(`${where}: ${compiled.reason}`);
}

function checkObject(o: ScribeObject, objects: Map<string, ScribeObject>, problems: string[]): void {
  const where = `object "${o.object}"`;
  const kind = sourceKind(o);
  if (kind === null) {
    problems.push(`${where}: no source (package name, filecontent/filename/hasline path or raw identifiers)`);
    return;
  }
  if (kind === 'package') checkRegex(problems, where, o.package?.collectmatch);
  if (kind === 'filecontent' || kind === 'filename' || kind === 'hasline') {
    const src = o[kind];
    if (!src?.file) problems.push(`${where}: ${kind} file must be set`);
    checkRegex(problems, where, src?.file);
    if (kind !== 'filename') {
      const expression = (src as { expression?: string } | undefined)?.expression;
      if (!expression) problems.push(`${where}: ${kind} expression must be set`);
      checkRegex(problems, where, expression);
    }
  }
  if (kind === 'filecontent') {
    for (const chained of o.filecontent?.['import-chain'] ?? []) {
      if (!objects.has(chained)) problems.push(`${where}: import-chain names unknown object "${chained}"`);
    }
  }
  if (kind === 'raw') {
    for (const r of o.raw?.identifiers ?? []) {
      if (!r.identifier || !r.value) problems.push(`${where}: raw identifier must include identifier and value`);
    }
  }
}

function checkTest(t: ScribeTest, tests: Map<string, ScribeTest>, objects: Map<string, ScribeObject>, problems: string[]): void {
  const where = `test "${t.test}"`;
  if (!objects.has(t.object)) problems.push(`${where}: unknown object "${t.object}"`);
  if (t.evr?.value && evrOperator(t.evr.operation ?? '') === null) problems.push(`${where}: invalid evr operation "${t.evr.operation ?? ''}"`);
  if (!t.evr?.value && t.regexp?.value) checkRegex(problems, where, t.regexp.value);
  for (const dep of t.if ?? []) {
    if (dep === t.test) problems.push(`${where}: test cannot reference itself`);
    else if (!tests.has(dep)) problems.push(`${where}: unknown test "${dep}" in if`);
  }
  for (const tag of t.tags ?? []) {
    if (tag.key?.includes('"') || tag.value?.includes('"')) problems.push(`${where}: test tags cannot contain quotes`);
  }
}

function findCycle(tests: Map<string, ScribeTest>): string | null {
  const state = new Map<string, 1 | 2>();
  const visit = (id: string, path: string[]): string | null => {
    const s = state.get(id);
    if (s === 2) return null;
    if (s === 1) return [...path, id].join(' -> ');
    state.set(id, 1);
    for (const dep of tests.get(id)?.if ?? []) {
      if (!tests.has(dep) || dep === id) continue;
      const cycle = visit(dep, [...path, id]);
      if (cycle) return cycle;
    }
    state.set(id, 2);
    return null;
  };
  for (const id of tests.keys()) {
    const cycle = visit(id, []);
    if (cycle) return cycle;
  }
  return null;
}

/**
 * Checks a scribe policy (parsed JSON or its text) the way scribe's `Validate` does, and also refuses duplicate
 * identifiers and dependency cycles. All problems are reported at once.
 */
export function parseScribeDocument(input: unknown): ParseScribeResult {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (error) {
      return { ok: false, code: 'SCRIBE_INVALID', reason: `policy is not JSON: ${(error as Error).message}`, problems: [] };
    }
  }
  if (!isRecord(value)) return { ok: false, code: 'SCRIBE_INVALID', reason: 'policy must be a JSON object', problems: [] };
  const problems: string[] = [];
  const rawObjects = Array.isArray(value.objects) ? value.objects : [];
  const rawTests = Array.isArray(value.tests) ? value.tests : [];
  if (!Array.isArray(value.tests)) problems.push('policy has no "tests" array');
  const objects = new Map<string, ScribeObject>();
  for (const [k, o] of rawObjects.entries()) {
    if (!isRecord(o) || typeof o.object !== 'string' || o.object === '') problems.push(`objects[${k}] has no identifier`);
    else if (!objects.has(o.object)) objects.set(o.object, o as unknown as ScribeObject);
    // Generated policies (MIG's usn-2015) repeat identical objects: only a conflicting repeat is a problem.
    else if (JSON.stringify(objects.get(o.object)) !== JSON.stringify(o)) problems.push(`object "${o.object}" is defined twice, differently`);
  }
  const tests = new Map<string, ScribeTest>();
  for (const [k, t] of rawTests.entries()) {
    if (!isRecord(t) || typeof t.test !== 'string' || t.test === '') problems.push(`tests[${k}] has no identifier`);
    else if (typeof t.object !== 'string') problems.push(`test "${t.test}" has no object`);
    else if (tests.has(t.test)) problems.push(`test "${t.test}" is defined twice`);
    else tests.set(t.test, t as unknown as ScribeTest);
  }
  for (const o of objects.values()) checkObject(o, objects, problems);
  for (const t of tests.values()) checkTest(t, tests, objects, problems);
  const cycle = findCycle(tests);
  if (cycle) problems.push(`dependency cycle: ${cycle}`);
  if (problems.length > 0) {
    return { ok: false, code: 'SCRIBE_INVALID', reason: `${problems.length} problem(s) in policy: ${problems.slice(0, 3).join('; ')}`, problems };
  }
  const variables = Array.isArray(value.variables) ? (value.variables as ScribeDocument['variables']) : undefined;
  return { ok: true, document: { ...(variables ? { variables } : {}), objects: [...objects.values()], tests: [...tests.values()] } };
}
