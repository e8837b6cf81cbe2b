/** Pipeline stages measured in metrics. */
export type PipelineStage = 'normalize' | 'enrich' | 'sink' | 'correlate' | 'respond';

/** One measurement: a stage processed a batch from a source. */
export interface StageMetric {
  /** The stage. */
  readonly stage: PipelineStage;
  /** Source of the batch (`http`, `amqp`, …) or plugin name for correlate/respond. */
  readonly source: string;
  /** Events that entered the stage. */
  readonly eventsIn: number;
  /** Events that left it (after drops, splits and rejections). */
  readonly eventsOut: number;
  /** Wall time of the stage for the batch, in milliseconds. */
  readonly durationMs: number;
  /** Per-plugin outcome counts for the enrich stage: plugin name → counts. */
  readonly plugins?: Readonly<Record<string, PluginCounts>>;
}

/** What one enrichment plugin did with a batch. */
export interface PluginCounts {
  /** Events the plugin ran on. */
  ran: number;
  /** Events it dropped on purpose. */
  dropped: number;
  /** Events it threw on (dead-lettered). */
  failed: number;
}
