/**
 * Builds small functions with `new Function` so that every compiled rule gets its own code. Closures built by
 * one factory share code, so their inner call sites see every rule's callees and turn megamorphic (no inlining);
 * a function made here calls exactly one target per site. Only literals made by `JSON.stringify` and parameter
 * names are spliced into the source: rule text never becomes code.
 */
import { withLowerCaseFallback } from '../../internal/fieldPath';

type Test = (x: object) => boolean;

const make = <T>(params: string[], body: string, args: unknown[]): T =>
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  (new Function(...params, body) as (...a: unknown[]) => T)(...args);

/** AND of tests, one call site per test. */
export function allOf(tests: readonly Test[]): Test {
  if (tests.length === 0) return () => true;
  if (tests.length === 1) return tests[0] as Test;
  const names = tests.map((_, i) => `t${i}`);
  return make<Test>(names, `return function allOf(e) { return ${names.map((n) => `${n}(e)`).join(' && ')}; };`, [...tests]);
}

/** OR of tests, one call site per test. */
export function anyOf(tests: readonly Test[]): Test {
  if (tests.length === 0) return () => false;
  if (tests.length === 1) return tests[0] as Test;
  const names = tests.map((_, i) => `t${i}`);
  return make<Test>(names, `return function anyOf(e) { return ${names.map((n) => `${n}(e)`).join(' || ')}; };`, [...tests]);
}

/** NOT of a test. */
export function notOf(test: Test): Test {
  return make<Test>(['t'], 'return function notOf(e) { return !t(e); };', [test]);
}

/** Lifts a test of one value to a field (arrays: any element). */
export function onField(read: (e: object) => unknown, test: (v: unknown) => boolean): Test {
  return make<Test>(
    ['read', 'test'],
    'return function onField(e) { const v = read(e); if (Array.isArray(v)) { for (let i = 0; i < v.length; i++) if (test(v[i])) return true; return false; } return test(v); };',
    [read, test],
  );
}

/** A reader of a dotted path with the property names as literals (falling back to lower case, see fieldPath). */
export function pathReader(path: string): (doc: object) => unknown {
  return withLowerCaseFallback(path, (p) => {
    let body = 'let c = d;';
    for (const part of p.split('.')) body += ` if (c === null || typeof c !== 'object') return undefined; c = c[${JSON.stringify(part)}];`;
    return make<(doc: object) => unknown>([], `return function read(d) { ${body} return c; };`, []);
  });
}

/** A string test (`eq`, `prefix`, `suffix`, `includes`) against a literal, lower-casing the value unless cased. */
export function stringTest(kind: 'eq' | 'prefix' | 'suffix' | 'includes', literal: string, lower: ((s: string) => string) | undefined): (v: string) => boolean {
  const lit = JSON.stringify(literal);
  const value = lower === undefined ? 'v' : 'lower(v)';
  const expr = kind === 'eq' ? `${value} === ${lit}` : kind === 'prefix' ? `${value}.startsWith(${lit})` : kind === 'suffix' ? `${value}.endsWith(${lit})` : `${value}.includes(${lit})`;
  return make<(v: string) => boolean>(['lower'], `return function stringTest(v) { return ${expr}; };`, [lower]);
}

/** Tests a group of rules sharing one logsource condition: indexes (into `ids`) of those matching, or undefined. */
export function groupMatcher(source: Test, detects: readonly Test[], ids: readonly number[]): (e: object) => number[] | undefined {
  const names = detects.map((_, i) => `d${i}`);
  const body = names.map((n, i) => `if (${n}(e)) (h ??= []).push(${JSON.stringify(ids[i])});`).join(' ');
  return make<(e: object) => number[] | undefined>(['source', ...names], `return function group(e) { if (!source(e)) return undefined; let h; ${body} return h; };`, [source, ...detects]);
}
