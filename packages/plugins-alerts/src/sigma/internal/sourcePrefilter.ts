import { parseQuery, type QueryNode } from '@vigil/core';
import { lower } from './glob';
import { pathReader } from './specialize';

type Test = (e: object) => boolean;

/**
 * A cheap necessary condition for a logsource query: for each plain `field:word` term (letters and digits only) it ANDs, a string field
 * value must contain the word (case-insensitively). Whatever the exact term semantics, a value without the word
 * cannot match, so most events of other logsources are turned away before the full query runs. Non-string values
 * pass through to the full query. Returns undefined when the query has no such term.
 */
export function sourcePrefilter(condition: string): Test | undefined {
  const parsed = parseQuery(condition);
  if (!parsed.ok) return undefined;
  const terms: Array<{ field: string; word: string }> = [];
  const visit = (node: QueryNode): void => {
    if (node.type === 'and') node.clauses.forEach(visit);
    else if (node.type === 'term' && node.field !== null && /^[A-Za-z0-9]+$/.test(node.value)) terms.push({ field: node.field, word: node.value.toLowerCase() });
  };
  visit(parsed.query);
  if (terms.length === 0) return undefined;
  const checks = terms.map(({ field, word }) => {
    const read = pathReader(field);
    return (e: object): boolean => {
      const v = read(e);
      return typeof v !== 'string' || lower(v).includes(word);
    };
  });
  return checks.length === 1 ? (checks[0] as Test) : (e) => checks.every((c) => c(e));
}
