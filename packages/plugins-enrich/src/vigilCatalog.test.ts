import { buildPlugins, createPipeline, createSqliteStore } from '@vigil/core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { vigilCatalog } from './vigilCatalog';

describe('vigilCatalog', () => {
  it('names every plugin by the name it carries, so a configuration can build each one', () => {
    for (const [name, factory] of Object.entries(vigilCatalog.enrichment ?? {})) {
      const needsOptions: Record<string, Record<string, unknown>> = {
        'enrich:dropFields': { paths: ['details.x'] },
        'enrich:renameFields': { fields: { 'details.a': 'details.b' } },
        'enrich:copyFields': { fields: { 'details.a': 'details.b' } },
        'enrich:dropMatching': { queries: ['category:noise'] },
        'enrich:tagByRule': { rules: [{ query: 'category:x', tags: ['x'] }] },
      };
      const plugin = factory(needsOptions[name]);
      expect(plugin.name).toBe(name);
    }
  });

  it('gives vigil serve the default preset when the configuration names no enrichment', async () => {
    const built = buildPlugins({}, [vigilCatalog]);
    expect(built.enrichment.length).toBeGreaterThan(5);
    expect(built.enrichment.map((p) => p.name)).toContain('enrich:sshd');
    const dir = mkdtempSync(join(tmpdir(), 'vigil-catalog-'));
    const store = createSqliteStore({ dataDir: dir });
    await store.start();
    const pipeline = createPipeline({ store, enrichment: built.enrichment });
    await pipeline.start();
    await pipeline.ingest(
      [{ summary: 'Failed password for invalid user admin from 203.0.113.9 port 52114 ssh2', hostname: 'bastion', processname: 'sshd' }],
      'test',
    );
    const hit = (await store.search({ query: 'hostname:bastion' })).hits[0]!;
    expect(hit.details).toMatchObject({ username: 'admin', sourceipaddress: '203.0.113.9', success: false });
    await pipeline.shutdown();
    await store.shutdown();
    for (const plugin of built.enrichment) await plugin.shutdown?.();
    rmSync(dir, { recursive: true, force: true });
  });
});
