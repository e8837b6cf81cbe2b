import { Subject, catchError, EMPTY, from, mergeMap, tap, type Observable, type Subscription } from 'rxjs';
import type { VigilAlert } from '../alert/VigilAlert';
import { VigilError } from '../errors/VigilError';
import { createNormalizer } from '../event/normalizeEvent';
import type { VigilEvent } from '../event/VigilEvent';
import type { CorrelationContext } from '../plugins/CorrelationPlugin';
import type { EventSink } from '../sinks/EventSink';
import { storeSink } from '../sinks/storeSink';
import type { DeadLetter, DeadLetterStage } from './DeadLetter';
import { checkEventShape } from './internal/checkEventShape';
import { EnrichmentChain } from './internal/EnrichmentChain';
import { Semaphore } from './internal/Semaphore';
import { WorkCounter } from './internal/WorkCounter';
import type { IngestItemResult, IngestResult, Pipeline, PipelineDescription } from './Pipeline';
import type { PipelineErrorHandler, PipelineOptions } from './PipelineOptions';
import type { StageMetric } from './StageMetric';

interface Batch {
  readonly inputs: readonly unknown[];
  readonly source: string;
  readonly receivedAt: string;
  readonly items: IngestItemResult[];
  /** Events normalize let through (what later stages count as their input). */
  normalized: number;
  /**
   * Normalized event id → input index, to report per item after splits and failures. Built from `items` on the
   * first failure only: on the common path no event needs its input index.
   */
  indexById: Map<string, number> | null;
  readonly deadLetters: DeadLetter[];
  events: VigilEvent[];
  duplicates: number;
  resolve(result: IngestResult): void;
  reject(error: unknown): void;
}

// Small enough that a batch's live objects (inputs, events, results) fit V8's young generation between two
// scavenges: with 5,000 events per batch most of a batch was copied and promoted before it finished, and garbage
// collection cost more than normalization (see docs/architecture.md, "Batches and memory").
const DEFAULT_BATCH_SIZE = 500;

const defaultOnError: PipelineErrorHandler = (error, where) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`vigil: ${where.stage}${where.plugin ? ` [${where.plugin}]` : ''}: ${message}\n`);
};

function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  try {
    return String(error);
  } catch {
    return 'unknown error';
  }
}

/** Input index of an event, following split children (`<id>:<n>`) back to their parent. */
function indexOf(batch: Batch, id: string): number | undefined {
  let byId = batch.indexById;
  if (byId === null) {
    byId = new Map();
    batch.items.forEach((item, i) => {
      if (item.ok) byId!.set(item.id, i);
    });
    batch.indexById = byId;
  }
  const direct = byId.get(id);
  if (direct !== undefined) return direct;
  const colon = id.lastIndexOf(':');
  return colon > 0 ? indexOf(batch, id.slice(0, colon)) : undefined;
}

/**
 * Builds the event pipeline: sources → normalize → enrichment plugins → sinks, with correlation
 * plugins turning stored events into alerts and response plugins consuming alerts.
 * `ingest` resolves once accepted events are durable; a bounded number of events is in flight.
 */
export function createPipeline(options: PipelineOptions): Pipeline {
  const store = options.store;
  const sinks: EventSink[] = [...(store && options.storeEvents !== false ? [storeSink(store)] : []), ...(options.sinks ?? [])];
  if (sinks.length === 0) {
    throw new VigilError('PIPELINE_NO_SINK', 'createPipeline needs a store or at least one sink: events must become durable somewhere');
  }
  const validate = options.validate ?? true;
  const onError = options.onError ?? defaultOnError;
  const batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH_SIZE);
  const semaphore = new Semaphore(Math.max(batchSize, options.maxInFlight ?? 100_000));
  const normalize = createNormalizer(options.normalize);
  const chain = new EnrichmentChain(options.enrichment ?? []);
  const correlation = options.correlation ?? [];
  const response = options.response ?? [];

  const batches$ = new Subject<Batch>();
  const events$ = new Subject<VigilEvent>();
  const alerts$ = new Subject<VigilAlert>();
  const deadLetters$ = new Subject<DeadLetter>();
  const metrics$ = new Subject<StageMetric>();
  const rawAlerts$ = new Subject<VigilAlert>();
  const subscriptions: Subscription[] = [];
  const inFlight = new Set<Promise<unknown>>();
  const alertWork = new WorkCounter();
  let state: 'new' | 'running' | 'stopping' | 'stopped' = 'new';
  let shutdownPromise: Promise<void> | undefined;

  const deadLetter = (
    batchOrNull: Batch | null,
    stage: DeadLetterStage,
    code: string,
    reason: string,
    payload: unknown,
    extra: { plugin?: string; eventId?: string; source?: string } = {},
  ): DeadLetter => {
    const letter: DeadLetter = {
      code,
      reason,
      stage,
      source: extra.source ?? batchOrNull?.source ?? 'pipeline',
      payload,
      at: new Date().toISOString(),
      ...(extra.plugin === undefined ? {} : { plugin: extra.plugin }),
      ...(extra.eventId === undefined ? {} : { eventId: extra.eventId }),
    };
    if (batchOrNull) batchOrNull.deadLetters.push(letter);
    return letter;
  };

  // Stage 1: normalize (sync). Failures are per item.
  const normalizeStage = (batch: Batch): Batch => {
    const started = performance.now();
    const events: VigilEvent[] = [];
    for (let i = 0; i < batch.inputs.length; i++) {
      const raw = batch.inputs[i];
      const result = normalize(raw, batch.receivedAt);
      if (result.ok) {
        events.push(result.event);
        batch.items[i] = { ok: true, id: result.event.id };
      } else {
        batch.items[i] = { ok: false, code: result.code, reason: result.reason };
        deadLetter(batch, 'normalize', result.code, result.reason, raw);
      }
    }
    batch.events = events;
    batch.normalized = events.length;
    metrics$.next({
      stage: 'normalize',
      source: batch.source,
      eventsIn: batch.inputs.length,
      eventsOut: events.length,
      durationMs: performance.now() - started,
    });
    return batch;
  };

  // Stage 2: enrichment (sync fast path; async when a plugin is).
  const enrichStage = (batch: Batch): Batch | Promise<Batch> => {
    const started = performance.now();
    const out: VigilEvent[] = [];
    const fail = (plugin: string, event: VigilEvent, error: unknown): void => {
      const reason = `plugin ${plugin} threw on event ${event.id}: ${describeError(error)}`;
      const index = indexOf(batch, event.id);
      if (index !== undefined) batch.items[index] = { ok: false, code: 'PLUGIN_FAILED', reason };
      deadLetter(batch, 'enrich', 'PLUGIN_FAILED', reason, event, { plugin, eventId: event.id });
      onError(error, { stage: 'enrich', plugin });
    };
    const finish = (): Batch => {
      if (validate) {
        let kept = 0;
        for (let i = 0; i < out.length; i++) {
          const event = out[i]!;
          // Normalized events fit the schema by construction; only what a plugin touched needs checking.
          if (event.plugins === undefined || event.plugins.length === 0) {
            out[kept++] = event;
            continue;
          }
          const problems = checkEventShape(event);
          if (problems === undefined) {
            out[kept++] = event;
            continue;
          }
          const blame = event.plugins?.at(-1);
          const reason = `event ${event.id} no longer fits the event model after enrichment${blame ? ` (last changed by ${blame})` : ''}: ${problems.join('; ')}`;
          const index = indexOf(batch, event.id);
          if (index !== undefined) batch.items[index] = { ok: false, code: 'INVALID_EVENT', reason };
          deadLetter(batch, 'validate', 'INVALID_EVENT', reason, event, { eventId: event.id, ...(blame ? { plugin: blame } : {}) });
        }
        out.length = kept;
      }
      batch.events = out;
      metrics$.next({
        stage: 'enrich',
        source: batch.source,
        eventsIn: batch.normalized,
        eventsOut: out.length,
        durationMs: performance.now() - started,
        plugins: chain.takeCounts(),
      });
      return batch;
    };
    const pending = chain.runBatch(batch.events, out, fail);
    return pending === undefined ? finish() : pending.then(finish);
  };

  // Stage 3: sinks, in order; an event is durable when every sink took it.
  const sinkStage = async (batch: Batch): Promise<Batch> => {
    const started = performance.now();
    let events = batch.events;
    for (const sink of sinks) {
      if (events.length === 0) break;
      let result;
      try {
        result = await sink.write(events);
      } catch (error) {
        // The whole write failed: every event of the batch is dead-lettered with the reason.
        onError(error, { stage: 'sink', plugin: sink.name });
        const reason = `sink ${sink.name} failed: ${describeError(error)}`;
        for (const event of events) {
          const index = indexOf(batch, event.id);
          if (index !== undefined) batch.items[index] = { ok: false, code: 'SINK_FAILED', reason };
          deadLetter(batch, 'sink', 'SINK_FAILED', reason, event, { plugin: sink.name, eventId: event.id });
        }
        events = [];
        break;
      }
      if (sink === sinks[0]) batch.duplicates = result.duplicates;
      if (result.failed.length > 0) {
        const failedIds = new Set<string>();
        for (const failure of result.failed) {
          const event = events[failure.index];
          if (!event) continue;
          failedIds.add(event.id);
          const reason = `sink ${sink.name} refused event ${event.id}: ${failure.reason}`;
          const index = indexOf(batch, event.id);
          if (index !== undefined) batch.items[index] = { ok: false, code: 'SINK_REFUSED', reason };
          deadLetter(batch, 'sink', 'SINK_REFUSED', reason, event, { plugin: sink.name, eventId: event.id });
        }
        events = events.filter((e) => !failedIds.has(e.id));
      }
    }
    batch.events = events;
    if (options.deadLetterSink && batch.deadLetters.length > 0) {
      await options.deadLetterSink.write(batch.deadLetters);
    }
    metrics$.next({
      stage: 'sink',
      source: batch.source,
      eventsIn: batch.normalized,
      eventsOut: events.length,
      durationMs: performance.now() - started,
    });
    return batch;
  };

  const complete = (batch: Batch): void => {
    for (const letter of batch.deadLetters) deadLetters$.next(letter);
    let accepted = 0;
    for (const item of batch.items) if (item.ok) accepted++;
    batch.resolve({ accepted, rejected: batch.items.length - accepted, duplicates: batch.duplicates, items: batch.items });
    // Correlation sees events only once they are durable.
    for (const event of batch.events) events$.next(event);
  };

  const processBatch = (batch: Batch): Observable<never> =>
    from(
      (async () => {
        const enriched = await enrichStage(normalizeStage(batch));
        complete(await sinkStage(enriched));
      })().catch((error: unknown) => {
        onError(error, { stage: 'pipeline' });
        batch.reject(error);
      }),
    ).pipe(mergeMap(() => EMPTY));

  const gauges = new Map<string, Map<string, number>>();
  const correlationContext = (pluginName: string): CorrelationContext => {
    const mine = new Map<string, number>();
    gauges.set(pluginName, mine);
    return {
      pluginName,
      ...(store ? { store } : {}),
      gauge: (name, value) => {
        if (Number.isFinite(value)) mine.set(name, value);
      },
    };
  };

  const pipeline: Pipeline = {
    events$: events$.asObservable(),
    alerts$: alerts$.asObservable(),
    deadLetters$: deadLetters$.asObservable(),
    metrics$: metrics$.asObservable(),

    async start(): Promise<void> {
      if (state !== 'new') return;
      for (const plugin of options.enrichment ?? []) await plugin.start?.();
      for (const sink of options.sinks ?? []) await sink.start?.();
      subscriptions.push(batches$.pipe(mergeMap(processBatch, options.sinkConcurrency ?? 4)).subscribe());

      // Correlation: each plugin's operator over the durable event stream, isolated.
      for (const plugin of correlation) {
        const ctx = correlationContext(plugin.name);
        const guarded = (): Observable<VigilAlert> =>
          plugin.correlate(events$.asObservable(), ctx).pipe(
            catchError((error: unknown) => {
              onError(error, { stage: 'correlate', plugin: plugin.name });
              deadLetters$.next(
                deadLetter(null, 'correlate', 'PLUGIN_FAILED', `plugin ${plugin.name} failed: ${describeError(error)}`, null, {
                  plugin: plugin.name,
                }),
              );
              // Resubscribe so one failure does not end the plugin for good.
              return guarded();
            }),
          );
        subscriptions.push(guarded().subscribe((alert) => rawAlerts$.next(alert)));
      }

      // Alerts are stored (and their events tagged) before anyone else sees them.
      subscriptions.push(
        rawAlerts$
          .pipe(
            tap(() => alertWork.begin()),
            mergeMap(async (alert) => {
              try {
                if (store) {
                  await store.writeAlerts([alert]);
                  const ids = alert.events.map((ref) => ref.id);
                  if (ids.length > 0) await store.tagEvents(ids, [alert.rule.name]);
                }
                alerts$.next(alert);
              } catch (error) {
                onError(error, { stage: 'correlate', plugin: alert.rule.id });
                deadLetters$.next(
                  deadLetter(null, 'correlate', 'ALERT_WRITE_FAILED', `alert ${alert.id} could not be stored: ${describeError(error)}`, alert),
                );
              } finally {
                alertWork.end();
              }
            }, 1),
          )
          .subscribe(),
      );

      // Response: each plugin on its own queue; failures are recorded, never fatal.
      for (const plugin of response) {
        const controller = new AbortController();
        subscriptions.push(
          alerts$
            .pipe(
              tap(() => alertWork.begin()),
              mergeMap(async (alert) => {
                const started = performance.now();
                try {
                  if (plugin.filter && !plugin.filter(alert)) return;
                  await plugin.respond(alert, { pluginName: plugin.name, signal: controller.signal });
                } catch (error) {
                  onError(error, { stage: 'respond', plugin: plugin.name });
                  deadLetters$.next(
                    deadLetter(null, 'respond', 'RESPONSE_FAILED', `plugin ${plugin.name} failed on alert ${alert.id}: ${describeError(error)}`, alert, {
                      plugin: plugin.name,
                    }),
                  );
                } finally {
                  alertWork.end();
                }
                metrics$.next({ stage: 'respond', source: plugin.name, eventsIn: 1, eventsOut: 1, durationMs: performance.now() - started });
              }, options.responseConcurrency ?? 4),
            )
            .subscribe(),
        );
        subscriptions.push({ unsubscribe: () => controller.abort() } as Subscription);
      }
      state = 'running';
    },

    async ingest(inputs: readonly unknown[], source: string): Promise<IngestResult> {
      if (state !== 'running') {
        throw new VigilError('PIPELINE_NOT_RUNNING', `the pipeline is ${state}: call start() before ingest(), and do not ingest after shutdown()`);
      }
      const receivedAt = new Date().toISOString();
      const chunks: Array<Promise<IngestResult>> = [];
      for (let offset = 0; offset < inputs.length || (offset === 0 && inputs.length === 0); offset += batchSize) {
        const slice = inputs.length <= batchSize ? inputs : inputs.slice(offset, offset + batchSize);
        const size = slice.length;
        const wait = semaphore.acquire(size);
        if (wait) await wait;
        const promise = new Promise<IngestResult>((resolve, reject) => {
          batches$.next({
            inputs: slice,
            source,
            receivedAt,
            items: new Array<IngestItemResult>(size),
            normalized: 0,
            indexById: null,
            deadLetters: [],
            events: [],
            duplicates: 0,
            resolve,
            reject,
          });
        }).finally(() => semaphore.release(size));
        inFlight.add(promise);
        void promise.finally(() => inFlight.delete(promise)).catch(() => undefined);
        chunks.push(promise);
        if (inputs.length === 0) break;
      }
      const results = await Promise.all(chunks);
      if (results.length === 1) return results[0]!;
      const items = results.flatMap((r) => r.items);
      const accepted = results.reduce((n, r) => n + r.accepted, 0);
      const duplicates = results.reduce((n, r) => n + r.duplicates, 0);
      return { accepted, rejected: items.length - accepted, duplicates, items };
    },

    async flush(): Promise<void> {
      await Promise.allSettled([...inFlight]);
      for (const sink of sinks) await sink.flush?.();
    },

    shutdown(): Promise<void> {
      shutdownPromise ??= (async () => {
        if (state === 'new') {
          state = 'stopped';
          return;
        }
        state = 'stopping';
        await Promise.allSettled([...inFlight]);
        batches$.complete();
        events$.complete();
        rawAlerts$.complete();
        // Alert writes and the responses they trigger drain before anything closes.
        await alertWork.idle();
        for (const sub of subscriptions) sub.unsubscribe();
        alerts$.complete();
        deadLetters$.complete();
        metrics$.complete();
        for (const plugin of [...(options.enrichment ?? []), ...response]) {
          try {
            await plugin.shutdown?.();
          } catch (error) {
            onError(error, { stage: 'shutdown', plugin: plugin.name });
          }
        }
        for (const sink of options.sinks ?? []) await sink.shutdown?.();
        await options.deadLetterSink?.shutdown?.();
        state = 'stopped';
      })();
      return shutdownPromise;
    },

    gauges: () => gauges,

    describe(): PipelineDescription {
      return {
        enrichment: chain.describe(),
        correlation: correlation.map((p) => p.name),
        response: response.map((p) => p.name),
        sinks: sinks.map((s) => s.name),
      };
    },
  };
  return pipeline;
}
