import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Subscription } from 'rxjs';
import type { Pipeline } from '../pipeline/Pipeline';

/** Prometheus metrics of one pipeline, fed from its `metrics$`, `deadLetters$` and `alerts$` streams. */
export interface PipelineMetrics {
  /** The registry to expose (`GET /metrics`). */
  readonly registry: Registry;
  /** Stop listening to the pipeline. */
  stop(): void;
}

/** Builds a Prometheus registry (not the global one) that counts what the pipeline does. */
export function createMetrics(pipeline: Pipeline, options: { defaultMetrics?: boolean } = {}): PipelineMetrics {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'vigil_' });
  const received = new Counter({
    name: 'vigil_events_received_total',
    help: 'Inputs received, per source.',
    labelNames: ['source'],
    registers: [registry],
  });
  const normalized = new Counter({
    name: 'vigil_events_normalized_total',
    help: 'Inputs normalized into events, per source.',
    labelNames: ['source'],
    registers: [registry],
  });
  const stored = new Counter({
    name: 'vigil_events_stored_total',
    help: 'Events durable in every sink, per source.',
    labelNames: ['source'],
    registers: [registry],
  });
  const deadLettered = new Counter({
    name: 'vigil_dead_letters_total',
    help: 'Dead letters, per source, stage, plugin and reason code.',
    labelNames: ['source', 'stage', 'plugin', 'code'],
    registers: [registry],
  });
  const pluginEvents = new Counter({
    name: 'vigil_plugin_events_total',
    help: 'Events each enrichment plugin ran on, dropped or failed on.',
    labelNames: ['plugin', 'outcome'],
    registers: [registry],
  });
  const alerts = new Counter({
    name: 'vigil_alerts_total',
    help: 'Alerts raised, per rule.',
    labelNames: ['rule'],
    registers: [registry],
  });
  const stageLatency = new Histogram({
    name: 'vigil_stage_duration_seconds',
    help: 'Time a pipeline stage took for one batch (or one alert, for respond).',
    labelNames: ['stage'],
    buckets: [0.0005, 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });

  new Gauge({
    name: 'vigil_correlation_state',
    help: 'Figures correlation plugins report about their bounded state (live keys, evictions, late events), per plugin and name.',
    labelNames: ['plugin', 'name'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [plugin, figures] of pipeline.gauges()) for (const [name, value] of figures) this.set({ plugin, name }, value);
    },
  });

  const subs: Subscription[] = [
    pipeline.metrics$.subscribe((m) => {
      stageLatency.observe({ stage: m.stage }, m.durationMs / 1000);
      if (m.stage === 'normalize') {
        received.inc({ source: m.source }, m.eventsIn);
        normalized.inc({ source: m.source }, m.eventsOut);
      } else if (m.stage === 'sink') {
        stored.inc({ source: m.source }, m.eventsOut);
      } else if (m.stage === 'enrich' && m.plugins) {
        for (const [plugin, counts] of Object.entries(m.plugins)) {
          if (counts.ran) pluginEvents.inc({ plugin, outcome: 'ran' }, counts.ran);
          if (counts.dropped) pluginEvents.inc({ plugin, outcome: 'dropped' }, counts.dropped);
          if (counts.failed) pluginEvents.inc({ plugin, outcome: 'failed' }, counts.failed);
        }
      }
    }),
    pipeline.deadLetters$.subscribe((d) =>
      deadLettered.inc({ source: d.source, stage: d.stage, plugin: d.plugin ?? '', code: d.code }),
    ),
    pipeline.alerts$.subscribe((a) => alerts.inc({ rule: a.rule.name })),
  ];
  return {
    registry,
    stop: () => {
      for (const s of subs) s.unsubscribe();
    },
  };
}
