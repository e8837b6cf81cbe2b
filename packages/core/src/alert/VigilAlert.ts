import type { Severity, VigilEvent } from '../event/VigilEvent';

/** Reference to an event an alert was built from: its id, time and a copy of the event. */
export interface AlertEventRef {
  /** Id of the source event. */
  id: string;
  /** The source event as it was when the alert fired. */
  event: VigilEvent;
}

/** An alert: MozDef's alert document plus the rule that raised it. */
export interface VigilAlert {
  /** Stable unique id. */
  id: string;
  /** When the alert was raised, UTC ISO-8601. */
  utctimestamp: string;
  /** RFC 5424 severity name. */
  severity: Severity;
  /** One-line summary. */
  summary: string;
  /** Alert category, e.g. `bruteforce`. */
  category: string;
  /** Tags. */
  tags: string[];
  /** Events the alert was built from (a bounded sample, see `count`). */
  events: AlertEventRef[];
  /** Number of events that contributed, which may exceed `events.length`. */
  count: number;
  /** Link to a runbook or more information. */
  url?: string;
  /** The rule that raised it. */
  rule: { id: string; name: string };
  /** Extra fields the rule attaches (group key, distinct values, …). */
  details?: Record<string, unknown>;
}
