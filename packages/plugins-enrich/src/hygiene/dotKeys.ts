import type { EnrichmentPlugin, VigilEvent } from '@vigil/core';
import { detailsOf, isRecord, markPlugin } from '../internal/eventFields';
import { KeyListCache, ownEntries } from '../internal/KeyListCache';
import { KeyRemap } from '../internal/KeyRemap';
import { validateOptions } from '../internal/validateOptions';

/** Options of {@link dotKeys}. */
export interface DotKeysOptions {
  /** Plugin priority (lower runs first). @default 90 */
  priority?: number;
  /** `underscore`: `id.orig_h` → `id_orig_h`; `nest`: → `id: { orig_h }` (falls back to underscore on a clash). @default 'underscore' */
  mode?: 'underscore' | 'nest';
  /** How deep into nested objects keys are fixed. @default 8 */
  depth?: number;
}

const SCHEMA = {
  type: 'object',
  properties: {
    priority: { type: 'number' },
    mode: { enum: ['underscore', 'nest'] },
    depth: { type: 'integer', minimum: 1, maximum: 64 },
  },
  additionalProperties: false,
};

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

function nestInto(node: Record<string, unknown>, parts: readonly string[], value: unknown): boolean {
  let cursor = node;
  for (let i = 0; i < parts.length - 1; i++) {
    const part = parts[i] as string;
    if (part === '' || FORBIDDEN.has(part)) return false;
    const next = cursor[part];
    if (next === undefined) {
      const created: Record<string, unknown> = {};
      cursor[part] = created;
      cursor = created;
    } else if (isRecord(next)) cursor = next;
    else return false;
  }
  const last = parts[parts.length - 1] as string;
  if (last === '' || FORBIDDEN.has(last) || Object.hasOwn(cursor, last)) return false;
  cursor[last] = value;
  return true;
}

const hasOwn = Object.prototype.hasOwnProperty;

/** How to rebuild an object of one key list; `null` when no key has a dot. */
interface DotPlan {
  /** underscore mode: dot-free keys in place, then each dotted key under its free `_` name. */
  readonly underscored: KeyRemap;
  /** nest mode starts from the dot-free keys… */
  readonly plain: KeyRemap;
  /** …then nests these (indexes of the dotted keys). */
  readonly dotted: readonly number[];
}

function plan(keys: readonly string[]): DotPlan | null {
  const dotted: number[] = [];
  const plain: number[] = [];
  keys.forEach((key, i) => (key.includes('.') ? dotted : plain).push(i));
  if (dotted.length === 0) return null;
  // The rebuilt object holds the dot-free keys and the names given so far: a replacement must be none of them.
  const taken = new Set(plain.map((i) => keys[i] as string));
  const names = plain.map((i) => keys[i] as string);
  for (const i of dotted) {
    let replacement = (keys[i] as string).replaceAll('.', '_');
    while (taken.has(replacement) || FORBIDDEN.has(replacement)) replacement = `${replacement}_`;
    taken.add(replacement);
    names.push(replacement);
  }
  return {
    underscored: new KeyRemap(names, [...plain, ...dotted]),
    plain: new KeyRemap(plain.map((i) => keys[i] as string), plain),
    dotted,
  };
}

/**
 * One walk runs at a time (the hook is synchronous): `moved` records whether it moved a key. Each object's plan is
 * looked up by its key list (`plans`).
 */
let moved = false;
const plans = new KeyListCache<DotPlan | null>(plan);

function fixItems(list: unknown[], depth: number, nest: boolean): void {
  for (let i = 0; i < list.length; i++) {
    const item: unknown = list[i];
    if (isRecord(item)) {
      const fixed = fixKeys(item, depth, nest);
      if (fixed !== item) list[i] = fixed;
    }
  }
}

/**
 * Fixes one object and returns it, or a rebuilt copy when a key had a dot (rebuilding keeps key order and V8's
 * fast properties, which deleting keys would lose).
 */
function fixKeys(node: Record<string, unknown>, depth: number, nest: boolean): Record<string, unknown> {
  const { keys, values, hash } = ownEntries(node);
  if (depth > 1) {
    let nested = false;
    for (let i = 0; i < keys.length; i++) {
      if (typeof values[i] !== 'object' || values[i] === null) continue;
      nested = true;
      // Read live: in a cyclic structure an earlier child's walk may have replaced this value already.
      const key = keys[i] as string;
      const value = node[key];
      if (Array.isArray(value)) fixItems(value, depth - 1, nest);
      else if (isRecord(value)) {
        const fixed = fixKeys(value, depth - 1, nest);
        if (fixed !== value) node[key] = fixed;
      }
    }
    // The rebuilt object takes the children as they are now.
    if (nested) for (let i = 0; i < keys.length; i++) if (typeof values[i] === 'object' && values[i] !== null) values[i] = node[keys[i] as string];
  }
  const dots = plans.get(keys, hash);
  let out = node;
  if (dots !== null) {
    moved = true;
    if (!nest) out = dots.underscored.build(values);
    else {
      out = dots.plain.build(values);
      for (const i of dots.dotted) {
        const key = keys[i] as string;
        const value = values[i];
        if (nestInto(out, key.split('.'), value)) continue;
        let replacement = key.replaceAll('.', '_');
        while (hasOwn.call(out, replacement) || FORBIDDEN.has(replacement)) replacement = `${replacement}_`;
        out[replacement] = value;
      }
    }
  }
  return out;
}

/**
 * Removes dots from `details` keys, which Elasticsearch reads as object paths (and then rejects mappings that
 * clash): replaced with underscores, or nested into objects.
 */
export function dotKeys(options?: DotKeysOptions): EnrichmentPlugin {
  const opts = validateOptions('enrich:dotKeys', SCHEMA, options);
  const name = 'enrich:dotKeys';
  const nest = opts.mode === 'nest';
  const depth = opts.depth ?? 8;
  return {
    name,
    priority: opts.priority ?? 90,
    registration: (event: VigilEvent) => isRecord(event.details),
    enrich(event) {
      moved = false;
      const details = detailsOf(event);
      const fixed = fixKeys(details, depth, nest);
      if (fixed !== details) event.details = fixed;
      if (moved) markPlugin(event, name);
      return event;
    },
  };
}
