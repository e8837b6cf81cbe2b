import { compileQuery, type CompiledQuery } from './compileQuery';
import type { QueryNode } from './QueryNode';

const compiled = new WeakMap<QueryNode, CompiledQuery>();

/**
 * Whether `doc` (an event or an alert) matches `query`, with the same semantics as the stores
 * (docs/search.md). The compiled form is cached per query object; for a hot loop call {@link compileQuery}.
 */
export function matchesQuery(query: QueryNode, doc: object): boolean {
  let predicate = compiled.get(query);
  if (predicate === undefined) {
    predicate = compileQuery(query);
    compiled.set(query, predicate);
  }
  return predicate(doc);
}
