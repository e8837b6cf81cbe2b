import type { CorrelationStats } from '../operators/CorrelationStats';
import { createCorrelationStats } from '../operators/CorrelationStats';
import type { StreamOptions } from '../operators/StreamOptions';
import { LruMap } from './LruMap';

const REPORT_EVERY = 1024;

/** The watermark, bounded key map and counters one subscription of an operator holds. */
export class OperatorState<V> {
  readonly keys: LruMap<string, V>;
  readonly stats: CorrelationStats;
  readonly maxSample: number;
  private readonly lateness: number;
  private watermark = -Infinity;
  private sinceReport = 0;
  private lastEvictions = 0;
  private readonly gauge: ((name: string, value: number) => void) | undefined;

  constructor(options: StreamOptions, onEvict?: (key: string, value: V) => void) {
    this.keys = new LruMap<string, V>(options.maxKeys ?? 10_000, onEvict);
    this.stats = options.stats ?? createCorrelationStats();
    this.maxSample = options.maxSample ?? 10;
    this.lateness = options.allowedLatenessMs ?? 60_000;
    this.gauge = options.gauge;
  }

  /** Counts the event; false when it is late (and counted as such). Advances the watermark. */
  admit(t: number): boolean {
    this.stats.events++;
    if (++this.sinceReport >= REPORT_EVERY) this.report();
    if (t < this.watermark - this.lateness) {
      this.stats.late++;
      return false;
    }
    if (t > this.watermark) this.watermark = t;
    return true;
  }

  /** Current watermark (newest event time seen), epoch ms. */
  get now(): number {
    return this.watermark;
  }

  /** Pushes figures to `stats` and the gauge. */
  report(): void {
    this.sinceReport = 0;
    this.stats.liveKeys = this.keys.size;
    this.stats.evictions += this.keys.evictions - this.lastEvictions;
    this.lastEvictions = this.keys.evictions;
    if (this.gauge) {
      this.gauge('live_keys', this.keys.size);
      this.gauge('evictions', this.keys.evictions);
      this.gauge('late_events', this.stats.late);
    }
  }
}

/** Appends to a bounded sample (keeps the first `max`). */
export function pushSample<T>(sample: T[], item: T, max: number): void {
  if (sample.length < max) sample.push(item);
}
