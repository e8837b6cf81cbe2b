import type { SearchRequest } from '../../EventStore';
import { resolveQuery } from '../../internal/resolveSearchRequest';
import { type DslQuery, queryToDsl } from './queryToDsl';

/**
 * The DSL query of a search or aggregation request: its query (parsed if a string, fields resolved against
 * `topLevel`) and its `from`/`to` as an inclusive range on the `utctimestamp` date.
 * Throws QUERY_INVALID or TIME_INVALID.
 */
export function requestQuery(
  request: Omit<SearchRequest, 'size' | 'offset' | 'sort'>,
  topLevel: ReadonlySet<string>,
  dates: ReadonlySet<string>,
  now: Date = new Date(),
): DslQuery {
  const resolved = resolveQuery(request, topLevel, now);
  const dsl = queryToDsl(resolved.query, dates);
  const range: Record<string, string> = {};
  if (resolved.from !== undefined) range['gte'] = resolved.from;
  if (resolved.to !== undefined) range['lte'] = resolved.to;
  if (Object.keys(range).length === 0) return dsl;
  return { bool: { filter: [dsl, { range: { utctimestamp: { ...range, format: 'strict_date_optional_time' } } }] } };
}
