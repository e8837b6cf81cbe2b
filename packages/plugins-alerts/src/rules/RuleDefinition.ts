import type { CorrelationContext, Severity, VigilEvent } from '@vigil/core';
import type { Observable } from 'rxjs';
import type { Duration } from '../internal/duration';
import type { Detection } from '../operators/Detection';
import type { GroupBy, Where } from '../operators/StreamOptions';

/** State bounds a detector may set (see the operators' `StreamOptions`). */
export interface DetectorBounds {
  /** Late events beyond this are ignored. @default '1m' */
  allowedLateness?: Duration;
  /** Most group keys held. @default 10000 */
  maxKeys?: number;
}

/** One matching event. */
export interface MatchDetector {
  type: 'match';
  where: Where;
  groupBy?: GroupBy;
}
/** ≥ count events per key in a sliding window. */
export interface ThresholdDetector extends DetectorBounds {
  type: 'threshold';
  where?: Where;
  groupBy?: GroupBy;
  count: number;
  window: Duration;
}
/** ≥ count distinct values of `field` per key in a sliding window. */
export interface ValueCountDetector extends DetectorBounds {
  type: 'valueCount';
  where?: Where;
  groupBy?: GroupBy;
  field: string;
  count: number;
  window: Duration;
}
/** The sum or average of a numeric field per key in a sliding window passes a limit (`gt` or `gte`, one of them). */
export interface ValueAggregateDetector extends DetectorBounds {
  type: 'valueAggregate';
  where?: Where;
  groupBy?: GroupBy;
  field: string;
  aggregate: 'sum' | 'avg';
  gt?: number;
  gte?: number;
  window: Duration;
  /** Most values held per key. @default 10000 */
  maxValuesPerKey?: number;
}
/** Steps for one key within a window, in order or not. */
export interface SequenceDetector extends DetectorBounds {
  type: 'sequence';
  steps: ReadonlyArray<{ where: Where; count?: number; groupBy?: GroupBy }>;
  groupBy?: GroupBy;
  window: Duration;
  ordered?: boolean;
}
/** A value never seen before for a key. */
export interface FirstSeenDetector extends DetectorBounds {
  type: 'firstSeen';
  where?: Where;
  groupBy?: GroupBy;
  field: string;
  known?: readonly string[];
  warmup?: Duration;
}
/** Impossible travel. */
export interface GeovelocityDetector extends DetectorBounds {
  type: 'geovelocity';
  where?: Where;
  userField?: string;
  locationField?: string;
  maxKmh?: number;
  minDistanceKm?: number;
}
/** No matching event for a period (wall clock). */
export interface DeadmanDetector {
  type: 'deadman';
  where?: Where;
  groupBy?: GroupBy;
  period: Duration;
  keys?: readonly string[];
  repeat?: boolean;
  maxKeys?: number;
}
/** A query over the store every `every`, on the last `lookback`, alerting at `threshold` hits (or per bucket). */
export interface ScheduledDetector {
  type: 'scheduled';
  query: string;
  every: Duration;
  lookback: Duration;
  /** Hits (or bucket count) needed. @default 1 */
  threshold?: number;
  /** Count per value of a field (a terms aggregation), one detection per bucket at or above `threshold`. */
  aggregate?: { field: string; size?: number };
}
/** Any operator from events to detections (TypeScript only). */
export interface CustomDetector {
  type: 'custom';
  detect(events: Observable<VigilEvent>, context: CorrelationContext): Observable<Detection>;
}

/** How a rule detects. */
export type Detector =
  | MatchDetector
  | ThresholdDetector
  | ValueCountDetector
  | ValueAggregateDetector
  | SequenceDetector
  | FirstSeenDetector
  | GeovelocityDetector
  | DeadmanDetector
  | ScheduledDetector
  | CustomDetector;

/** A rule: detection plus the alert it raises. */
export interface RuleDefinition {
  /** Stable id, also the plugin name suffix (`alerts:<id>`). */
  id: string;
  /** Human name; stored events are tagged with it. @default id */
  name?: string;
  /** What the rule is about. */
  description?: string;
  /** @default 'WARNING' */
  severity?: Severity;
  /** Alert category. @default 'correlation' */
  category?: string;
  /** Alert tags. @default [] */
  tags?: readonly string[];
  /** Runbook link. */
  url?: string;
  /**
   * Summary template: `{{key}}`, `{{count}}`, `{{details.x}}` and `{{event.<path>}}` (first event), or a function.
   * @default '<name>: {{key}} ({{count}} events)'
   */
  summary?: string | ((detection: Detection) => string);
  /** Per-key dedup window (see `throttleDetections`). @default '0' (no throttling) for match, the window otherwise */
  throttle?: Duration;
  /** Events carried on the alert. @default 10 */
  maxSample?: number;
  /** The detection. */
  detect: Detector;
}
