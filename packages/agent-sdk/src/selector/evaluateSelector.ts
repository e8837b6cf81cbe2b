import type { SelectorLiteral, SelectorNode } from './parseSelector';

function lookup(environment: Readonly<Record<string, unknown>>, field: string): unknown {
  let value: unknown = environment;
  for (const part of field.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function candidates(value: unknown): SelectorLiteral[] {
  const list = Array.isArray(value) ? value : [value];
  return list.filter((v): v is SelectorLiteral => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean');
}

function equals(actual: SelectorLiteral, expected: SelectorLiteral): boolean {
  if (actual === expected) return true;
  // Numbers written in a selector match numeric strings in the environment and the reverse.
  if (typeof actual === 'number' || typeof expected === 'number') return String(actual) === String(expected);
  return false;
}

/**
 * Evaluates a parsed selector against an agent's environment (`os`, `hostname`, `tags.env`, …).
 * Dotted fields walk nested objects; a field holding a list (e.g. `addresses`) matches when any
 * element does. A missing field never equals anything, so `!=` on it is true.
 */
export function evaluateSelector(selector: SelectorNode, environment: Readonly<Record<string, unknown>>): boolean {
  switch (selector.kind) {
    case 'literal':
      return selector.value;
    case 'and':
      return evaluateSelector(selector.left, environment) && evaluateSelector(selector.right, environment);
    case 'or':
      return evaluateSelector(selector.left, environment) || evaluateSelector(selector.right, environment);
    case 'not':
      return !evaluateSelector(selector.operand, environment);
    case 'compare': {
      const found = candidates(lookup(environment, selector.field)).some((v) => equals(v, selector.value));
      return selector.op === '==' ? found : !found;
    }
    case 'match':
      return candidates(lookup(environment, selector.field)).some((v) => {
        selector.pattern.lastIndex = 0;
        return selector.pattern.test(String(v));
      });
    case 'in':
      return candidates(lookup(environment, selector.field)).some((v) => selector.values.some((e) => equals(v, e)));
  }
}
