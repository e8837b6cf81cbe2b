import { VigilError } from '../../errors/VigilError';
import { parseQuery } from '../../query/parseQuery';
import { parseTimeExpression } from '../../query/parseTimeExpression';
import type { QueryNode } from '../../query/QueryNode';
import type { SearchRequest } from '../EventStore';

/** A search request's query as a node, and its time range as ISO instants, the same for every store. */
export interface ResolvedQuery {
  query: QueryNode;
  from: string | undefined;
  to: string | undefined;
}

/**
 * Resolves the store-independent part of a request: parses a query string (fields resolved against
 * `topLevel`) and reads `from`/`to` (ISO-8601 or relative). Throws QUERY_INVALID or TIME_INVALID.
 */
export function resolveQuery(request: Omit<SearchRequest, 'size' | 'offset' | 'sort'>, topLevel: ReadonlySet<string>, now: Date = new Date()): ResolvedQuery {
  let query: QueryNode = { type: 'match_all' };
  if (typeof request.query === 'string') {
    const parsed = parseQuery(request.query, { topLevelFields: topLevel });
    if (!parsed.ok) throw new VigilError('QUERY_INVALID', `bad query at position ${parsed.position}: ${parsed.reason}`);
    query = parsed.query;
  } else if (request.query !== undefined) {
    query = request.query;
  }
  const time = (bound: string | undefined): string | undefined => {
    if (bound === undefined) return undefined;
    const parsed = parseTimeExpression(bound, now);
    if (parsed === null) throw new VigilError('TIME_INVALID', `'${bound}' is not a time: use ISO-8601 or now-15m, now-1h, now-7d`);
    return parsed.toISOString();
  };
  return { query, from: time(request.from), to: time(request.to) };
}

/** Checks a request's paging against a store's result window. Throws QUERY_INVALID. */
export function resolvePaging(request: SearchRequest, maxResultWindow: number): { size: number; offset: number; order: 'asc' | 'desc' } {
  const size = request.size ?? 100;
  const offset = request.offset ?? 0;
  if (!Number.isInteger(size) || size < 0 || !Number.isInteger(offset) || offset < 0) {
    throw new VigilError('QUERY_INVALID', 'size and offset must be non-negative integers');
  }
  if (size + offset > maxResultWindow) {
    throw new VigilError('QUERY_INVALID', `size + offset must not exceed ${maxResultWindow}; narrow the time range instead`);
  }
  return { size, offset, order: request.sort === 'asc' ? 'asc' : 'desc' };
}
