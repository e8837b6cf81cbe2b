/** Counters of a correlation operator's bounded state; pass one object to several operators to sum them. */
export interface CorrelationStats {
  /** Events seen. */
  events: number;
  /** Events ignored because they were older than the watermark minus the allowed lateness. */
  late: number;
  /** Live group keys held (last value reported by an operator). */
  liveKeys: number;
  /** Group keys evicted because `maxKeys` was reached. */
  evictions: number;
  /** Detections emitted. */
  detections: number;
  /** Detections suppressed by throttling. */
  suppressed: number;
}

/** A zeroed {@link CorrelationStats}. */
export function createCorrelationStats(): CorrelationStats {
  return { events: 0, late: 0, liveKeys: 0, evictions: 0, detections: 0, suppressed: 0 };
}
