import type { EnrichmentPlugin, VigilEvent } from '@vigil/core';
import { detailsOf, isRecord, markPlugin } from '../internal/eventFields';
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

/** Set when a walk moved a key (one walk runs at a time: the hook is synchronous). */
let moved = false;

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
    if (!dotted && key.includes('.')) dotted = true;
  }
  if (!dotted) return node;
  moved = true;
  const out: Record<string, unknown> = {};
  let dottedKeys: string[] | undefined;
  for (const key in node) {
    if (!hasOwn.call(node, key)) continue;
    if (key.includes('.')) (dottedKeys ??= []).push(key);
    else if (key !== '__proto__') out[key] = node[key];
    else Object.defineProperty(out, key, { value: node[key], enumerable: true, writable: true, configurable: true });
  }
  for (const key of dottedKeys as string[]) {
    const value = node[key];
    if (nest && nestInto(out, key.split('.'), value)) continue;
    let replacement = key.replaceAll('.', '_');
    while (hasOwn.call(out, replacement) || FORBIDDEN.has(replacement)) replacement = `${replacement}_`;
    out[replacement] = value;
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
