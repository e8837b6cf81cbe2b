import type { EnrichmentPlugin, EnrichmentResult, VigilEvent } from '@vigil/core';

/** A normalized event as core's sources produce it, with the given fields. */
export function makeEvent(fields: Partial<VigilEvent> = {}): VigilEvent {
  return {
    id: 'evt-1',
    utctimestamp: '2024-01-02T03:04:05.000Z',
    receivedtimestamp: '2024-01-02T03:04:06.000Z',
    timestamp: '2024-01-02T03:04:05.000Z',
    hostname: '',
    processname: '',
    processid: '',
    severity: 'INFO',
    summary: '',
    category: '',
    source: '',
    tags: [],
    details: {},
    ...fields,
  };
}

/** Whether the plugin's registration selects the event (predicate or MozDef-style terms). */
export function registers(plugin: EnrichmentPlugin, event: VigilEvent): boolean {
  const reg = plugin.registration;
  if (typeof reg === 'function') return reg(event);
  if (reg.includes('*')) return true;
  const terms = new Set(reg.map((t) => t.toLowerCase()));
  const visit = (value: unknown): boolean => {
    if (typeof value === 'string') return terms.has(value.toLowerCase());
    if (Array.isArray(value)) return value.some(visit);
    if (typeof value === 'object' && value !== null) {
      return Object.entries(value).some(([k, v]) => terms.has(k.toLowerCase()) || visit(v));
    }
    return false;
  };
  return visit(event);
}

/** Runs one plugin on one event as the pipeline does (registration first); returns the result. */
export function run(plugin: EnrichmentPlugin, event: VigilEvent): EnrichmentResult {
  if (!registers(plugin, event)) return event;
  const result = plugin.enrich(event, { pluginName: plugin.name });
  if (result instanceof Promise) throw new Error('the enrichment plugins of this package are synchronous');
  return result;
}

/** Runs a plugin that must return exactly one event. */
export function runOne(plugin: EnrichmentPlugin, event: VigilEvent): VigilEvent {
  const result = run(plugin, event);
  if (result === null || Array.isArray(result)) throw new Error(`expected one event, got ${JSON.stringify(result)}`);
  return result;
}

/** Runs plugins in priority order over one event (as the pipeline does), returning every surviving event. */
export function runAll(plugins: readonly EnrichmentPlugin[], event: VigilEvent): VigilEvent[] {
  const ordered = [...plugins].sort((a, b) => (a.priority ?? 50) - (b.priority ?? 50));
  let events: VigilEvent[] = [event];
  for (const plugin of ordered) {
    const next: VigilEvent[] = [];
    for (const e of events) {
      const r = run(plugin, e);
      if (r === null) continue;
      if (Array.isArray(r)) next.push(...r);
      else next.push(r);
    }
    events = next;
  }
  return events;
}
