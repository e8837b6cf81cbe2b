import { readRuleFiles } from '../internal/readRuleFiles';
import type { SigmaRuleSet } from './CompiledSigmaRule';
import { parseSigmaRules } from './parseSigmaRules';
import type { SigmaOptions } from './SigmaOptions';

/** Loads Sigma rules from files or directories (recursive, .yml/.yaml); see {@link parseSigmaRules}. */
export function loadSigmaRules(paths: string | readonly string[], options: SigmaOptions = {}): SigmaRuleSet {
  return parseSigmaRules(readRuleFiles(paths), options);
}
