import type { VigilEvent } from '../../event/VigilEvent';
import type { EnrichmentContext, EnrichmentPlugin, EnrichmentResult } from '../../plugins/EnrichmentPlugin';
import type { PluginCounts } from '../StageMetric';

const DEFAULT_PRIORITY = 50;
const TERM_DEPTH_LIMIT = 8;

interface Step {
  readonly plugin: EnrichmentPlugin;
  readonly name: string;
  readonly priority: number;
  readonly context: EnrichmentContext;
  /** null: runs on every event; a function: predicate; a set: MozDef terms. */
  readonly matcher: null | ((event: VigilEvent) => boolean) | ReadonlySet<string>;
  readonly counts: PluginCounts;
}

type ChainResult = VigilEvent | VigilEvent[] | null | Promise<VigilEvent | VigilEvent[] | null>;

/** Called when a plugin throws on an event; the event leaves the chain. */
export type PluginFailure = (pluginName: string, event: VigilEvent, error: unknown) => void;

/** Orders plugins by priority (stable), then registration order. */
export function orderPlugins(plugins: readonly EnrichmentPlugin[]): EnrichmentPlugin[] {
  return plugins
    .map((plugin, index) => ({ plugin, index, priority: plugin.priority ?? DEFAULT_PRIORITY }))
    .sort((a, b) => a.priority - b.priority || a.index - b.index)
    .map((entry) => entry.plugin);
}

/** Lower-cased keys and string values of an event, as MozDef's registration matched them. */
function collectTerms(value: unknown, into: Set<string>, depth: number): void {
  if (depth > TERM_DEPTH_LIMIT || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const item of value) {
      if (typeof item === 'string') into.add(item.toLowerCase());
      else collectTerms(item, into, depth + 1);
    }
    return;
  }
  for (const key of Object.keys(value)) {
    into.add(key.toLowerCase());
    const item = (value as Record<string, unknown>)[key];
    if (typeof item === 'string') {
      if (item.length <= 256) into.add(item.toLowerCase());
    } else collectTerms(item, into, depth + 1);
  }
}

/** Records that `name` ran on the event, once even when the plugin recorded itself too. */
function markRan(event: VigilEvent, name: string): void {
  const list = event.plugins;
  if (list === undefined) event.plugins = [name];
  else if (list[list.length - 1] !== name) list.push(name);
}

function isPromiseLike<T>(value: unknown): value is PromiseLike<T> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/**
 * Runs enrichment plugins over events in priority order. Synchronous plugins cost no promise;
 * the first asynchronous answer switches that event (only) to the async path.
 */
export class EnrichmentChain {
  private readonly steps: Step[];
  private readonly needsTerms: boolean;

  constructor(plugins: readonly EnrichmentPlugin[]) {
    this.steps = orderPlugins(plugins).map((plugin) => {
      const reg = plugin.registration;
      let matcher: Step['matcher'];
      if (typeof reg === 'function') matcher = reg;
      else if (reg.includes('*')) matcher = null;
      else matcher = new Set(reg.map((term) => term.toLowerCase()));
      return {
        plugin,
        name: plugin.name,
        priority: plugin.priority ?? DEFAULT_PRIORITY,
        context: Object.freeze({ pluginName: plugin.name }),
        matcher,
        counts: { ran: 0, dropped: 0, failed: 0 },
      };
    });
    this.needsTerms = this.steps.some((step) => step.matcher instanceof Set);
  }

  /** Plugins in run order with their priorities. */
  describe(): Array<{ name: string; priority: number }> {
    return this.steps.map((s) => ({ name: s.name, priority: s.priority }));
  }

  /** Per-plugin counts since the last call, then reset. */
  takeCounts(): Record<string, PluginCounts> {
    const out: Record<string, PluginCounts> = {};
    for (const step of this.steps) {
      out[step.name] = { ...step.counts };
      step.counts.ran = 0;
      step.counts.dropped = 0;
      step.counts.failed = 0;
    }
    return out;
  }

  /** Runs every plugin over a batch; appends survivors to `out` in input order. Returns a promise only if a plugin was async. */
  runBatch(events: readonly VigilEvent[], out: VigilEvent[], fail: PluginFailure): void | Promise<void> {
    const results = new Array<ChainResult>(events.length);
    let async = false;
    for (let k = 0; k < events.length; k++) {
      const r = this.runFrom(events[k]!, 0, null, fail);
      results[k] = r;
      if (!async && isPromiseLike(r)) async = true;
    }
    const collect = (settled: ReadonlyArray<VigilEvent | VigilEvent[] | null>): void => {
      for (const r of settled) {
        if (r === null) continue;
        if (Array.isArray(r)) for (const e of r) out.push(e);
        else out.push(r);
      }
    };
    if (!async) {
      collect(results as Array<VigilEvent | VigilEvent[] | null>);
      return undefined;
    }
    return Promise.all(results).then(collect);
  }

  /**
   * Runs steps from `index` on one event. Returns the event, an array (after a split), null (dropped or
   * failed) or a promise of one of those.
   */
  private runFrom(
    event: VigilEvent,
    index: number,
    termsIn: Set<string> | null,
    fail: PluginFailure,
  ): ChainResult {
    let current = event;
    let terms = termsIn;
    for (let i = index; i < this.steps.length; i++) {
      const step = this.steps[i]!;
      const matcher = step.matcher;
      if (matcher !== null) {
        if (typeof matcher === 'function') {
          let wanted: boolean;
          try {
            wanted = matcher(current);
          } catch (error) {
            step.counts.failed++;
            fail(step.name, current, error);
            return null;
          }
          if (!wanted) continue;
        } else {
          if (terms === null && this.needsTerms) {
            terms = new Set();
            collectTerms(current, terms, 0);
          }
          let hit = false;
          for (const term of matcher) {
            if (terms!.has(term)) {
              hit = true;
              break;
            }
          }
          if (!hit) continue;
        }
      }
      step.counts.ran++;
      let result: EnrichmentResult | Promise<EnrichmentResult>;
      try {
        result = step.plugin.enrich(current, step.context);
      } catch (error) {
        step.counts.failed++;
        fail(step.name, current, error);
        return null;
      }
      // Most plugins change the event in place and return it: no promise or split check for those.
      if (result === current) {
        markRan(current, step.name);
        terms = null;
        continue;
      }
      if (isPromiseLike<EnrichmentResult>(result)) {
        const before = current;
        return Promise.resolve(result).then(
          (value) => this.afterStep(step, before, value, i, fail),
          (error: unknown) => {
            step.counts.failed++;
            fail(step.name, before, error);
            return null;
          },
        );
      }
      const next = this.settle(step, current, result);
      if (next === null) return null;
      if (Array.isArray(next)) return this.runMany(next, i + 1, fail);
      current = next;
      terms = null;
    }
    return current;
  }

  private afterStep(
    step: Step,
    before: VigilEvent,
    value: EnrichmentResult,
    i: number,
    fail: PluginFailure,
  ): ChainResult {
    const next = this.settle(step, before, value);
    if (next === null) return null;
    if (Array.isArray(next)) return this.runMany(next, i + 1, fail);
    return this.runFrom(next, i + 1, null, fail);
  }

  /** Applies a plugin's answer: marks the plugin on the event, counts drops, ids split events. */
  private settle(step: Step, before: VigilEvent, result: EnrichmentResult): VigilEvent | VigilEvent[] | null {
    if (result === null || result === undefined) {
      step.counts.dropped++;
      return null;
    }
    if (Array.isArray(result)) {
      const seen = new Set<string>();
      const out: VigilEvent[] = [];
      result.forEach((e, n) => {
        if (e === null || typeof e !== 'object') return;
        // Children of a split keep distinct, deterministic ids so redelivery stays idempotent.
        if (typeof e.id !== 'string' || e.id === '' || seen.has(e.id) || (e.id === before.id && result.length > 1)) {
          e.id = `${before.id}:${n}`;
        }
        seen.add(e.id);
        markRan(e, step.name);
        out.push(e);
      });
      if (out.length === 0) step.counts.dropped++;
      return out.length === 0 ? null : out;
    }
    markRan(result, step.name);
    return result;
  }

  private runMany(events: VigilEvent[], from: number, fail: PluginFailure): VigilEvent[] | Promise<VigilEvent[]> {
    const out: VigilEvent[] = [];
    let pending: Array<Promise<void>> | undefined;
    for (const e of events) {
      const r = this.runFrom(e, from, null, fail);
      if (r === null) continue;
      if (Array.isArray(r)) out.push(...r);
      else if (isPromiseLike<VigilEvent | VigilEvent[] | null>(r)) {
        (pending ??= []).push(
          Promise.resolve(r).then((v) => {
            if (v === null) return;
            if (Array.isArray(v)) out.push(...v);
            else out.push(v);
          }),
        );
      } else out.push(r);
    }
    return pending === undefined ? out : Promise.all(pending).then(() => out);
  }
}
