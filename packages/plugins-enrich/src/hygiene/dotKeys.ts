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

function fixKeys(node: Record<string, unknown>, depth: number, nest: boolean): boolean {
  let changed = false;
  for (const key of Object.keys(node)) {
    const value = node[key];
    if (depth > 1) {
      if (isRecord(value)) changed = fixKeys(value, depth - 1, nest) || changed;
      else if (Array.isArray(value)) {
        for (const item of value) if (isRecord(item)) changed = fixKeys(item, depth - 1, nest) || changed;
      }
    }
    if (!key.includes('.')) continue;
    delete node[key];
    changed = true;
    if (nest && nestInto(node, key.split('.'), value)) continue;
    let replacement = key.replaceAll('.', '_');
    while (Object.hasOwn(node, replacement)) replacement = `${replacement}_`;
    node[replacement] = value;
  }
  return changed;
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
      if (fixKeys(detailsOf(event), depth, nest)) markPlugin(event, name);
      return event;
    },
  };
}
