import type { EnrichmentPlugin } from '@vigil/core';
import { compileRule, safeMatch } from '../internal/compileRule';
import { validateOptions } from '../internal/validateOptions';

/** Options of {@link dropMatching}. */
export interface DropMatchingOptions {
  /** Events matching any of these queries (Vigil query syntax) are dropped. */
  queries: string[];
  /** Plugin priority (lower runs first). @default 3 */
  priority?: number;
}

const SCHEMA = {
  type: 'object',
  properties: {
    queries: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
    priority: { type: 'number' },
  },
  required: ['queries'],
  additionalProperties: false,
};

/** Drops (returns `null` for) events that match any of the given queries, e.g. noisy cron lines. */
export function dropMatching(options: DropMatchingOptions): EnrichmentPlugin {
  const opts = validateOptions('enrich:dropMatching', SCHEMA, options);
  const matchers = opts.queries.map((q, i) => compileRule('enrich:dropMatching', `queries[${i}]`, q));
  return {
    name: 'enrich:dropMatching',
    priority: opts.priority ?? 3,
    registration: () => true,
    enrich(event) {
      for (const match of matchers) if (safeMatch(match, event)) return null;
      return event;
    },
  };
}
