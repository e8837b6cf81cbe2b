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

const UPPER = /[A-Z]/;

function lowerKeys(node: Record<string, unknown>, depth: number): boolean {
  let changed = false;
  for (const key of Object.keys(node)) {
    const value = node[key];
    if (depth > 1) {
      if (isRecord(value)) changed = lowerKeys(value, depth - 1) || changed;
      else if (Array.isArray(value)) {
        for (const item of value) if (isRecord(item)) changed = lowerKeys(item, depth - 1) || changed;
      }
    }
    if (!UPPER.test(key)) continue;
    const lowered = key.toLowerCase();
    // On a collision the key that is already lower-case wins and the other keeps its case.
    if (Object.hasOwn(node, lowered) || lowered === '__proto__') continue;
    node[lowered] = value;
    delete node[key];
    changed = true;
  }
  return changed;
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
      if (lowerKeys(detailsOf(event), depth)) markPlugin(event, name);
      return event;
    },
  };
}
