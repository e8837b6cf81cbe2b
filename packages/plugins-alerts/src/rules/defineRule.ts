import { VigilError, type CorrelationContext, type CorrelationPlugin, type VigilAlert, type VigilEvent } from '@vigil/core';
import { EMPTY, map, type Observable } from 'rxjs';
import { createAlert } from '../alert/createAlert';
import { toMs } from '../internal/duration';
import { oneLimit } from '../internal/oneLimit';
import { selectorsCheck as toPredicate } from '../internal/selectors';
import { compileTemplate } from '../internal/template';
import { createCorrelationStats, type CorrelationStats } from '../operators/CorrelationStats';
import { deadman } from '../operators/deadman';
import type { Detection } from '../operators/Detection';
import { firstSeen } from '../operators/firstSeen';
import { geovelocity } from '../operators/geovelocity';
import { match } from '../operators/match';
import { sequence } from '../operators/sequence';
import type { StreamOptions } from '../operators/StreamOptions';
import { threshold } from '../operators/threshold';
import { throttleDetections } from '../operators/throttleDetections';
import { valueAggregate } from '../operators/valueAggregate';
import { valueCount } from '../operators/valueCount';
import type { Detector, DetectorBounds, RuleDefinition } from './RuleDefinition';
import { scheduledQuery } from './scheduledQuery';

/** A correlation plugin built from a rule, with the rule and its live counters. */
export interface RulePlugin extends CorrelationPlugin {
  /** The definition it was built from. */
  readonly rule: RuleDefinition;
  /** Counters summed over its subscriptions. */
  readonly stats: CorrelationStats;
}

const RULE_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;

function bounds(d: DetectorBounds, rule: string, stats: CorrelationStats, ctx: CorrelationContext): StreamOptions {
  return {
    allowedLatenessMs: d.allowedLateness === undefined ? 60_000 : toMs(d.allowedLateness, `${rule}: allowedLateness`),
    ...(d.maxKeys === undefined ? {} : { maxKeys: d.maxKeys }),
    stats,
    gauge: (name, value) => ctx.gauge(name, value),
  };
}

/** Checks durations and queries now, so a bad rule fails at load time; returns the detection stream builder. */
function compileDetector(
  d: Detector,
  rule: string,
  maxSample: number,
): { build: (events: Observable<VigilEvent>, ctx: CorrelationContext, stats: CorrelationStats) => Observable<Detection>; windowMs: number } {
  const where = `rule ${rule}`;
  // Compile every query now so a bad one fails at load time; operators compile their own copy per subscription.
  if ('where' in d) toPredicate(d.where, `${where}: where`);
  if (d.type === 'sequence') d.steps.forEach((s, i) => toPredicate(s.where, `${where}: steps[${i}].where`));
  if (d.type === 'scheduled') toPredicate(d.query, `${where}: query`);
  switch (d.type) {
    case 'match': {
      const op = (stats: CorrelationStats) => match({ where: d.where, ...(d.groupBy === undefined ? {} : { groupBy: d.groupBy }), stats });
      return { build: (e, _c, stats) => e.pipe(op(stats)), windowMs: 0 };
    }
    case 'threshold': {
      const windowMs = toMs(d.window, `${where}: window`);
      const op = (ctx: CorrelationContext, stats: CorrelationStats) =>
        threshold({ ...bounds(d, rule, stats, ctx), maxSample, ...(d.where === undefined ? {} : { where: d.where }), ...(d.groupBy === undefined ? {} : { groupBy: d.groupBy }), count: d.count, windowMs });
      return { build: (e, c, s) => e.pipe(op(c, s)), windowMs };
    }
    case 'valueCount': {
      const windowMs = toMs(d.window, `${where}: window`);
      const op = (ctx: CorrelationContext, stats: CorrelationStats) =>
        valueCount({ ...bounds(d, rule, stats, ctx), maxSample, ...(d.where === undefined ? {} : { where: d.where }), ...(d.groupBy === undefined ? {} : { groupBy: d.groupBy }), field: d.field, count: d.count, windowMs });
      return { build: (e, c, s) => e.pipe(op(c, s)), windowMs };
    }
    case 'valueAggregate': {
      const windowMs = toMs(d.window, `${where}: window`);
      const limit = oneLimit(d.gt, d.gte);
      if (limit === undefined) throw new VigilError('RULE_INVALID', `${where}: valueAggregate needs exactly one of gt and gte`);
      const op = (ctx: CorrelationContext, stats: CorrelationStats) =>
        valueAggregate({
          ...bounds(d, rule, stats, ctx),
          maxSample,
          ...(d.where === undefined ? {} : { where: d.where }),
          ...(d.groupBy === undefined ? {} : { groupBy: d.groupBy }),
          ...(d.maxValuesPerKey === undefined ? {} : { maxValuesPerKey: d.maxValuesPerKey }),
          field: d.field,
          aggregate: d.aggregate,
          ...limit,
          windowMs,
        });
      // Option errors surface at load time, not on the first event.
      op({ pluginName: rule, gauge: () => undefined }, createCorrelationStats());
      return { build: (e, c, s) => e.pipe(op(c, s)), windowMs };
    }
    case 'sequence': {
      const windowMs = toMs(d.window, `${where}: window`);
      const op = (ctx: CorrelationContext, stats: CorrelationStats) =>
        sequence({
          ...bounds(d, rule, stats, ctx),
          maxSample,
          steps: d.steps,
          ...(d.groupBy === undefined ? {} : { groupBy: d.groupBy }),
          windowMs,
          ...(d.ordered === undefined ? {} : { ordered: d.ordered }),
        });
      return { build: (e, c, s) => e.pipe(op(c, s)), windowMs };
    }
    case 'firstSeen': {
      const warmupMs = d.warmup === undefined ? 0 : toMs(d.warmup, `${where}: warmup`);
      const op = (ctx: CorrelationContext, stats: CorrelationStats) =>
        firstSeen({
          ...bounds(d, rule, stats, ctx),
          ...(d.where === undefined ? {} : { where: d.where }),
          ...(d.groupBy === undefined ? {} : { groupBy: d.groupBy }),
          field: d.field,
          ...(d.known === undefined ? {} : { known: d.known }),
          warmupMs,
        });
      return { build: (e, c, s) => e.pipe(op(c, s)), windowMs: 0 };
    }
    case 'geovelocity': {
      const op = (ctx: CorrelationContext, stats: CorrelationStats) =>
        geovelocity({
          ...bounds(d, rule, stats, ctx),
          ...(d.where === undefined ? {} : { where: d.where }),
          ...(d.userField === undefined ? {} : { userField: d.userField }),
          ...(d.locationField === undefined ? {} : { locationField: d.locationField }),
          ...(d.maxKmh === undefined ? {} : { maxKmh: d.maxKmh }),
          ...(d.minDistanceKm === undefined ? {} : { minDistanceKm: d.minDistanceKm }),
        });
      return { build: (e, c, s) => e.pipe(op(c, s)), windowMs: 0 };
    }
    case 'deadman': {
      const periodMs = toMs(d.period, `${where}: period`);
      const op = (ctx: CorrelationContext, stats: CorrelationStats) =>
        deadman({
          periodMs,
          stats,
          gauge: (n, v) => ctx.gauge(n, v),
          ...(d.where === undefined ? {} : { where: d.where }),
          ...(d.groupBy === undefined ? {} : { groupBy: d.groupBy }),
          ...(d.keys === undefined ? {} : { keys: d.keys }),
          ...(d.repeat === undefined ? {} : { repeat: d.repeat }),
          ...(d.maxKeys === undefined ? {} : { maxKeys: d.maxKeys }),
        });
      return { build: (e, c, s) => e.pipe(op(c, s)), windowMs: 0 };
    }
    case 'scheduled': {
      const everyMs = toMs(d.every, `${where}: every`);
      const lookbackMs = toMs(d.lookback, `${where}: lookback`);
      if (everyMs <= 0) throw new VigilError('RULE_INVALID', `${where}: every must be more than 0`);
      return {
        build: (_e, ctx) => {
          if (ctx.store === undefined) {
            ctx.gauge('store_missing', 1);
            return EMPTY;
          }
          return scheduledQuery(ctx.store, {
            query: d.query,
            everyMs,
            lookbackMs,
            maxSample,
            ...(d.threshold === undefined ? {} : { threshold: d.threshold }),
            ...(d.aggregate === undefined ? {} : { aggregate: d.aggregate }),
          });
        },
        windowMs: everyMs,
      };
    }
    case 'custom':
      return { build: (e, c) => d.detect(e, c), windowMs: 0 };
  }
}

/**
 * Builds a correlation plugin (`alerts:<id>`) from a rule written in TypeScript. Queries, durations and
 * options are checked here, so a bad rule throws `VigilError` `RULE_INVALID` at load time, naming the rule.
 */
export function defineRule(rule: RuleDefinition): RulePlugin {
  if (!RULE_ID.test(rule.id)) {
    throw new VigilError('RULE_INVALID', `rule id "${rule.id}" must be 1-128 letters, digits, '_', '.', ':' or '-'`);
  }
  const name = rule.name ?? rule.id;
  const maxSample = rule.maxSample ?? 10;
  let compiled: ReturnType<typeof compileDetector>;
  try {
    compiled = compileDetector(rule.detect, rule.id, maxSample);
  } catch (error) {
    if (error instanceof VigilError) throw error;
    throw new VigilError('RULE_INVALID', `rule ${rule.id}: ${(error as Error).message}`, { cause: error });
  }
  const throttleMs = rule.throttle === undefined ? compiled.windowMs : toMs(rule.throttle, `rule ${rule.id}: throttle`);
  const summarize =
    typeof rule.summary === 'function'
      ? rule.summary
      : (() => {
          const t = compileTemplate(rule.summary ?? `${name}: {{key}} ({{count}} events)`);
          return (d: Detection) => t({ key: d.key, count: d.count, details: d.details, event: d.events[0] ?? {} });
        })();
  const stats = createCorrelationStats();
  return {
    name: `alerts:${rule.id}`,
    rule,
    stats,
    correlate(events, ctx): Observable<VigilAlert> {
      return compiled.build(events, ctx, stats).pipe(
        throttleDetections({ windowMs: throttleMs, stats }),
        map((d) =>
          createAlert({
            rule: { id: rule.id, name },
            summary: summarize(d),
            events: d.events,
            count: d.count,
            maxEvents: maxSample,
            ...(rule.severity === undefined ? {} : { severity: rule.severity }),
            ...(rule.category === undefined ? {} : { category: rule.category }),
            ...(rule.tags === undefined ? {} : { tags: rule.tags }),
            ...(rule.url === undefined ? {} : { url: rule.url }),
            details: { key: d.key, firstTime: new Date(d.firstTime).toISOString(), lastTime: new Date(d.lastTime).toISOString(), ...d.details },
          }),
        ),
      );
    },
  };
}
