import type { EnrichmentPlugin, VigilEvent } from '@vigil/core';
import { addTag, isRecord, markPlugin } from '../internal/eventFields';
import { validateOptions } from '../internal/validateOptions';

/** Options of {@link truncateStrings}. */
export interface TruncateStringsOptions {
  /** Plugin priority (lower runs first); first, so later plugins never see huge strings. @default 1 */
  priority?: number;
  /** Longest string kept, in UTF-16 code units; longer ones are cut and the event tagged `vigil:truncated`. @default 32766 */
  maxLength?: number;
  /** How deep into `details` strings are checked. @default 8 */
  depth?: number;
}

const SCHEMA = {
  type: 'object',
  properties: {
    priority: { type: 'number' },
    maxLength: { type: 'integer', minimum: 16 },
    depth: { type: 'integer', minimum: 1, maximum: 64 },
  },
  additionalProperties: false,
};

function cut(value: string, max: number): string {
  let end = max;
  // Do not split a surrogate pair.
  const code = value.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return value.slice(0, end);
}

const hasOwn = Object.prototype.hasOwnProperty;

// for…in reads values without making an array; Object.values is slow on objects built key by key, as core's
// normalizer builds details.
function truncateNode(node: Record<string, unknown>, depth: number, max: number): boolean {
  let changed = false;
  for (const key in node) {
    if (!hasOwn.call(node, key)) continue;
    const value = node[key];
    if (typeof value === 'string') {
      if (value.length > max) {
        node[key] = cut(value, max);
        changed = true;
      }
    } else if (depth > 1 && typeof value === 'object' && value !== null) {
      if (Array.isArray(value)) changed = truncateArray(value, depth - 1, max) || changed;
      else changed = truncateNode(value as Record<string, unknown>, depth - 1, max) || changed;
    }
  }
  return changed;
}

function truncateArray(list: unknown[], depth: number, max: number): boolean {
  let changed = false;
  for (let i = 0; i < list.length; i++) {
    const value = list[i];
    if (typeof value === 'string') {
      if (value.length > max) {
        list[i] = cut(value, max);
        changed = true;
      }
    } else if (depth > 1 && typeof value === 'object' && value !== null) {
      if (Array.isArray(value)) changed = truncateArray(value, depth - 1, max) || changed;
      else changed = truncateNode(value as Record<string, unknown>, depth - 1, max) || changed;
    }
  }
  return changed;
}

/**
 * Cuts strings longer than `maxLength` in `summary` and `details` (Elasticsearch refuses keyword terms over
 * 32766 bytes) and tags the event `vigil:truncated`.
 */
export function truncateStrings(options?: TruncateStringsOptions): EnrichmentPlugin {
  const opts = validateOptions('enrich:truncateStrings', SCHEMA, options);
  const name = 'enrich:truncateStrings';
  const max = opts.maxLength ?? 32_766;
  const depth = opts.depth ?? 8;
  return {
    name,
    priority: opts.priority ?? 1,
    registration: () => true,
    enrich(event: VigilEvent) {
      let changed = false;
      if (typeof event.summary === 'string' && event.summary.length > max) {
        event.summary = cut(event.summary, max);
        changed = true;
      }
      const details: unknown = event.details;
      if (isRecord(details)) changed = truncateNode(details, depth, max) || changed;
      if (changed) {
        addTag(event, 'vigil:truncated');
        markPlugin(event, name);
      }
      return event;
    },
  };
}
