import type { EnrichmentPlugin, VigilEvent } from '@vigil/core';
import { detailsOf, isRecord, markPlugin } from '../internal/eventFields';
import { KeyMemo } from '../internal/KeyMemo';
import { ObjectBuilder } from '../internal/ObjectBuilder';
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

/** Keys with a dot → dots replaced with underscores; others → themselves. */
const underscored = new KeyMemo((key) => (key.includes('.') ? key.replaceAll('.', '_') : key));

/**
 * One walk runs at a time (the hook is synchronous): `moved` records whether it moved a key, and `builder`
 * makes the rebuilt objects (a parent is rebuilt only after its children are).
 */
let moved = false;
const builder = new ObjectBuilder();

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
 * fast properties, which deleting keys would lose). for…in with hasOwnProperty.call is the walk V8 optimizes
 * best (its enum cache, no key array per object).
 */
function fixKeys(node: Record<string, unknown>, depth: number, nest: boolean): Record<string, unknown> {
  let dotted = false;
  for (const key in node) {
    if (!hasOwn.call(node, key)) continue;
    if (depth > 1) {
      const value = node[key];
      if (typeof value === 'object' && value !== null) {
        if (Array.isArray(value)) fixItems(value, depth - 1, nest);
        else {
          const fixed = fixKeys(value as Record<string, unknown>, depth - 1, nest);
          if (fixed !== value) node[key] = fixed;
        }
      }
    }
    if (!dotted && underscored.get(key) !== key) dotted = true;
  }
  if (!dotted) return node;
  moved = true;
  const dottedKeys: string[] = [];
  for (const key in node) {
    if (!hasOwn.call(node, key)) continue;
    if (underscored.get(key) !== key) dottedKeys.push(key);
    else builder.add(key, node[key]);
  }
  if (nest) {
    const out = builder.build();
    for (const key of dottedKeys) {
      const value = node[key];
      if (nestInto(out, key.split('.'), value)) continue;
      out[freeName(key, out, undefined)] = value;
    }
    return out;
  }
  // The dot-free keys are the object's own, so a replacement is taken when the object has it or it was given
  // to an earlier dotted key.
  const replacements: string[] = [];
  for (const key of dottedKeys) {
    const replacement = freeName(key, node, replacements);
    replacements.push(replacement);
    builder.add(replacement, node[key]);
  }
  return builder.build();
}

/** `a.b` → `a_b`, with `_` appended until the name is free (in `taken`, or among `also`) and not a prototype key. */
function freeName(key: string, taken: Record<string, unknown>, also: readonly string[] | undefined): string {
  let replacement = underscored.get(key);
  while (hasOwn.call(taken, replacement) || also?.includes(replacement) === true || FORBIDDEN.has(replacement)) replacement = `${replacement}_`;
  return replacement;
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
