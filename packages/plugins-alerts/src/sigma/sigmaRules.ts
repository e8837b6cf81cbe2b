import type { CorrelationContext, CorrelationPlugin, VigilAlert, VigilEvent } from '@vigil/core';
import { filter, map, merge, mergeMap, Observable, share, type OperatorFunction } from 'rxjs';
import { createAlert } from '../alert/createAlert';
import { groupMatcher } from './internal/specialize';
import { toMs, type Duration } from '../internal/duration';
import { compileFieldPath, keyOf } from '../internal/fieldPath';
import type { Limit } from '../internal/oneLimit';
import { createCorrelationStats, type CorrelationStats } from '../operators/CorrelationStats';
import type { Detection } from '../operators/Detection';
import type { GroupBy } from '../operators/StreamOptions';
import { sequence } from '../operators/sequence';
import { threshold } from '../operators/threshold';
import { throttleDetections } from '../operators/throttleDetections';
import { valueAggregate } from '../operators/valueAggregate';
import { valueCount } from '../operators/valueCount';
import type { CompiledSigmaCorrelation, CompiledSigmaRule, SigmaRuleSet } from './CompiledSigmaRule';

/** Options of {@link sigmaRules}. */
export interface SigmaRulesOptions {
  /** Plugin name. @default 'alerts:sigma' */
  name?: string;
  /** Per rule and host, further matches within this window are suppressed (counted on the next alert). @default '1m' */
  throttle?: Duration;
  /** Late events beyond this are ignored by correlation rules. @default 60000 */
  allowedLatenessMs?: number;
  /** Most group keys per correlation rule. @default 10000 */
  maxKeys?: number;
  /** Events carried per alert. @default 10 */
  maxSample?: number;
}

/** A plugin running a Sigma rule set, with its counters. */
export interface SigmaPlugin extends CorrelationPlugin {
  /** The rules it runs. */
  readonly ruleSet: SigmaRuleSet;
  /** Counters (events, detections, suppressed, late…). */
  readonly stats: CorrelationStats;
}

interface Matched {
  event: VigilEvent;
  rules: CompiledSigmaRule[];
}

/**
 * A correlation's group key. Plain fields are read as they are; an alias is read with the path of the first
 * referenced rule the event matched (`tags`), so events of different rules group by different fields.
 */
function correlationGroupBy(c: CompiledSigmaCorrelation, tags: WeakMap<VigilEvent, CompiledSigmaRule[]>): GroupBy | undefined {
  if (c.groupBy.length === 0) return undefined;
  if (c.groupBy.every((g): g is string => typeof g === 'string')) return c.groupBy;
  const readers = c.groupBy.map((g) => (typeof g === 'string' ? compileFieldPath(g) : new Map([...g.paths].map(([rule, path]) => [rule, compileFieldPath(path)]))));
  return (event) => {
    const matched = tags.get(event) ?? [];
    const rule = c.rules.find((r) => matched.includes(r));
    const parts: string[] = [];
    for (const reader of readers) {
      const read = typeof reader === 'function' ? reader : rule === undefined ? undefined : reader.get(rule);
      const part = read === undefined ? undefined : keyOf(read(event));
      if (part === undefined) return undefined;
      parts.push(part);
    }
    return parts.join('|');
  };
}

/**
 * Runs a compiled Sigma rule set as one correlation plugin: each event is tested once against every rule
 * (rules are compiled predicates), matching rules alert (throttled per rule and host), and correlation rules run
 * on Vigil's operators over the matches of the rules they reference. Referenced rules stay silent unless the
 * correlation says `generate: true`.
 */
export function sigmaRules(ruleSet: SigmaRuleSet, options: SigmaRulesOptions = {}): SigmaPlugin {
  const throttleMs = options.throttle === undefined ? 60_000 : toMs(options.throttle, 'sigma: throttle');
  const maxSample = options.maxSample ?? 10;
  const stats = createCorrelationStats();
  const silenced = new Set<CompiledSigmaRule>();
  for (const c of ruleSet.correlations) if (!c.generate) for (const r of c.rules) silenced.add(r);
  const rules = [...ruleSet.rules];
  const indexOf = new Map(rules.map((r, i) => [r, i]));
  // Rules sharing a logsource condition are checked together: the condition runs once per event per group.
  const groups = new Map<string, { source: (e: VigilEvent) => boolean; rules: CompiledSigmaRule[] }>();
  for (const rule of rules) {
    const g = groups.get(rule.sourceCondition);
    if (g === undefined) groups.set(rule.sourceCondition, { source: rule.source, rules: [rule] });
    else g.rules.push(rule);
  }
  const matchers = [...groups.values()].map((g) =>
    groupMatcher(g.source as (e: object) => boolean, g.rules.map((r) => r.detect as (e: object) => boolean), g.rules.map((r) => indexOf.get(r) as number)),
  );
  const alerting = new Set(rules.filter((r) => !silenced.has(r)));

  const ruleAlert = (rule: CompiledSigmaRule | CompiledSigmaCorrelation, d: Detection, summary: string): VigilAlert =>
    createAlert({
      rule: { id: rule.id, name: rule.title },
      summary,
      events: d.events,
      count: d.count,
      severity: rule.severity,
      category: 'sigma',
      tags: ['sigma', ...rule.tags],
      maxEvents: maxSample,
      details: { key: d.key, firstTime: new Date(d.firstTime).toISOString(), lastTime: new Date(d.lastTime).toISOString(), ...d.details },
    });

  const correlationOperator = (c: CompiledSigmaCorrelation, ctx: CorrelationContext): OperatorFunction<Matched, Detection> => {
    const tags = new WeakMap<VigilEvent, CompiledSigmaRule[]>();
    const groupBy = correlationGroupBy(c, tags);
    const common = {
      allowedLatenessMs: options.allowedLatenessMs ?? 60_000,
      maxKeys: options.maxKeys ?? 10_000,
      maxSample,
      stats,
      gauge: (n: string, v: number) => ctx.gauge(n, v),
      windowMs: c.windowMs,
      ...(groupBy === undefined ? {} : { groupBy }),
    };
    const refs = new Set(c.rules);
    const of = (rule: CompiledSigmaRule) => (e: VigilEvent) => (tags.get(e) ?? []).includes(rule);
    let op: OperatorFunction<VigilEvent, Detection>;
    if (c.type === 'event_count') op = threshold({ ...common, count: c.count });
    else if (c.type === 'value_count') op = valueCount({ ...common, count: c.count, field: c.field as string });
    else if (c.type === 'value_sum' || c.type === 'value_avg') {
      op = valueAggregate({ ...common, field: c.field as string, aggregate: c.type === 'value_sum' ? 'sum' : 'avg', ...(c.limit as Limit) });
    }
    else op = sequence({ ...common, steps: c.rules.map((r) => ({ where: of(r) })), ordered: c.type === 'temporal_ordered' });
    return (source) =>
      source.pipe(
        filter((m) => m.rules.some((r) => refs.has(r))),
        map((m) => {
          tags.set(m.event, m.rules);
          return m.event;
        }),
        op,
      );
  };

  return {
    name: options.name ?? 'alerts:sigma',
    ruleSet,
    stats,
    correlate(events, ctx) {
      const matched$ = new Observable<Matched>((subscriber) =>
        events.subscribe({
          next(event) {
            stats.events++;
            let hit: CompiledSigmaRule[] | undefined;
            for (const matcher of matchers) {
              const ids = matcher(event);
              if (ids !== undefined) for (const id of ids) (hit ??= []).push(rules[id] as CompiledSigmaRule);
            }
            if (hit !== undefined) subscriber.next({ event, rules: hit });
          },
          error: (e: unknown) => subscriber.error(e),
          complete: () => subscriber.complete(),
        }),
      ).pipe(share());
      const single$ = matched$.pipe(
        mergeMap((m) =>
          m.rules // the rules matched, in rule order
            .filter((r) => alerting.has(r))
            .map((rule) => ({ rule, d: { key: `${indexOf.get(rule) as number}|${m.event.hostname}`, events: [m.event], count: 1, firstTime: Date.parse(m.event.utctimestamp), lastTime: Date.parse(m.event.utctimestamp), details: { hostname: m.event.hostname } } as Detection })),
        ),
      );
      const singles = single$.pipe(
        map(({ d }) => {
          stats.detections++;
          return d;
        }),
        throttleDetections({ windowMs: throttleMs, stats }),
        map((d) => {
          const rule = rules[Number(d.key.slice(0, d.key.indexOf('|')))] as CompiledSigmaRule;
          return ruleAlert(rule, d, `Sigma: ${rule.title} on ${d.events[0]?.hostname ?? '?'}`);
        }),
      );
      const correlations = ruleSet.correlations.map((c) =>
        matched$.pipe(
          correlationOperator(c, ctx),
          map((d) => ({ ...d, key: `${c.id}|${d.key}` })),
          throttleDetections({ windowMs: throttleMs, stats }),
          map((d) => ruleAlert(c, { ...d, key: d.key.slice(c.id.length + 1) }, `Sigma correlation: ${c.title} for ${d.key.slice(c.id.length + 1)} (${d.count} events)`)),
        ),
      );
      return merge(singles, ...correlations);
    },
  };
}
