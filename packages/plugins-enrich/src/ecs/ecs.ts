import type { EnrichmentPlugin } from '@vigil/core';
import { detailsOf, markPlugin } from '../internal/eventFields';
import { validateOptions } from '../internal/validateOptions';
import { ECS_MAPPED_DETAILS, toEcs } from './toEcs';

/** Options of {@link ecs}. */
export interface EcsOptions {
  /**
   * `beside`: the ECS document goes to `details.ecs` and the MozDef fields stay; `instead`: the same, and the
   * mapped details fields are removed (the event's own top-level fields stay: the event contract requires them).
   * @default 'beside'
   */
  mode?: 'beside' | 'instead';
  /** Plugin priority (lower runs first); last, so it sees every other plugin's fields. @default 100 */
  priority?: number;
}

const SCHEMA = {
  type: 'object',
  properties: { mode: { enum: ['beside', 'instead'] }, priority: { type: 'number' } },
  additionalProperties: false,
};

/** Writes Elastic Common Schema fields (`@timestamp`, event.*, source.*, destination.*, user.name, …) into `details.ecs`. */
export function ecs(options?: EcsOptions): EnrichmentPlugin {
  const opts = validateOptions('enrich:ecs', SCHEMA, options);
  const name = 'enrich:ecs';
  const instead = opts.mode === 'instead';
  return {
    name,
    priority: opts.priority ?? 100,
    registration: () => true,
    enrich(event) {
      const document = toEcs(event);
      const details = detailsOf(event);
      details['ecs'] = document;
      if (instead) for (const key of ECS_MAPPED_DETAILS) delete details[key];
      markPlugin(event, name);
      return event;
    },
  };
}
