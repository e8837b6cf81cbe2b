import type { VigilAlert } from '../alert/VigilAlert';
import { eventSchema } from '../event/eventSchema';
import type { VigilEvent } from '../event/VigilEvent';

/** Top-level fields of a {@link VigilEvent} (the properties of the event schema); any other bare field name in a query means `details.<name>`. */
export const EVENT_TOP_LEVEL_FIELDS: ReadonlySet<string> = new Set(Object.keys(eventSchema.properties));

/** Top-level fields of a {@link VigilAlert}; any other bare field name in an alert query means `details.<name>`. */
export const ALERT_TOP_LEVEL_FIELDS: ReadonlySet<string> = new Set([
  'id',
  'utctimestamp',
  'severity',
  'summary',
  'category',
  'tags',
  'events',
  'count',
  'url',
  'rule',
  'details',
]);

/**
 * Resolves a field name as typed in a query: dotted paths are kept, top-level fields are kept, and any other
 * bare name is a field of `details` (`username` → `details.username`).
 */
export function resolveField(name: string, topLevelFields: ReadonlySet<string> = EVENT_TOP_LEVEL_FIELDS): string {
  return name.includes('.') || topLevelFields.has(name) ? name : `details.${name}`;
}
