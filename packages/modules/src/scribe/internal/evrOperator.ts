import type { VersionOperator } from '../../pkg/versionFilter';

const OPERATORS: Record<string, VersionOperator> = {
  '<': '<', lt: '<', '<=': '<=', le: '<=', '=': '=', '==': '=', eq: '=', '>=': '>=', ge: '>=', '>': '>', gt: '>',
};

/** Scribe's evr operations (`<`, `>`, `=`) plus `<=`, `>=` and the word forms lt/le/eq/ge/gt. */
export function evrOperator(op: string): VersionOperator | null {
  return OPERATORS[op.trim().toLowerCase()] ?? null;
}
