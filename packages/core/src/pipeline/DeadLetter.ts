/** Where in the pipeline a dead letter was made. */
export type DeadLetterStage = 'parse' | 'validate' | 'normalize' | 'enrich' | 'sink' | 'correlate' | 'respond';

/**
 * Something the pipeline could not process, with why. Nothing is dropped silently:
 * every rejected input becomes one of these.
 */
export interface DeadLetter {
  /** Stable reason code, e.g. `INVALID_JSON`, `PLUGIN_THREW`. */
  code: string;
  /** Human-readable reason. */
  reason: string;
  /** Stage that rejected it. */
  stage: DeadLetterStage;
  /** Name of the source it came from (`http`, `amqp`, …). */
  source: string;
  /** Name of the plugin at fault, when a plugin rejected or threw. */
  plugin?: string;
  /** Id of the event, when one had been assigned. */
  eventId?: string;
  /** The input as received (or the event as it was when it failed). */
  payload: unknown;
  /** When it was dead-lettered, UTC ISO-8601. */
  at: string;
}
