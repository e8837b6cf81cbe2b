import { parseDuration, VigilError } from '@vigil/core';
import { oneLimit, type Limit } from '../internal/oneLimit';
import type { CompiledSigmaCorrelation, CompiledSigmaRule, SigmaFieldAlias } from './CompiledSigmaRule';
import { sigmaRuleLabel, sigmaSeverity } from './compileSigmaRule';

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const TYPES = ['event_count', 'value_count', 'value_sum', 'value_avg', 'temporal', 'temporal_ordered'] as const;

/**
 * The correlation's `aliases`: for each alias, the field it names in the events of each referenced rule (by its
 * `name`, `id` or title), as a Vigil path under that rule's mapping. Every referenced rule needs a field.
 */
function compileAliases(raw: unknown, rules: readonly CompiledSigmaRule[], fail: (code: 'SIGMA_INVALID', why: string) => never): Map<string, SigmaFieldAlias> {
  const out = new Map<string, SigmaFieldAlias>();
  if (raw === undefined) return out;
  if (!isRecord(raw)) return fail('SIGMA_INVALID', 'correlation.aliases must map alias names to {rule: field}');
  for (const [alias, byRule] of Object.entries(raw)) {
    if (!isRecord(byRule)) fail('SIGMA_INVALID', `alias '${alias}' must map rule names to fields`);
    const paths = new Map<CompiledSigmaRule, string>();
    for (const [ref, field] of Object.entries(byRule as Record<string, unknown>)) {
      const rule = rules.find((r) => r.name === ref || r.id === ref || r.title === ref) ?? fail('SIGMA_INVALID', `alias '${alias}' names rule '${ref}', which the correlation does not refer to`);
      if (typeof field !== 'string' || field === '') fail('SIGMA_INVALID', `alias '${alias}': the field for rule '${ref}' must be a field name`);
      paths.set(rule, rule.fieldPath(field as string));
    }
    for (const rule of rules) {
      if (!paths.has(rule)) fail('SIGMA_INVALID', `alias '${alias}' has no field for rule '${rule.name ?? rule.id}'`);
    }
    out.set(alias, { alias, paths });
  }
  return out;
}

/**
 * Compiles a Sigma correlation rule against the rules it refers to (by `name`, `id` or title) onto Vigil's
 * operators: event_count → threshold, value_count → valueCount, temporal → unordered sequence,
 * temporal_ordered → sequence, value_sum and value_avg → valueAggregate. Conditions: `gte`, or `gt` (as gte n+1
 * for the counts; as it is for sums and averages).
 * @throws VigilError `SIGMA_INVALID` / `SIGMA_UNSUPPORTED` naming the rule and the feature.
 */
export function compileSigmaCorrelation(doc: unknown, rules: readonly CompiledSigmaRule[]): CompiledSigmaCorrelation {
  const label = sigmaRuleLabel(doc);
  const fail = (code: 'SIGMA_INVALID' | 'SIGMA_UNSUPPORTED', why: string): never => {
    throw new VigilError(code, `${label}: ${why}`);
  };
  if (!isRecord(doc)) return fail('SIGMA_INVALID', 'not a YAML mapping');
  const title = str(doc['title']) ?? fail('SIGMA_INVALID', 'missing title');
  const c = doc['correlation'];
  if (!isRecord(c)) return fail('SIGMA_INVALID', 'missing correlation');
  for (const key of Object.keys(c)) {
    if (!['type', 'rules', 'group-by', 'timespan', 'timeframe', 'condition', 'generate', 'ordered', 'aliases'].includes(key)) fail('SIGMA_UNSUPPORTED', `feature 'correlation.${key}'`);
  }
  const type = c['type'];
  if (typeof type !== 'string' || !(TYPES as readonly string[]).includes(type)) return fail('SIGMA_UNSUPPORTED', `correlation type '${String(type)}'`);
  const refs = Array.isArray(c['rules']) ? c['rules'] : typeof c['rules'] === 'string' ? [c['rules']] : [];
  if (refs.length === 0) fail('SIGMA_INVALID', 'correlation.rules is empty');
  const resolved = refs.map((ref) => {
    const r = rules.find((rule) => rule.name === ref || rule.id === ref || rule.title === ref);
    return r ?? fail('SIGMA_INVALID', `correlation refers to unknown rule '${String(ref)}'`);
  });
  const span = str(c['timespan']) ?? str(c['timeframe']) ?? fail('SIGMA_INVALID', 'correlation.timespan is missing');
  const windowMs = parseDuration(span) ?? fail('SIGMA_UNSUPPORTED', `timespan '${span}' (use a number and s, m, h, d or w)`);
  const first = resolved[0] as CompiledSigmaRule;
  const groupByRaw = c['group-by'];
  const groupFields = Array.isArray(groupByRaw) ? groupByRaw : groupByRaw === undefined ? [] : [groupByRaw];
  const aliases = compileAliases(c['aliases'], resolved, fail);
  const groupBy = groupFields.map((f): string | SigmaFieldAlias =>
    typeof f === 'string' ? (aliases.get(f) ?? first.fieldPath(f)) : fail('SIGMA_INVALID', 'group-by entries must be field names'),
  );
  let count = 1;
  let field: string | undefined;
  let limit: Limit | undefined;
  const cond = c['condition'];
  const counted = type === 'event_count' || type === 'value_count';
  if (counted || type === 'value_sum' || type === 'value_avg') {
    if (!isRecord(cond)) return fail('SIGMA_INVALID', `${type} needs a condition such as {gte: 10}`);
    for (const op of Object.keys(cond)) {
      if (op !== 'gte' && op !== 'gt' && op !== 'field') fail('SIGMA_UNSUPPORTED', `condition operator '${op}' (only gte and gt)`);
    }
    const written = oneLimit(cond['gt'], cond['gte']) ?? fail('SIGMA_UNSUPPORTED', 'condition needs exactly one of gte or gt with a number');
    if (type !== 'event_count') field = first.fieldPath(str(cond['field']) ?? fail('SIGMA_INVALID', `${type} needs condition.field`));
    if (counted) {
      count = written.inclusive ? written.threshold : Math.floor(written.threshold) + 1;
      if (!(count >= 1)) fail('SIGMA_INVALID', 'condition count must be at least 1');
    } else {
      if (!Number.isFinite(written.threshold)) fail('SIGMA_UNSUPPORTED', 'condition needs exactly one of gte or gt with a number');
      limit = written;
    }
  } else if (cond !== undefined) fail('SIGMA_UNSUPPORTED', `a condition on ${type} correlations`);
  if ((type === 'temporal' || type === 'temporal_ordered') && resolved.length < 2) fail('SIGMA_INVALID', `${type} needs at least two rules`);
  const id = str(doc['id']) ?? title;
  const name = str(doc['name']);
  const level = str(doc['level']);
  const tags = Array.isArray(doc['tags']) ? doc['tags'].filter((t): t is string => typeof t === 'string') : [];
  return {
    kind: 'correlation',
    id,
    title,
    ...(name === undefined ? {} : { name }),
    ...(level === undefined ? {} : { level }),
    severity: sigmaSeverity(level),
    tags,
    type: type as CompiledSigmaCorrelation['type'],
    rules: resolved,
    groupBy,
    windowMs,
    count,
    ...(field === undefined ? {} : { field }),
    ...(limit === undefined ? {} : { limit }),
    generate: doc['generate'] === true || c['generate'] === true,
  };
}
