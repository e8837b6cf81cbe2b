import type { EnrichmentPlugin, Severity } from '@vigil/core';
import type { CompiledQuery } from '@vigil/core';
import { compileRule, safeMatch } from '../internal/compileRule';
import { addTag, markPlugin } from '../internal/eventFields';
import { validateOptions } from '../internal/validateOptions';

/** One rule of {@link tagByRule}. */
export interface TagRule {
  /** Events matching this query (Vigil query syntax) get the rule's tags and severity. */
  query: string;
  /** Tags to add. @default [] */
  tags?: string[];
  /** Severity to set. @default unchanged */
  severity?: Severity;
}

/** Options of {@link tagByRule}. */
export interface TagByRuleOptions {
  /** Rules, applied in order (a later rule's severity wins). */
  rules: TagRule[];
  /** Plugin priority (lower runs first); late, so rules see enriched fields. @default 95 */
  priority?: number;
}

const SEVERITIES = ['DEBUG', 'INFO', 'NOTICE', 'WARNING', 'ERROR', 'CRITICAL', 'ALERT', 'EMERGENCY'];
const SCHEMA = {
  type: 'object',
  properties: {
    rules: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        properties: {
          query: { type: 'string', minLength: 1 },
          tags: { type: 'array', items: { type: 'string', minLength: 1 } },
          severity: { enum: SEVERITIES },
        },
        required: ['query'],
        anyOf: [{ required: ['tags'] }, { required: ['severity'] }],
        additionalProperties: false,
      },
    },
    priority: { type: 'number' },
  },
  required: ['rules'],
  additionalProperties: false,
};

interface CompiledRule {
  match: CompiledQuery;
  tags: readonly string[];
  severity: Severity | undefined;
}

/** Adds tags and sets severity on events matching queries, e.g. `details.sourceipclass:public AND category:authentication`. */
export function tagByRule(options: TagByRuleOptions): EnrichmentPlugin {
  const opts = validateOptions('enrich:tagByRule', SCHEMA, options);
  const name = 'enrich:tagByRule';
  const rules: CompiledRule[] = opts.rules.map((rule, i) => ({
    match: compileRule(name, `rules[${i}].query`, rule.query),
    tags: rule.tags ?? [],
    severity: rule.severity,
  }));
  return {
    name,
    priority: opts.priority ?? 95,
    registration: () => true,
    enrich(event) {
      let changed = false;
      for (const rule of rules) {
        if (!safeMatch(rule.match, event)) continue;
        for (const tag of rule.tags) addTag(event, tag);
        if (rule.severity !== undefined) event.severity = rule.severity;
        changed = true;
      }
      if (changed) markPlugin(event, name);
      return event;
    },
  };
}
