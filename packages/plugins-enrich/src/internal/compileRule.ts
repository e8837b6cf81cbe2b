import { compileQuery, parseQuery } from '@vigil/core';
import type { CompiledQuery } from '@vigil/core';
import { EnrichError } from '../EnrichError';

/** Parses and compiles a query once, at plugin construction; a bad query is a configuration error. */
export function compileRule(plugin: string, option: string, query: string): CompiledQuery {
  const parsed = parseQuery(query);
  if (!parsed.ok) {
    throw new EnrichError(
      'ENRICH_OPTIONS_INVALID',
      `${plugin}: ${option} is not a valid query (${parsed.reason} at position ${parsed.position}): ${JSON.stringify(query)}. ` +
        'Fix the query syntax (see docs/search.md), e.g. `category:syslog AND details.program:cron`.',
    );
  }
  return compileQuery(parsed.query);
}

/** Runs a compiled query without letting an odd event escape as an exception. */
export function safeMatch(match: CompiledQuery, doc: object): boolean {
  try {
    return match(doc);
  } catch {
    return false;
  }
}
