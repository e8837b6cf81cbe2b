import type { EnrichmentPlugin, VigilEvent } from '@vigil/core';
import { detailsOf, isRecord, markPlugin } from '../internal/eventFields';
import { validateOptions } from '../internal/validateOptions';

/** Options of {@link lowercaseKeys}. */
export interface LowercaseKeysOptions {
  /** Plugin priority (lower runs first); after the parsers, which read each source's own casing. @default 55 */
  priority?: number;
  /** How deep into nested objects of `details` keys are lower-cased (1 = only details' own keys). @default 8 */
  depth?: number;
}

const SCHEMA = {
  type: 'object',
  properties: { priority: { type: 'number' }, depth: { type: 'integer', minimum: 1, maximum: 64 } },
  additionalProperties: false,
};

function hasUpper(key: string): boolean {
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (c >= 65 && c <= 90) return true;
  }
  return false;
}

/** Lower-cases one object's keys, returning it or a rebuilt copy (key order and fast properties kept). */
function lowerKeys(node: Record<string, unknown>, depth: number, changed: { value: boolean }): Record<string, unknown> {
  let upper = false;
  for (const key in node) {
    if (!Object.hasOwn(node, key)) continue;
    const value = node[key];
    if (depth > 1) {
      if (isRecord(value)) {
        const fixed = lowerKeys(value, depth - 1, changed);
        if (fixed !== value) node[key] = fixed;
      } else if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          const item: unknown = value[i];
          if (isRecord(item)) {
            const fixed = lowerKeys(item, depth - 1, changed);
            if (fixed !== item) value[i] = fixed;
          }
        }
      }
    }
    if (!upper && hasUpper(key)) upper = true;
  }
  if (!upper) return node;
  const out: Record<string, unknown> = {};
  for (const key in node) {
    if (!Object.hasOwn(node, key)) continue;
    let target = key;
    if (hasUpper(key)) {
      const lowered = key.toLowerCase();
      // On a collision the key that is already lower-case wins and the other keeps its case.
      if (lowered !== '__proto__' && !Object.hasOwn(node, lowered)) {
        target = lowered;
        changed.value = true;
      }
    }
    if (target === '__proto__') Object.defineProperty(out, target, { value: node[key], enumerable: true, writable: true, configurable: true });
    else out[target] = node[key];
  }
  return out;
}

/**
 * Lower-cases the keys of `details` (and nested objects, up to `depth`), as MozDef stores them, so
 * `sourceIPAddress` and `sourceipaddress` are one field. On a collision the lower-case key wins.
 */
export function lowercaseKeys(options?: LowercaseKeysOptions): EnrichmentPlugin {
  const opts = validateOptions('enrich:lowercaseKeys', SCHEMA, options);
  const name = 'enrich:lowercaseKeys';
  const depth = opts.depth ?? 8;
  return {
    name,
    priority: opts.priority ?? 55,
    registration: (event: VigilEvent) => isRecord(event.details),
    enrich(event) {
      const changed = { value: false };
      const details = detailsOf(event);
      const fixed = lowerKeys(details, depth, changed);
      if (fixed !== details) event.details = fixed;
      if (changed.value) markPlugin(event, name);
      return event;
    },
  };
}
