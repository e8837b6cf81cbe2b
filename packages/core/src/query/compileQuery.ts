import { VigilError } from '../errors/VigilError';
import { asciiLower, isNumericLiteral, isWordPattern, phraseSource, splitPattern } from './internal/text';
import { keywordWildcard, wordWildcard } from './internal/wildcard';
import type { QueryNode } from './QueryNode';

/** A compiled query: tells whether a document (an event or an alert) matches. */
export type CompiledQuery = (doc: object) => boolean;

/** Deepest query tree compiled (the parser stays well below it). */
export const MAX_COMPILED_DEPTH = 128;

const CHAIN_LIMIT = 8;

type Scalar = string | number | boolean;
type Read = (doc: object) => unknown;

/**
 * Compiles a query once (paths split, regular expressions built) into a predicate evaluated in memory with
 * the same semantics as the stores (docs/search.md). Use it to test many documents against one query.
 * Throws {@link VigilError} `QUERY_INVALID` for a tree deeper than {@link MAX_COMPILED_DEPTH}.
 */
export function compileQuery(query: QueryNode): CompiledQuery {
  return compile(query, 0);
}

function compile(node: QueryNode, depth: number): CompiledQuery {
  if (depth > MAX_COMPILED_DEPTH) {
    throw new VigilError('QUERY_INVALID', `query nests deeper than ${MAX_COMPILED_DEPTH} levels; simplify it`);
  }
  switch (node.type) {
    case 'match_all':
      return () => true;
    case 'and': {
      const clauses = node.clauses.map((c) => compile(c, depth + 1));
      if (clauses.length === 0) return () => true;
      // Short lists become a chain of two-way closures, which V8 inlines; long ones a loop (bounded stack).
      if (clauses.length <= CHAIN_LIMIT) return clauses.reduceRight((rest, clause) => (doc) => clause(doc) && rest(doc));
      return (doc) => {
        for (const clause of clauses) if (!clause(doc)) return false;
        return true;
      };
    }
    case 'or': {
      const clauses = node.clauses.map((c) => compile(c, depth + 1));
      if (clauses.length === 0) return () => false;
      if (clauses.length <= CHAIN_LIMIT) return clauses.reduceRight((rest, clause) => (doc) => clause(doc) || rest(doc));
      return (doc) => {
        for (const clause of clauses) if (clause(doc)) return true;
        return false;
      };
    }
    case 'not': {
      const clause = compile(node.clause, depth + 1);
      return (doc) => !clause(doc);
    }
    case 'term':
    case 'phrase':
      if (isFullText(node.field)) return textRegex(phraseSource(node.value));
      return anyScalar(reader(node.field as string), termTest(node.field as string, node.value));
    case 'wildcard': {
      const parts = splitPattern(node.pattern);
      if (isFullText(node.field)) {
        if (!isWordPattern(parts)) return () => false;
        const test = wordWildcard(parts);
        return (doc) => {
          const summary = (doc as { summary?: unknown }).summary;
          return typeof summary === 'string' && test(summary);
        };
      }
      const first = parts[0];
      if (parts.length === 2 && first?.kind === 'literal' && parts[1]?.kind === 'star') {
        const prefix = asciiLower(first.text);
        return anyScalar(reader(node.field as string), (v) => typeof v === 'string' && startsWithFolded(v, prefix));
      }
      const test = keywordWildcard(parts);
      return anyScalar(reader(node.field as string), (v) => typeof v === 'string' && test(v));
    }
    case 'range':
      return anyScalar(reader(node.field), rangeTest(node));
    case 'exists': {
      const read = reader(node.field);
      return (doc) => exists(read(doc));
    }
  }
}

/** Whether a field is searched as full text (`summary`, or no field at all). */
export function isFullText(field: string | null): boolean {
  return field === null || field === 'summary';
}

function textRegex(source: string | null): CompiledQuery {
  if (source === null) return () => false;
  const re = new RegExp(source, 'iu');
  return (doc) => {
    const summary = (doc as { summary?: unknown }).summary;
    return typeof summary === 'string' && re.test(summary);
  };
}

function termTest(field: string, value: string): (v: Scalar) => boolean {
  if (field === 'id') return (v) => v === value;
  const lower = asciiLower(value);
  const number = isNumericLiteral(value) ? Number(value) : null;
  const bool = lower === 'true' ? true : lower === 'false' ? false : null;
  return (v) => {
    if (typeof v === 'string') return v.length === lower.length && startsWithFolded(v, lower);
    if (typeof v === 'number') return v === number;
    return v === bool;
  };
}

function rangeTest(node: Extract<QueryNode, { type: 'range' }>): (v: Scalar) => boolean {
  const tests: Array<(v: Scalar) => boolean> = [];
  const bound = (b: string | number | undefined, cmp: (a: number, b: number) => boolean): void => {
    if (b === undefined) return;
    if (typeof b === 'number') {
      tests.push((v) => {
        const n = typeof v === 'number' ? v : typeof v === 'string' && isNumericLiteral(v) ? Number(v) : null;
        return n !== null && cmp(n, b);
      });
    } else {
      tests.push((v) => typeof v === 'string' && cmp(v < b ? -1 : v > b ? 1 : 0, 0));
    }
  };
  bound(node.gte, (a, b) => a >= b);
  bound(node.gt, (a, b) => a > b);
  bound(node.lte, (a, b) => a <= b);
  bound(node.lt, (a, b) => a < b);
  return (v) => {
    for (const test of tests) if (!test(v)) return false;
    return true;
  };
}

/** Whether `value`, with A–Z folded to a–z, starts with `lowerPrefix` (already folded). No allocation. */
function startsWithFolded(value: string, lowerPrefix: string): boolean {
  if (value.length < lowerPrefix.length) return false;
  for (let i = 0; i < lowerPrefix.length; i++) {
    let c = value.charCodeAt(i);
    if (c >= 65 && c <= 90) c += 32;
    if (c !== lowerPrefix.charCodeAt(i)) return false;
  }
  return true;
}

/** Reads one own property; names that objects inherit (`constructor`, `toString`…) need the slower check. */
function ownProperty(key: string): (value: object) => unknown {
  if (key in Object.prototype) {
    return (value) => (Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined);
  }
  return (value) => (value as Record<string, unknown>)[key];
}

/** A reader of a dotted path through own properties of plain objects (never into arrays or prototypes). */
function reader(field: string): Read {
  const steps = field.split('.').map(ownProperty);
  if (steps.length === 1) return steps[0] as Read;
  if (steps.length === 2) {
    const [a, b] = steps as [Read, Read];
    return (doc) => {
      const parent = a(doc);
      return typeof parent === 'object' && parent !== null && !Array.isArray(parent) ? b(parent) : undefined;
    };
  }
  return (doc) => {
    let current: unknown = doc;
    for (const step of steps) {
      if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
      current = step(current);
    }
    return current;
  };
}

/** JSON view of a value: what a store holds after serialising it. */
function scalar(value: unknown): Scalar | undefined {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : undefined;
    case 'object':
      return value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString() : undefined;
    default:
      return undefined;
  }
}

/** Matches when the value, or any element of an array value, is a scalar passing `test`. */
function anyScalar(read: Read, test: (v: Scalar) => boolean): CompiledQuery {
  return (doc) => {
    const value = read(doc);
    if (typeof value === 'string') return test(value);
    if (Array.isArray(value)) {
      for (const element of value) {
        const s = scalar(element);
        if (s !== undefined && test(s)) return true;
      }
      return false;
    }
    const s = scalar(value);
    return s !== undefined && test(s);
  };
}

function present(value: unknown): boolean {
  if (value === undefined || value === null || typeof value === 'function' || typeof value === 'symbol') return false;
  return typeof value !== 'number' || Number.isFinite(value);
}

function exists(value: unknown): boolean {
  if (!present(value)) return false;
  if (Array.isArray(value)) return value.some(present);
  if (typeof value === 'object' && !(value instanceof Date)) return Object.values(value as object).some(present);
  return true;
}
