import type { EnrichmentPlugin, VigilEvent } from '@vigil/core';
import { deletePathParts, getPathParts, isRecord, markPlugin, setPathParts } from '../internal/eventFields';
import { validateOptions } from '../internal/validateOptions';

/** Options of {@link renameFields}. */
export interface RenameFieldsOptions {
  /** `{ from: to }` dotted paths under `details`, e.g. `{ 'details.src': 'details.sourceipaddress' }`. */
  fields: Record<string, string>;
  /** Overwrite a destination that already has a value. @default false */
  overwrite?: boolean;
  /** Plugin priority (lower runs first). @default 10 */
  priority?: number;
}

const PATH = '^details\\.[^.]+(\\.[^.]+)*$';
const SCHEMA = {
  type: 'object',
  properties: {
    fields: {
      type: 'object',
      minProperties: 1,
      propertyNames: { pattern: PATH },
      additionalProperties: { type: 'string', pattern: PATH },
    },
    overwrite: { type: 'boolean' },
    priority: { type: 'number' },
  },
  required: ['fields'],
  additionalProperties: false,
};

/** Moves fields from one dotted path under `details` to another. */
export function renameFields(options: RenameFieldsOptions): EnrichmentPlugin {
  const opts = validateOptions('enrich:renameFields', SCHEMA, options);
  const name = 'enrich:renameFields';
  const pairs = Object.entries(opts.fields).map(([from, to]) => [from.split('.').slice(1), to.split('.').slice(1)] as const);
  const overwrite = opts.overwrite ?? false;
  return {
    name,
    priority: opts.priority ?? 10,
    registration: (event: VigilEvent) => isRecord(event.details),
    enrich(event) {
      let changed = false;
      for (const [from, to] of pairs) {
        const value = getPathParts(event.details, from);
        if (value === undefined) continue;
        if (!overwrite && getPathParts(event.details, to) !== undefined) continue;
        if (setPathParts(event.details, to, value)) {
          deletePathParts(event.details, from);
          changed = true;
        }
      }
      if (changed) markPlugin(event, name);
      return event;
    },
  };
}
