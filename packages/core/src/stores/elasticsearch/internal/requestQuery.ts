import { VigilError } from '../../../errors/VigilError';
import { parseQuery } from '../../../query/parseQuery';
import { parseTimeExpression } from '../../../query/parseTimeExpression';
import type { QueryNode } from '../../../query/QueryNode';
import type { SearchRequest } from '../../EventStore';
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
  let query: QueryNode = { type: 'match_all' };
  if (typeof request.query === 'string') {
    const parsed = parseQuery(request.query, { topLevelFields: topLevel });
    if (!parsed.ok) throw new VigilError('QUERY_INVALID', `bad query at position ${parsed.position}: ${parsed.reason}`);
    query = parsed.query;
  } else if (request.query !== undefined) {
    query = request.query;
  }
  const dsl = queryToDsl(query, dates);
  const range: Record<string, string> = {};
  for (const [bound, op] of [
    [request.from, 'gte'],
    [request.to, 'lte'],
  ] as const) {
    if (bound === undefined) continue;
    const time = parseTimeExpression(bound, now);
    if (time === null) {
      throw new VigilError('TIME_INVALID', `'${bound}' is not a time: use ISO-8601 or now-15m, now-1h, now-7d`);
    }
    range[op] = time.toISOString();
  }
  if (Object.keys(range).length === 0) return dsl;
  return { bool: { filter: [dsl, { range: { utctimestamp: { ...range, format: 'strict_date_optional_time' } } }] } };
}
