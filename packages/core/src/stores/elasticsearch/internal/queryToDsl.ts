import type { estypes } from '@elastic/elasticsearch';
import { VigilError } from '../../../errors/VigilError';
import { isFullText } from '../../../query/compileQuery';
import { isFieldPath } from '../../../query/internal/fieldPath';
import {
  asciiLower,
  isNumericLiteral,
  phraseSource,
  isWordPattern,
  splitPattern,
  type PatternPart,
} from '../../../query/internal/text';
import type { QueryNode } from '../../../query/QueryNode';

/** A query of the Elasticsearch Query DSL. */
export type DslQuery = NonNullable<estypes.SearchRequest['query']>;

/**
 * Where one logical field lives in the index (see `indexTemplates.ts`): `exact` holds the value as written
 * (ranges on strings, terms aggregations), `ci` the ASCII-lower-cased keyword (terms and wildcards), `num` the
 * value as a double when it is a number or a numeric string (numeric terms and ranges).
 */
export interface FieldPlan {
  readonly exact: string;
  readonly ci: string;
  readonly num: string | null;
}

/** Sub-field holding the ASCII-lower-cased keyword. */
export const CI_SUBFIELD = 'ci';
/** Sub-field holding the value as a double. */
export const NUM_SUBFIELD = 'num';
/** Sub-field of a timestamp (a `date`) holding the string as written. */
export const RAW_SUBFIELD = 'raw';

/** Deepest query tree translated. */
const MAX_DEPTH = 64;

/** Where a resolved field path lives, given the fields mapped as `date`. */
export function planField(field: string, dateFields: ReadonlySet<string>): FieldPlan {
  if (!isFieldPath(field)) {
    throw new VigilError(
      'QUERY_INVALID',
      `'${field}' is not a field name: use letters, digits, '_', '@' and '-', with '.' between parts`,
    );
  }
  if (dateFields.has(field)) {
    return { exact: `${field}.${RAW_SUBFIELD}`, ci: `${field}.${CI_SUBFIELD}`, num: null };
  }
  if (field === 'summary') return { exact: 'summary.keyword', ci: `summary.keyword`, num: null };
  return { exact: field, ci: `${field}.${CI_SUBFIELD}`, num: `${field}.${NUM_SUBFIELD}` };
}

const MATCH_NONE: DslQuery = { match_none: {} };
const MATCH_ALL: DslQuery = { match_all: {} };

/**
 * Translates a query into the Query DSL with the semantics of docs/search.md: full text on `summary` (analysed
 * like SQLite's `unicode61`), keyword terms and wildcards on the ASCII-case-folded sub-field, numeric terms and
 * ranges on the double sub-field, string ranges on the exact keyword. No `query_string`: values are never
 * parsed again by Elasticsearch. Clauses go in `filter` (no scoring: results are sorted by time).
 */
export function queryToDsl(query: QueryNode, dateFields: ReadonlySet<string>): DslQuery {
  return translate(query, dateFields, 0);
}

function translate(node: QueryNode, dateFields: ReadonlySet<string>, depth: number): DslQuery {
  if (depth > MAX_DEPTH) throw new VigilError('QUERY_INVALID', `query nests deeper than ${MAX_DEPTH} levels; simplify it`);
  switch (node.type) {
    case 'match_all':
      return MATCH_ALL;
    case 'and':
      if (node.clauses.length === 0) return MATCH_ALL;
      return { bool: { filter: node.clauses.map((c) => translate(c, dateFields, depth + 1)) } };
    case 'or':
      if (node.clauses.length === 0) return MATCH_NONE;
      return {
        bool: { should: node.clauses.map((c) => translate(c, dateFields, depth + 1)), minimum_should_match: 1 },
      };
    case 'not':
      return { bool: { must_not: [translate(node.clause, dateFields, depth + 1)] } };
    case 'term':
    case 'phrase': {
      if (isFullText(node.field)) {
        return phraseSource(node.value) === null ? MATCH_NONE : { match_phrase: { summary: { query: node.value } } };
      }
      const field = node.field as string;
      const plan = planField(field, dateFields);
      if (field === 'id') return { term: { [plan.exact]: { value: node.value } } };
      const ci: DslQuery = { term: { [plan.ci]: { value: asciiLower(node.value) } } };
      if (plan.num === null || !isNumericLiteral(node.value)) return ci;
      return {
        bool: { should: [ci, { term: { [plan.num]: { value: Number(node.value) } } }], minimum_should_match: 1 },
      };
    }
    case 'wildcard': {
      const parts = splitPattern(node.pattern);
      if (isFullText(node.field)) {
        if (!isWordPattern(parts)) return MATCH_NONE;
        return { wildcard: { summary: { value: lucenePattern(parts, false), case_insensitive: true } } };
      }
      const plan = planField(node.field as string, dateFields);
      return { wildcard: { [plan.ci]: { value: lucenePattern(parts, true) } } };
    }
    case 'range':
      return rangeDsl(node, planField(node.field, dateFields));
    case 'exists':
      planField(node.field, dateFields);
      return { exists: { field: node.field } };
  }
}

/** A Lucene wildcard pattern: `*` and `?` kept, literal `*`, `?` and `\` escaped; ASCII lower-cased if asked. */
function lucenePattern(parts: readonly PatternPart[], lower: boolean): string {
  let value = '';
  for (const part of parts) {
    if (part.kind === 'star') value += '*';
    else if (part.kind === 'one') value += '?';
    else value += (lower ? asciiLower(part.text) : part.text).replace(/[*?\\]/g, '\\$&');
  }
  return value;
}

type RangeOp = 'gte' | 'gt' | 'lte' | 'lt';

function rangeDsl(node: Extract<QueryNode, { type: 'range' }>, plan: FieldPlan): DslQuery {
  const numeric: Partial<Record<RangeOp, number>> = {};
  const text: Partial<Record<RangeOp, string>> = {};
  let bounds = 0;
  for (const op of ['gte', 'gt', 'lte', 'lt'] as const) {
    const bound = node[op];
    if (bound === undefined) continue;
    bounds++;
    if (typeof bound === 'number') {
      if (!Number.isFinite(bound)) throw new VigilError('QUERY_INVALID', 'range bounds must be finite numbers');
      numeric[op] = bound;
    } else {
      text[op] = bound;
    }
  }
  if (bounds === 0) return { exists: { field: node.field } };
  const clauses: DslQuery[] = [];
  if (Object.keys(numeric).length > 0) {
    // A field without a numeric form (timestamps) holds no decimal literal, so a numeric bound matches nothing.
    if (plan.num === null) return MATCH_NONE;
    clauses.push({ range: { [plan.num]: numeric } });
  }
  if (Object.keys(text).length > 0) clauses.push({ range: { [plan.exact]: text } });
  return clauses.length === 1 ? (clauses[0] as DslQuery) : { bool: { filter: clauses } };
}
