import { describe, expect, it } from 'vitest';
import type { EnrichmentPlugin } from '../plugins/EnrichmentPlugin';
import { buildPlugins } from './buildPlugins';
import type { PluginCatalog } from './PluginCatalog';

const make = (name: string, priority?: number): EnrichmentPlugin => ({
  name,
  ...(priority === undefined ? {} : { priority }),
  registration: ['*'],
  enrich: (e) => e,
});

const catalog: PluginCatalog = {
  enrichment: {
    'enrich:one': () => make('enrich:one'),
    'enrich:strict': (options?: Record<string, unknown>) => {
      if (typeof options?.['level'] !== 'number') throw new Error('option "level" must be a number, e.g. level: 3');
      return make('enrich:strict', options['level'] as number);
    },
  },
  enrichmentPresets: { default: () => [make('enrich:p1'), make('enrich:p2')] },
  correlation: { 'alerts:pack': () => [{ name: 'alerts:a', correlate: (e) => e as never }, { name: 'alerts:b', correlate: (e) => e as never }] },
  defaults: { enrichmentPreset: 'default', correlation: ['alerts:pack'] },
};

describe('buildPlugins', () => {
  it('builds the catalog defaults when the configuration names nothing', () => {
    const built = buildPlugins({}, [catalog]);
    expect(built.enrichment.map((p) => p.name)).toEqual(['enrich:p1', 'enrich:p2']);
    expect(built.correlation.map((p) => p.name)).toEqual(['alerts:a', 'alerts:b']);
    expect(built.response).toEqual([]);
  });

  it('builds named plugins and presets in order with their options', () => {
    const built = buildPlugins({ enrichment: [{ plugin: 'enrich:strict', options: { level: 7 } }, { preset: 'default' }, { plugin: 'enrich:one' }] }, [catalog]);
    expect(built.enrichment.map((p) => p.name)).toEqual(['enrich:strict', 'enrich:p1', 'enrich:p2', 'enrich:one']);
    expect(built.enrichment[0]!.priority).toBe(7);
  });

  it('names the unknown plugin and the known ones', () => {
    expect(() => buildPlugins({ enrichment: [{ plugin: 'enrich:nope' }] }, [catalog])).toThrow(/enrichment\[0\]: no plugin named "enrich:nope". Known: enrich:one, enrich:strict/);
  });

  it('says which plugin refused which options', () => {
    expect(() => buildPlugins({ enrichment: [{ plugin: 'enrich:strict', options: {} }] }, [catalog])).toThrow(/enrich:strict refused its options: option "level" must be a number/);
  });
});
