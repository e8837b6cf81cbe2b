import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startVigil, type VigilInstance } from '../../app/startVigil';
import type { PluginCatalog } from '../../config/PluginCatalog';
import type { VigilEvent } from '../../event/VigilEvent';

const catalog: PluginCatalog = {
  enrichment: {
    'enrich:explode': () => ({
      name: 'enrich:explode',
      registration: (e: VigilEvent) => e.summary === 'explode',
      enrich: () => {
        throw new Error('exploded on purpose');
      },
    }),
  },
};

describe('POST /_bulk answers', () => {
  let vigil: VigilInstance | undefined;
  let dir: string | undefined;

  afterEach(async () => {
    await vigil?.shutdown();
    if (dir) rmSync(dir, { recursive: true, force: true });
    vigil = undefined;
  });

  async function start(): Promise<VigilInstance> {
    dir = mkdtempSync(join(tmpdir(), 'vigil-bulk-'));
    vigil = await startVigil({ server: { port: 0 }, store: { dataDir: dir }, enrichment: [{ plugin: 'enrich:explode' }] }, { catalogs: [catalog] });
    return vigil;
  }

  async function bulk(url: string, lines: string[]): Promise<{ status: number; type: string | null; text: string }> {
    const res = await fetch(`${url}/_bulk`, { method: 'POST', body: `${lines.join('\n')}\n`, headers: { 'content-type': 'application/x-ndjson' } });
    return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
  }

  it('is the Elasticsearch bulk answer, item by item, in JSON with its fields in order', async () => {
    const { url } = await start();
    const res = await bulk(url, [
      '{"index":{"_index":"logs-\\"x\\"","_id":"b-1"}}',
      '{"summary":"one \\"quoted\\"","hostname":"h"}',
      '{"create":{}}',
      '{"summary":"explode","hostname":"h"}',
      '{"delete":{"_id":"d-1"}}',
      '{"index":{}}',
      '{"summary": broken',
    ]);
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/^application\/json/);
    const answer = JSON.parse(res.text) as { took: number; errors: boolean; items: unknown[] };
    expect(typeof answer.took).toBe('number');
    const items = answer.items as Array<Record<string, { error?: { reason: string } }>>;
    const reason = (i: number, action: string): string => items[i]?.[action]?.error?.reason ?? '';
    expect(reason(1, 'create')).toMatch(/exploded on purpose/);
    expect(reason(2, 'delete').length).toBeGreaterThan(0);
    expect(reason(3, 'index')).toMatch(/JSON/);
    const expected = {
      took: answer.took,
      errors: true,
      items: [
        { index: { _index: 'logs-"x"', _id: 'b-1', _version: 1, result: 'created', status: 201 } },
        { create: { _index: 'events', _id: null, status: 400, error: { type: 'vigil_plugin_exception', reason: reason(1, 'create') } } },
        { delete: { _index: 'events', _id: 'd-1', status: 400, error: { type: 'illegal_argument_exception', reason: reason(2, 'delete') } } },
        { index: { _index: 'events', _id: null, status: 400, error: { type: 'illegal_argument_exception', reason: reason(3, 'index') } } },
      ],
    };
    expect(res.text).toBe(JSON.stringify(expected));
  });

  it('asks for a retry (503, item by item) when the store cannot take the events', async () => {
    const started = await start();
    await started.store?.shutdown();
    const res = await bulk(started.url, ['{"index":{"_id":"r-1"}}', '{"summary":"retry me","hostname":"h"}']);
    expect(res.status).toBe(503);
    const answer = JSON.parse(res.text) as { errors: boolean; items: Array<{ index: { _id: string; status: number; error: { type: string } } }> };
    expect(answer.errors).toBe(true);
    expect(answer.items).toEqual([{ index: { _index: 'events', _id: 'r-1', status: 503, error: { type: 'mapper_parsing_exception', reason: expect.stringMatching(/shut down/) } } }]);
  });
});
