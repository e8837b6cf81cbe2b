import type { VigilEvent } from '@vigil/core';

/** What a correlation operator emits: a group key crossed its condition. Rules turn it into an alert. */
export interface Detection {
  /** Group key the condition held for (`*` when ungrouped). */
  key: string;
  /** A bounded sample of the events that contributed, oldest first. */
  events: VigilEvent[];
  /** How many events contributed (may exceed `events.length`; 0 for a deadman). */
  count: number;
  /** Event time of the first contributing event, epoch ms. */
  firstTime: number;
  /** Event time of the last contributing event (or the detection time), epoch ms. */
  lastTime: number;
  /** Operator-specific figures (distinct values, distance, suppressed count…). */
  details: Record<string, unknown>;
}
