import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startVigil } from '@vigil/core';
import type { VigilInstance } from '@vigil/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plantDemoHosts } from './plantHosts';
import { runCompliance } from './runCompliance';

let dataDir: string;
let vigil: VigilInstance;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'vigil-example-compliance-store-'));
  vigil = await startVigil({ server: { port: 0 }, store: { dataDir } });
});

afterAll(async () => {
  await vigil.shutdown();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('compliance example into a real Vigil pipeline (vigil serve)', () => {
  it('stores every compliance item posted to POST /events, searchable per host and level', async () => {
    const { base, roots } = plantDemoHosts();
    try {
      const result = await runCompliance({ hosts: roots, post: `${vigil.url}/events` });
      expect(result.postStatus).toBeLessThan(300);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
    const store = vigil.store;
    if (!store) throw new Error('standalone Vigil has a store');
    await store.flush();
    const all = await store.search({ query: 'category:complianceitems', size: 1000 });
    expect(all.total).toBe(62);
    const db1 = await store.search({ query: 'category:complianceitems AND hostname:"db1.example"', size: 1000 });
    expect(db1.total).toBe(31);
    const failing = db1.hits.filter((e) => (e.details as { compliance?: boolean }).compliance === false);
    expect(failing).toHaveLength(21);
  });
});
