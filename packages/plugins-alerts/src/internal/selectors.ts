import { compileQuery, parseQuery, VigilError, type VigilEvent } from '@vigil/core';
import type { GroupBy, Where } from '../operators/StreamOptions';
import { compileFieldPath, keyOf } from './fieldPath';

/** Compiles a query string or passes a predicate through; `undefined` matches every event. */
export function toPredicate(where: Where | undefined, what = 'where'): (event: VigilEvent) => boolean {
  if (where === undefined) return () => true;
  if (typeof where === 'function') return where;
  const parsed = parseQuery(where);
  if (!parsed.ok) {
    throw new VigilError('RULE_INVALID', `${what}: query "${where}" is invalid at ${parsed.position}: ${parsed.reason}`);
  }
  return compileQuery(parsed.query) as (event: VigilEvent) => boolean;
}

/** Compiles a group-by into a key function; `undefined` groups every event under `*`. */
export function toKeyFn(groupBy: GroupBy | undefined): (event: VigilEvent) => string | undefined {
  if (groupBy === undefined) return () => '*';
  if (typeof groupBy === 'function') return groupBy;
  if (typeof groupBy === 'string') {
    const read = compileFieldPath(groupBy);
    return (event) => keyOf(read(event));
  }
  const readers = (groupBy as readonly string[]).map(compileFieldPath);
  return (event) => {
    const parts: string[] = [];
    for (const read of readers) {
      const k = keyOf(read(event));
      if (k === undefined) return undefined;
      parts.push(k);
    }
    return parts.join('|');
  };
}

/** Compiles a `where` only to check it (throws `RULE_INVALID` naming `what`). */
export function selectorsCheck(where: Where | undefined, what: string): void {
  toPredicate(where, what);
}
