import Ajv from 'ajv';
import { isDateTime } from './internal/isDateTime';

const isoTimestamp = {
  type: 'string',
  pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$',
  format: 'date-time',
} as const;

/**
 * JSON Schema (draft-07) of a normalized {@link VigilEvent}; the same document ships as
 * `@vigil/core/schemas/event.schema.json`.
 */
export const eventSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://vigil.dev/schemas/event.schema.json',
  title: 'VigilEvent',
  description:
    'A normalized Vigil event: the MozDef event format plus a stable id. Everything a source sent that has no field of its own is under details.',
  type: 'object',
  additionalProperties: false,
  required: [
    'id',
    'utctimestamp',
    'receivedtimestamp',
    'timestamp',
    'hostname',
    'processname',
    'processid',
    'severity',
    'summary',
    'category',
    'source',
    'tags',
    'details',
  ],
  properties: {
    id: {
      description: 'Stable unique id (a UUID unless the input carried a valid one).',
      type: 'string',
      pattern: '^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$',
    },
    utctimestamp: { ...isoTimestamp, description: 'When the event happened, UTC ISO-8601 with milliseconds.' },
    receivedtimestamp: { ...isoTimestamp, description: 'When Vigil received the event, UTC ISO-8601 with milliseconds.' },
    timestamp: { ...isoTimestamp, description: 'Same instant as utctimestamp.' },
    hostname: { type: 'string', description: "Host the event is about or came from ('unknown' when not sent)." },
    processname: { type: 'string', description: "Program that emitted the event ('unknown' when not sent)." },
    processid: { type: 'string', description: 'Process id as text; empty when unknown.' },
    severity: {
      description: 'RFC 5424 severity name.',
      enum: ['DEBUG', 'INFO', 'NOTICE', 'WARNING', 'ERROR', 'CRITICAL', 'ALERT', 'EMERGENCY'],
    },
    summary: { type: 'string', description: 'Human-readable one-line summary.' },
    category: { type: 'string', description: "Event category ('event' when not sent)." },
    source: { type: 'string', description: "Where the event came from ('unknown' when not sent)." },
    tags: { type: 'array', items: { type: 'string' }, description: 'Free-form tags.' },
    details: { type: 'object', description: 'Everything else, parsed.' },
    plugins: {
      type: 'array',
      items: { type: 'string' },
      description: 'Names of the enrichment plugins that ran on this event (returned it), in order.',
    },
    type: { type: 'string', description: "Event type ('event' unless sent)." },
  },
} as const;

/** What {@link validateEvent} answers: ok, or every problem found, one line each. */
export type EventValidation = { ok: true } | { ok: false; errors: string[] };

const ajv = new Ajv({ allErrors: true, strict: true });
// The standard date-time format, checked by a fast equivalent of ajv-formats' full mode (see isDateTime).
ajv.addFormat('date-time', { type: 'string', validate: isDateTime });
const check = ajv.compile(eventSchema);

/**
 * Checks a value against {@link eventSchema}. Never throws; all errors are reported at once,
 * each as `<JSON pointer> <message>` (e.g. `/severity must be equal to one of the allowed values`).
 */
export function validateEvent(value: unknown): EventValidation {
  if (check(value)) return { ok: true };
  const errors = (check.errors ?? []).map((error) => {
    const where = error.instancePath === '' ? '/' : error.instancePath;
    const extra =
      error.keyword === 'additionalProperties'
        ? `: ${String((error.params as { additionalProperty?: unknown }).additionalProperty)}`
        : error.keyword === 'enum'
          ? `: ${(error.params as { allowedValues?: unknown[] }).allowedValues?.join(', ') ?? ''}`
          : '';
    return `${where} ${error.message ?? error.keyword}${extra}`;
  });
  return { ok: false, errors };
}
