import type { EnrichmentPlugin, VigilEvent } from '@vigil/core';
import { detailsOf, isRecord, markPlugin } from '../internal/eventFields';
import { KeyMemo } from '../internal/KeyMemo';
import { ObjectBuilder } from '../internal/ObjectBuilder';
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

const hasOwn = Object.prototype.hasOwnProperty;

/** Keys with an ASCII capital → lower-cased; others → themselves. */
const lowered = new KeyMemo((key) => (hasUpper(key) ? key.toLowerCase() : key));

/**
 * One walk runs at a time (the hook is synchronous): `renamed` records whether it renamed a key, and `builder`
 * makes the rebuilt objects (a parent is rebuilt only after its children are).
 */
let renamed = false;
const builder = new ObjectBuilder();

function lowerItems(list: unknown[], depth: number): void {
  for (let i = 0; i < list.length; i++) {
    const item: unknown = list[i];
    if (isRecord(item)) {
      const fixed = lowerKeys(item, depth);
      if (fixed !== item) list[i] = fixed;
    }
  }
}

/**
 * Lower-cases one object's keys, returning it or a rebuilt copy (key order and fast properties kept).
 * for…in with hasOwnProperty.call is the walk V8 optimizes best (its enum cache, no key array per object).
 */
function lowerKeys(node: Record<string, unknown>, depth: number): Record<string, unknown> {
  let upper = false;
  for (const key in node) {
    if (!hasOwn.call(node, key)) continue;
    if (depth > 1) {
      const value = node[key];
      if (typeof value === 'object' && value !== null) {
        if (Array.isArray(value)) lowerItems(value, depth - 1);
        else {
          const fixed = lowerKeys(value as Record<string, unknown>, depth - 1);
          if (fixed !== value) node[key] = fixed;
        }
      }
    }
    if (!upper && lowered.get(key) !== key) upper = true;
  }
  if (!upper) return node;
  for (const key in node) {
    if (!hasOwn.call(node, key)) continue;
    let target = key;
    const lower = lowered.get(key);
    // On a collision the key that is already lower-case wins and the other keeps its case.
    if (lower !== key && lower !== '__proto__' && !hasOwn.call(node, lower)) {
      target = lower;
      renamed = true;
    }
    builder.add(target, node[key]);
  }
  return builder.build();
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
      renamed = false;
      const details = detailsOf(event);
      const fixed = lowerKeys(details, depth);
      if (fixed !== details) event.details = fixed;
      if (renamed) markPlugin(event, name);
      return event;
    },
  };
}
