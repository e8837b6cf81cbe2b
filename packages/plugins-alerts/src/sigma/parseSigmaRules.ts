import { VigilError } from '@vigil/core';
import { parseAllDocuments } from 'yaml';
import type { CompiledSigmaCorrelation, CompiledSigmaRule, SigmaRuleSet } from './CompiledSigmaRule';
import { compileSigmaCorrelation } from './compileSigmaCorrelation';
import { compileSigmaRule } from './compileSigmaRule';
import type { SigmaOptions } from './SigmaOptions';

/** A Sigma source: YAML text and where it came from (for messages). */
export interface SigmaSource {
  text: string;
  origin: string;
}

/**
 * Parses and compiles Sigma YAML (one or several `---` documents per source): detection rules first, then
 * correlation rules resolved against all of them. Every problem is collected and reported at once.
 * @throws VigilError `SIGMA_INVALID` listing each failing rule with its origin and the feature or error.
 */
export function parseSigmaRules(sources: string | readonly SigmaSource[], options: SigmaOptions = {}): SigmaRuleSet {
  const list = typeof sources === 'string' ? [{ text: sources, origin: 'sigma' }] : sources;
  const problems: string[] = [];
  let unsupported = false;
  const note = (where: string, error: unknown): void => {
    if (error instanceof VigilError && error.code === 'SIGMA_UNSUPPORTED') unsupported = true;
    problems.push(`${where}: ${(error as Error).message}`);
  };
  const rules: CompiledSigmaRule[] = [];
  const correlationDocs: Array<{ doc: unknown; origin: string }> = [];
  for (const { text, origin } of list) {
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
      const action = (doc as Record<string, unknown>)['action'];
      if (action !== undefined) {
        unsupported = true;
        problems.push(`${where}: Sigma rule collections ('action: ${String(action)}') are not supported; write whole rules`);
        return;
      }
      if ((doc as Record<string, unknown>)['correlation'] !== undefined) {
        correlationDocs.push({ doc, origin: where });
        return;
      }
      try {
        rules.push(compileSigmaRule(doc, options));
      } catch (error) {
        note(where, error);
      }
    });
  }
  const correlations: CompiledSigmaCorrelation[] = [];
  for (const { doc, origin } of correlationDocs) {
    try {
      correlations.push(compileSigmaCorrelation(doc, rules));
    } catch (error) {
      note(origin, error);
    }
  }
  if (problems.length > 0) {
    throw new VigilError(unsupported ? 'SIGMA_UNSUPPORTED' : 'SIGMA_INVALID', `${problems.length} Sigma problem(s):\n- ${problems.join('\n- ')}`);
  }
  return { rules, correlations };
}
