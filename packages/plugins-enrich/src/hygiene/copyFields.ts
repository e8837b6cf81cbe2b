import type { EnrichmentPlugin, VigilEvent } from '@vigil/core';
import { getPathParts, isRecord, markPlugin, setPathParts } from '../internal/eventFields';
import { validateOptions } from '../internal/validateOptions';

/** Options of {@link copyFields}. */
export interface CopyFieldsOptions {
  /** `{ from: to }`: from any dotted event path (`hostname`, `details.a.b`) to a path under `details`. */
  fields: Record<string, string>;
  /** Overwrite a destination that already has a value. @default false */
  overwrite?: boolean;
  /** Plugin priority (lower runs first). @default 85 */
  priority?: number;
}

const SCHEMA = {
  type: 'object',
  properties: {
    fields: {
      type: 'object',
      minProperties: 1,
      propertyNames: { pattern: '^[^.]+(\\.[^.]+)*$' },
      additionalProperties: { type: 'string', pattern: '^details\\.[^.]+(\\.[^.]+)*$' },
    },
    overwrite: { type: 'boolean' },
    priority: { type: 'number' },
  },
  required: ['fields'],
  additionalProperties: false,
};

function clone(value: unknown): unknown {
  return typeof value === 'object' && value !== null ? structuredClone(value) : value;
}

/** Copies values from one dotted path to another under `details` (objects are deep-copied). */
export function copyFields(options: CopyFieldsOptions): EnrichmentPlugin {
  const opts = validateOptions('enrich:copyFields', SCHEMA, options);
  const name = 'enrich:copyFields';
  const pairs = Object.entries(opts.fields).map(([from, to]) => [from.split('.'), to.split('.').slice(1)] as const);
  const overwrite = opts.overwrite ?? false;
  return {
    name,
    priority: opts.priority ?? 85,
    registration: (event: VigilEvent) => isRecord(event.details),
    enrich(event) {
      let changed = false;
      for (const [from, to] of pairs) {
        const value = getPathParts(event, from);
        if (value === undefined) continue;
        if (!overwrite && getPathParts(event.details, to) !== undefined) continue;
        let copy: unknown;
        try {
          copy = clone(value);
        } catch {
          continue; // not cloneable (functions, symbols): leave it
        }
        changed = setPathParts(event.details, to, copy) || changed;
      }
      if (changed) markPlugin(event, name);
      return event;
    },
  };
}
