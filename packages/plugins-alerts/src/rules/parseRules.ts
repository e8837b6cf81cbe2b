import { Ajv, type ErrorObject } from 'ajv';
import { VigilError } from '@vigil/core';
import { parseAllDocuments } from 'yaml';
import ruleSchema from '../../schemas/rule.schema.json';
import { defineRule, type RulePlugin } from './defineRule';
import type { RuleDefinition } from './RuleDefinition';

/** The JSON Schema of a YAML rule (also published as `schemas/rule.schema.json`). */
export const RULE_SCHEMA: object = ruleSchema;

const validate = new Ajv({ allErrors: true, strict: false }).compile(ruleSchema);

/** Errors under an if/then are reported twice by ajv (the branch and the failed `if`); keep the useful ones. */
function describe(errors: readonly ErrorObject[]): string[] {
  return errors
    .filter((e) => e.keyword !== 'if')
    .map((e) => {
      const extra = e.keyword === 'additionalProperties' ? ` '${String((e.params as { additionalProperty?: string }).additionalProperty)}'` : e.keyword === 'enum' ? ` ${JSON.stringify((e.params as { allowedValues?: unknown }).allowedValues)}` : '';
      return `${e.instancePath || '/'} ${e.message ?? 'is invalid'}${extra}`;
    });
}

/** A YAML rule document: a Vigil rule (has `detect`) or Sigma (has `detection` or `correlation`). */
export function isSigmaDocument(doc: unknown): boolean {
  return doc !== null && typeof doc === 'object' && ('detection' in doc || 'correlation' in doc || 'logsource' in doc);
}

/**
 * Parses Vigil rules from YAML sources (several `---` documents per source allowed), validates every document
 * against the rule JSON Schema and builds the plugins. Every problem in every document is reported at once.
 * @throws VigilError `RULE_INVALID` listing `<origin>#<doc> <path> <message>` for each problem.
 */
export function parseRules(sources: ReadonlyArray<{ text: string; origin: string }>): RulePlugin[] {
  const problems: string[] = [];
  const plugins: RulePlugin[] = [];
  const seen = new Map<string, string>();
  for (const { text, origin } of sources) {
    const docs = parseAllDocuments(text);
    const all = Array.isArray(docs) ? docs : [docs];
    all.forEach((d, i) => {
      const where = all.length > 1 ? `${origin}#${i + 1}` : origin;
      if (d.errors.length > 0) {
        problems.push(`${where}: YAML: ${d.errors.map((e) => e.message).join('; ')}`);
        return;
      }
      const doc: unknown = d.toJS();
      if (doc === null || doc === undefined) return;
      if (!validate(doc)) {
        for (const p of describe(validate.errors ?? [])) problems.push(`${where}: ${p}`);
        return;
      }
      const rule = doc as unknown as RuleDefinition;
      const dup = seen.get(rule.id);
      if (dup !== undefined) {
        problems.push(`${where}: rule id '${rule.id}' is already used by ${dup}`);
        return;
      }
      seen.set(rule.id, where);
      try {
        plugins.push(defineRule(rule));
      } catch (error) {
        problems.push(`${where}: ${(error as Error).message}`);
      }
    });
  }
  if (problems.length > 0) throw new VigilError('RULE_INVALID', `${problems.length} rule problem(s):\n- ${problems.join('\n- ')}`);
  return plugins;
}
