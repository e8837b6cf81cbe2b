import type { EnrichmentPlugin, VigilEvent } from '@vigil/core';
import { deletePathParts, isRecord, markPlugin } from '../internal/eventFields';
import { validateOptions } from '../internal/validateOptions';

/** Options of {@link dropFields}. */
export interface DropFieldsOptions {
  /** Dotted paths under `details` to delete, e.g. `details.password`. */
  paths: string[];
  /** Plugin priority (lower runs first). @default 80 */
  priority?: number;
}

const SCHEMA = {
  type: 'object',
  properties: {
    paths: { type: 'array', minItems: 1, items: { type: 'string', pattern: '^details\\.[^.]+(\\.[^.]+)*$' } },
    priority: { type: 'number' },
  },
  required: ['paths'],
  additionalProperties: false,
};

/** Deletes fields by dotted path (under `details`; the event's own fields are required and stay). */
export function dropFields(options: DropFieldsOptions): EnrichmentPlugin {
  const opts = validateOptions('enrich:dropFields', SCHEMA, options);
  const name = 'enrich:dropFields';
  const paths = opts.paths.map((p) => p.split('.').slice(1));
  return {
    name,
    priority: opts.priority ?? 80,
    registration: (event: VigilEvent) => isRecord(event.details),
    enrich(event) {
      let changed = false;
      for (const parts of paths) changed = deletePathParts(event.details, parts) || changed;
      if (changed) markPlugin(event, name);
      return event;
    },
  };
}
