import type { EnrichmentPlugin, VigilEvent } from '@vigil/core';
import { detailsOf, isRecord, markPlugin } from '../internal/eventFields';
import { KeyListCache, ownEntries } from '../internal/KeyListCache';
import { KeyRemap } from '../internal/KeyRemap';
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

/** How to rebuild an object of one key list: `null` when no key has a capital. */
interface LowerPlan {
  readonly remap: KeyRemap;
  /** Whether a key is renamed (a capitalised key whose lower-case form is taken keeps its case). */
  readonly renames: boolean;
}

function plan(keys: readonly string[]): LowerPlan | null {
  if (!keys.some(hasUpper)) return null;
  const present = new Set(keys);
  let renames = false;
  const targets = keys.map((key) => {
    if (!hasUpper(key)) return key;
    const lowered = key.toLowerCase();
    // On a collision the key that is already lower-case wins and the other keeps its case.
    if (lowered === '__proto__' || present.has(lowered)) return key;
    renames = true;
    return lowered;
  });
  return { remap: new KeyRemap(targets, keys.map((_, i) => i)), renames };
}

/**
 * One walk runs at a time (the hook is synchronous): `renamed` records whether it renamed a key. Each object's
 * plan is looked up by its key list (`plans`).
 */
let renamed = false;
const plans = new KeyListCache<LowerPlan | null>(plan);

function lowerItems(list: unknown[], depth: number): void {
  for (let i = 0; i < list.length; i++) {
    const item: unknown = list[i];
    if (isRecord(item)) {
      const fixed = lowerKeys(item, depth);
      if (fixed !== item) list[i] = fixed;
    }
  }
}

/** Lower-cases one object's keys, returning it or a rebuilt copy (key order kept, fast properties). */
function lowerKeys(node: Record<string, unknown>, depth: number): Record<string, unknown> {
  const { keys, values, hash } = ownEntries(node);
  if (depth > 1) {
    let nested = false;
    for (let i = 0; i < keys.length; i++) {
      if (typeof values[i] !== 'object' || values[i] === null) continue;
      nested = true;
      // Read live: in a cyclic structure an earlier child's walk may have replaced this value already.
      const key = keys[i] as string;
      const value = node[key];
      if (Array.isArray(value)) lowerItems(value, depth - 1);
      else if (isRecord(value)) {
        const fixed = lowerKeys(value, depth - 1);
        if (fixed !== value) node[key] = fixed;
      }
    }
    // The rebuilt object takes the children as they are now.
    if (nested) for (let i = 0; i < keys.length; i++) if (typeof values[i] === 'object' && values[i] !== null) values[i] = node[keys[i] as string];
  }
  const lower = plans.get(keys, hash);
  let out = node;
  if (lower !== null) {
    if (lower.renames) renamed = true;
    out = lower.remap.build(values);
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
      renamed = false;
      const details = detailsOf(event);
      const fixed = lowerKeys(details, depth);
      if (fixed !== details) event.details = fixed;
      if (renamed) markPlugin(event, name);
      return event;
    },
  };
}
