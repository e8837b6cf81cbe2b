import { VigilError, type Severity, type VigilEvent } from '@vigil/core';
import { toPredicate } from '../internal/selectors';
import type { CompiledSigmaRule } from './CompiledSigmaRule';
import { DEFAULT_SIGMA_MAPPINGS } from './defaultSigmaMappings';
import { ConditionError, parseCondition, type ConditionNode } from './internal/condition';
import { compileFieldMatcher, UnsupportedError, type MatcherContext, type Reader } from './internal/fieldMatcher';
import { compileGlob } from './internal/glob';
import { sourcePrefilter } from './internal/sourcePrefilter';
import { allOf, anyOf, notOf, pathReader } from './internal/specialize';
import type { SigmaLogsource, SigmaOptions } from './SigmaOptions';

type Test = (event: object) => boolean;

const LEVELS: Readonly<Record<string, Severity>> = {
  informational: 'INFO',
  low: 'NOTICE',
  medium: 'WARNING',
  high: 'ERROR',
  critical: 'CRITICAL',
};

/** Sigma level → RFC 5424 severity (unknown or absent → WARNING). */
export function sigmaSeverity(level: unknown): Severity {
  return (typeof level === 'string' ? LEVELS[level.toLowerCase()] : undefined) ?? 'WARNING';
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** A rule's display name in errors: `"title" (id)`. */
export function sigmaRuleLabel(doc: unknown): string {
  const d = isRecord(doc) ? doc : {};
  const title = str(d['title']) ?? '(untitled)';
  const id = str(d['id']);
  return id === undefined ? `Sigma rule "${title}"` : `Sigma rule "${title}" (${id})`;
}

/** Applies the mappings that match a logsource: merged fields and the ANDed logsource conditions. */
export function resolveMapping(logsource: SigmaLogsource, options: SigmaOptions): { fields: Record<string, string>; conditions: string[] } {
  const fields: Record<string, string> = {};
  const conditions: string[] = [];
  for (const mapping of options.mappings ?? DEFAULT_SIGMA_MAPPINGS) {
    const want = mapping.logsource ?? {};
    const applies = (['product', 'service', 'category'] as const).every((k) => want[k] === undefined || want[k] === logsource[k]);
    if (!applies) continue;
    Object.assign(fields, mapping.fields ?? {});
    if (mapping.condition !== undefined) conditions.push(mapping.condition);
  }
  return { fields, conditions };
}

/**
 * Compiles one Sigma rule (a parsed YAML document) ONCE into a fast predicate, mapping fields by its logsource.
 * @throws VigilError `SIGMA_INVALID` (malformed) or `SIGMA_UNSUPPORTED` (a feature Vigil cannot run), naming the rule.
 */
export function compileSigmaRule(doc: unknown, options: SigmaOptions = {}): CompiledSigmaRule {
  const label = sigmaRuleLabel(doc);
  const fail = (code: 'SIGMA_INVALID' | 'SIGMA_UNSUPPORTED', why: string): never => {
    throw new VigilError(code, `${label}: ${why}`);
  };
  if (!isRecord(doc)) return fail('SIGMA_INVALID', 'not a YAML mapping');
  const title = str(doc['title']) ?? fail('SIGMA_INVALID', 'missing title');
  const logsourceRaw = doc['logsource'];
  if (!isRecord(logsourceRaw)) return fail('SIGMA_INVALID', 'missing logsource');
  const logsource: SigmaLogsource = {};
  for (const k of ['product', 'service', 'category'] as const) {
    const v = str(logsourceRaw[k]);
    if (v !== undefined) logsource[k] = v;
  }
  const detection = doc['detection'];
  if (!isRecord(detection)) return fail('SIGMA_INVALID', 'missing detection');
  if (detection['timeframe'] !== undefined) fail('SIGMA_UNSUPPORTED', "feature 'detection.timeframe' (deprecated; use a correlation rule)");

  const mapping = resolveMapping(logsource, options);
  const fieldPath = (field: string): string => {
    const mapped = mapping.fields[field];
    if (mapped !== undefined) return mapped;
    if (field.startsWith('details.')) return field;
    if (options.unmappedFields === 'error') fail('SIGMA_UNSUPPORTED', `field '${field}' has no mapping for logsource ${JSON.stringify(logsource)}`);
    return `details.${field}`;
  };
  const readers = new Map<string, Reader>();
  const ctx: MatcherContext = {
    reader(field) {
      let r = readers.get(field);
      if (r === undefined) {
        // A path with capitals falls back to lower case (pathReader): lowercaseKeys writes `details` keys in lower
        // case, so an unmapped `ParentUser` arrives as `details.parentuser`.
        r = pathReader(fieldPath(field));
        readers.set(field, r);
      }
      return r;
    },
    placeholders: options.placeholders ?? {},
  };
  const keywordReaders = (options.keywordFields ?? ['summary']).map(pathReader);
  const keywordTest = (values: unknown[]): Test => {
    const tests = values.map((v) => {
      if (typeof v !== 'string' && typeof v !== 'number') fail('SIGMA_UNSUPPORTED', `keyword ${JSON.stringify(v)} is not a string or number`);
      return compileGlob(`*${String(v)}*`, false);
    });
    return (event) => {
      for (const read of keywordReaders) {
        const text = read(event);
        if (typeof text !== 'string') continue;
        for (const t of tests) if (t(text)) return true;
      }
      return false;
    };
  };
  const mapTest = (entries: Record<string, unknown>): Test => {
    return allOf(Object.entries(entries).map(([key, value]) => compileFieldMatcher(key, value, ctx, keywordReaders)));
  };

  const selections = new Map<string, Test>();
  try {
    for (const [name, def] of Object.entries(detection)) {
      if (name === 'condition') continue;
      let test: Test;
      if (isRecord(def)) test = mapTest(def);
      else if (Array.isArray(def)) {
        if (def.length === 0) fail('SIGMA_INVALID', `selection '${name}' is an empty list`);
        if (def.every(isRecord)) {
          test = anyOf((def as Array<Record<string, unknown>>).map(mapTest));
        } else if (def.every((v) => !isRecord(v) && !Array.isArray(v))) test = keywordTest(def);
        else return fail('SIGMA_UNSUPPORTED', `selection '${name}' mixes maps and keywords`);
      } else if (typeof def === 'string' || typeof def === 'number') test = keywordTest([def]);
      else return fail('SIGMA_INVALID', `selection '${name}' is neither a map, a list nor a keyword`);
      selections.set(name, test);
    }
  } catch (error) {
    if (error instanceof UnsupportedError) fail('SIGMA_UNSUPPORTED', error.message);
    throw error;
  }

  const rawCondition = detection['condition'];
  const conditionTexts = typeof rawCondition === 'string' ? [rawCondition] : Array.isArray(rawCondition) && rawCondition.every((c) => typeof c === 'string') ? (rawCondition as string[]) : [];
  if (conditionTexts.length === 0) fail('SIGMA_INVALID', 'missing detection.condition');
  const compileNode = (node: ConditionNode): Test => {
    switch (node.type) {
      case 'ref': {
        const t = selections.get(node.name);
        if (t === undefined) return fail('SIGMA_INVALID', `condition refers to unknown selection '${node.name}'`);
        return t;
      }
      case 'not':
        return notOf(compileNode(node.clause));
      case 'and':
        return allOf(node.clauses.map(compileNode));
      case 'or':
        return anyOf(node.clauses.map(compileNode));
      case 'of': {
        const names = [...selections.keys()].filter((n) =>
          node.pattern === 'them' ? !n.startsWith('_') : compileGlob(node.pattern, true)(n),
        );
        if (names.length === 0) fail('SIGMA_INVALID', `'${node.pattern}' matches no selection`);
        const parts = names.map((n) => selections.get(n) as Test);
        return node.quantifier === 'all' ? allOf(parts) : anyOf(parts);
      }
    }
  };
  let detect: Test;
  try {
    const parts = conditionTexts.map((c) => compileNode(parseCondition(c)));
    detect = anyOf(parts);
  } catch (error) {
    if (error instanceof ConditionError) return fail('SIGMA_UNSUPPORTED', error.message);
    throw error;
  }
  let source: Test | undefined;
  const sourceCondition = mapping.conditions.map((c) => `(${c})`).join(' AND ');
  if (mapping.conditions.length > 0) {
    try {
      const full = toPredicate(sourceCondition, `${label}: logsource condition`) as Test;
      const quick = sourcePrefilter(sourceCondition);
      source = quick === undefined ? full : allOf([quick, full]);
    } catch (error) {
      return fail('SIGMA_INVALID', (error as Error).message);
    }
  }
  const test = source === undefined ? detect : allOf([source, detect]);
  const tags = Array.isArray(doc['tags']) ? doc['tags'].filter((t): t is string => typeof t === 'string') : [];
  const id = str(doc['id']) ?? title;
  const name = str(doc['name']);
  const level = str(doc['level']);
  return {
    kind: 'rule',
    id,
    title,
    ...(name === undefined ? {} : { name }),
    ...(level === undefined ? {} : { level }),
    severity: sigmaSeverity(level),
    tags,
    logsource,
    test: test as (event: VigilEvent) => boolean,
    sourceCondition,
    source: (source ?? (() => true)) as (event: VigilEvent) => boolean,
    detect: detect as (event: VigilEvent) => boolean,
    fieldPath,
  };
}
