import type { CorrelationPlugin } from '@vigil/core';
import { parseAllDocuments } from 'yaml';
import { readRuleFiles } from '../internal/readRuleFiles';
import { parseSigmaRules } from '../sigma/parseSigmaRules';
import type { SigmaOptions } from '../sigma/SigmaOptions';
import { sigmaRules, type SigmaRulesOptions } from '../sigma/sigmaRules';
import { isSigmaDocument, parseRules } from './parseRules';

/** Options of {@link loadRules}. */
export interface LoadRulesOptions {
  /** How Sigma rules found among the files are compiled (field mappings, placeholders). */
  sigma?: SigmaOptions & SigmaRulesOptions;
}

/**
 * Loads rules from YAML files or directories (recursive, .yml/.yaml): Vigil rules (validated against
 * `schemas/rule.schema.json`) become one plugin each; Sigma rules and correlations found among them become one
 * `alerts:sigma` plugin. All problems are reported at once.
 * @throws VigilError `RULE_INVALID`, `SIGMA_INVALID` or `SIGMA_UNSUPPORTED`.
 */
export function loadRules(paths: string | readonly string[], options: LoadRulesOptions = {}): CorrelationPlugin[] {
  const files = readRuleFiles(paths);
  const vigil: Array<{ text: string; origin: string }> = [];
  const sigma: Array<{ text: string; origin: string }> = [];
  for (const file of files) {
    const docs = parseAllDocuments(file.text);
    const first = (Array.isArray(docs) ? docs : [docs])[0];
    const doc: unknown = first !== undefined && first.errors.length === 0 ? first.toJS() : undefined;
    (isSigmaDocument(doc) ? sigma : vigil).push(file);
  }
  const plugins: CorrelationPlugin[] = parseRules(vigil);
  if (sigma.length > 0) plugins.push(sigmaRules(parseSigmaRules(sigma, options.sigma ?? {}), options.sigma ?? {}));
  return plugins;
}
