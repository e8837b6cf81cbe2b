import { asciiLower, tokenize } from '../../../query/internal/text';
import type { DslQuery } from './queryToDsl';
import { CI_SUBFIELD, NUM_SUBFIELD, RAW_SUBFIELD } from './queryToDsl';
import { IGNORE_ABOVE } from './indexTemplates';

/**
 * An executable model of what Elasticsearch does with a document under the store's mappings and with the
 * handful of DSL queries the translator emits — for tests where no cluster is available. It encodes the
 * behaviour the store relies on (documented Elasticsearch behaviour, not observed here): arrays and objects in
 * arrays are flattened; scalars of unmapped fields become keywords (numbers and booleans as their JSON text)
 * with an ASCII-lower-cased `ci` twin and a coerced `num` double; `summary` is split on non-word characters and
 * lower-cased; `term`/`wildcard` on a normalized keyword normalize the query value; unmapped fields match nothing.
 */
export interface ModelDocument {
  /** Indexed values per field, sub-fields included (`details.username.ci`). */
  readonly fields: ReadonlyMap<string, ReadonlyArray<string | number>>;
  /** Analysed tokens of `summary`. */
  readonly summary: readonly string[];
}

/** Java's `Double.parseDouble` grammar, roughly, as used by numeric coercion of strings. */
const COERCIBLE = /^\s*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?\s*$/;

/** Indexes a document as the store's mappings would. */
export function indexDocument(doc: unknown, dateFields: ReadonlySet<string>): ModelDocument {
  const fields = new Map<string, Array<string | number>>();
  const summary: string[] = [];
  const add = (field: string, value: string | number): void => {
    let values = fields.get(field);
    if (values === undefined) fields.set(field, (values = []));
    values.push(value);
  };
  const leaf = (path: string, value: string | number | boolean): void => {
    if (path === 'summary' && typeof value === 'string') {
      summary.push(...tokenize(value).map((t) => t.toLowerCase()));
      if (value.length <= IGNORE_ABOVE) add('summary.keyword', value);
      return;
    }
    if (dateFields.has(path) && typeof value === 'string') {
      const time = Date.parse(value);
      if (!Number.isNaN(time)) add(path, time);
      add(`${path}.${RAW_SUBFIELD}`, value);
      add(`${path}.${CI_SUBFIELD}`, asciiLower(value));
      return;
    }
    const text = String(value);
    if (text.length > IGNORE_ABOVE) return;
    add(path, text);
    add(`${path}.${CI_SUBFIELD}`, asciiLower(text));
    if (typeof value === 'number') add(`${path}.${NUM_SUBFIELD}`, value);
    else if (typeof value === 'string' && COERCIBLE.test(value)) add(`${path}.${NUM_SUBFIELD}`, Number(value));
  };
  const walk = (value: unknown, path: string): void => {
    if (value === null || value === undefined) return;
    if (Array.isArray(value)) {
      for (const element of value) walk(element, path);
    } else if (typeof value === 'object') {
      for (const [key, member] of Object.entries(value)) walk(member, path === '' ? key : `${path}.${key}`);
    } else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      leaf(path, value);
    }
  };
  walk(doc, '');
  return { fields, summary };
}

function single(clause: Record<string, unknown>): [string, Record<string, unknown>] {
  const [entry] = Object.entries(clause);
  if (entry === undefined) throw new Error('empty clause');
  return [entry[0], entry[1] as Record<string, unknown>];
}

function wildcardRegex(pattern: string, caseInsensitive: boolean): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '\\' && i + 1 < pattern.length) source += escape(pattern[++i] as string);
    else if (c === '*') source += '[\\s\\S]*';
    else if (c === '?') source += '[\\s\\S]';
    else source += escape(c);
  }
  return new RegExp(`^${source}$`, caseInsensitive ? 'iu' : 'u');
}

function escape(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Code-point (UTF-8 byte) order, as Lucene compares terms. */
function compareTerms(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** Whether a modelled document matches a query of the subset the translator emits. */
export function matchesDsl(query: DslQuery, doc: ModelDocument, dateFields: ReadonlySet<string>): boolean {
  const [kind, body] = single(query as Record<string, unknown>);
  switch (kind) {
    case 'match_all':
      return true;
    case 'match_none':
      return false;
    case 'bool': {
      const list = (key: string) => (body[key] as DslQuery[] | undefined) ?? [];
      if (![...list('filter'), ...list('must')].every((q) => matchesDsl(q, doc, dateFields))) return false;
      if (list('must_not').some((q) => matchesDsl(q, doc, dateFields))) return false;
      const should = list('should');
      const minimum = (body['minimum_should_match'] as number | undefined) ?? (should.length > 0 ? 1 : 0);
      return should.filter((q) => matchesDsl(q, doc, dateFields)).length >= minimum;
    }
    case 'term': {
      const [field, spec] = single(body);
      let value = spec['value'] as string | number;
      if (typeof value === 'string' && field.endsWith(`.${CI_SUBFIELD}`)) value = asciiLower(value);
      return (doc.fields.get(field) ?? []).some((v) => v === value);
    }
    case 'terms': {
      const [field, values] = single(body) as unknown as [string, Array<string | number>];
      return (doc.fields.get(field) ?? []).some((v) => values.includes(v));
    }
    case 'wildcard': {
      const [field, spec] = single(body);
      let pattern = spec['value'] as string;
      if (field.endsWith(`.${CI_SUBFIELD}`)) pattern = asciiLower(pattern);
      const re = wildcardRegex(pattern, spec['case_insensitive'] === true);
      const values = field === 'summary' ? doc.summary : (doc.fields.get(field) ?? []);
      return values.some((v) => typeof v === 'string' && re.test(v));
    }
    case 'match_phrase': {
      const [field, spec] = single(body);
      if (field !== 'summary') throw new Error(`match_phrase on ${field} is not modelled`);
      const words = tokenize(String(spec['query'])).map((t) => t.toLowerCase());
      if (words.length === 0) return false;
      for (let i = 0; i + words.length <= doc.summary.length; i++) {
        if (words.every((w, j) => doc.summary[i + j] === w)) return true;
      }
      return false;
    }
    case 'range': {
      const [field, spec] = single(body);
      const values = doc.fields.get(field) ?? [];
      const isDate = dateFields.has(field);
      const bound = (b: unknown): string | number => (isDate ? Date.parse(String(b)) : (b as string | number));
      const cmp = (v: string | number, b: string | number): number =>
        typeof b === 'number' ? (v as number) - b : compareTerms(String(v), b);
      return values.some((v) => {
        if (typeof v !== (isDate ? 'number' : typeof bound(spec['gte'] ?? spec['gt'] ?? spec['lte'] ?? spec['lt']))) return false;
        if (spec['gte'] !== undefined && cmp(v, bound(spec['gte'])) < 0) return false;
        if (spec['gt'] !== undefined && cmp(v, bound(spec['gt'])) <= 0) return false;
        if (spec['lte'] !== undefined && cmp(v, bound(spec['lte'])) > 0) return false;
        if (spec['lt'] !== undefined && cmp(v, bound(spec['lt'])) >= 0) return false;
        return true;
      });
    }
    case 'exists': {
      const field = body['field'] as string;
      if (field === 'summary' && doc.summary.length > 0) return true;
      for (const [name, values] of doc.fields) {
        if ((name === field || name.startsWith(`${field}.`)) && values.length > 0) return true;
      }
      return false;
    }
    default:
      throw new Error(`query ${kind} is not modelled`);
  }
}

/** Top terms of a field, as a `terms` aggregation ordered by count then key: each value once per document. */
export function termsOf(docs: readonly ModelDocument[], field: string, size: number): Array<{ key: string; count: number }> {
  const counts = new Map<string, number>();
  for (const doc of docs) {
    for (const value of new Set((doc.fields.get(field) ?? []).map(String))) counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return [...counts]
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || compareTerms(a.key, b.key))
    .slice(0, size);
}
