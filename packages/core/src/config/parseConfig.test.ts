import { describe, expect, it } from 'vitest';
import { parseConfig } from './parseConfig';
import schemaFile from '../../schemas/config.schema.json';

describe('parseConfig', () => {
  it('accepts an empty file and a full configuration', () => {
    expect(parseConfig('')).toEqual({ ok: true, config: {} });
    const full = parseConfig(`
server: { host: 0.0.0.0, port: 9000, maxBodyBytes: 1048576 }
store: { type: sqlite, dataDir: /var/lib/vigil }
normalize: { defaultTimeZone: Europe/Paris }
pipeline: { maxInFlight: 1000, batchSize: 100 }
packages: ['@vigil/plugins-enrich']
enrichment:
  - preset: default
  - plugin: enrich:geoip
    options: { database: /data/city.mmdb }
response:
  - plugin: respond:webhook
    options: { url: https://hooks.example/x }
`);
    expect(full.ok).toBe(true);
    if (full.ok) expect(full.config.enrichment?.[1]).toEqual({ plugin: 'enrich:geoip', options: { database: '/data/city.mmdb' } });
  });

  it('configures the Elasticsearch store and the tiers', () => {
    const result = parseConfig(`
role: worker
store: { type: elasticsearch, node: [http://es1:9200, http://es2:9200], indexPrefix: vigil-events, retentionDays: 30 }
amqp: { url: amqp://mq:5672, framing: mozdef, prefetch: 500, maxAttempts: 3 }
`);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.config.store).toMatchObject({ type: 'elasticsearch', retentionDays: 30 });
    const bad = parseConfig('role: scheduler\namqp: { framing: json }\n');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors).toEqual(expect.arrayContaining([expect.stringMatching(/^\/role: must be one of/), expect.stringMatching(/^\/amqp\/framing: must be one of/)]));
  });

  it('reports every error at once, each with its path', () => {
    const result = parseConfig(`
server: { port: 70000, colour: blue }
store: { type: postgres }
pipeline: { batchSize: 0 }
enrichment:
  - options: {}
`);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\/server\/port: must be <= 65535/),
        '/server: unknown key "colour"',
        expect.stringMatching(/^\/store\/type: must be one of "sqlite"/),
        expect.stringMatching(/^\/pipeline\/batchSize: must be >= 1/),
        expect.stringMatching(/^\/enrichment\/0: must have required property 'plugin'/),
      ]),
    );
  });

  it('substitutes ${ENV} and ${ENV:-default}, and names unset variables', () => {
    const ok = parseConfig('store: { dataDir: "${VIGIL_DIR}/x" }\nserver: { host: "${HOST_NOT_SET:-127.0.0.2}" }', { VIGIL_DIR: '/srv' });
    expect(ok).toEqual({ ok: true, config: { store: { dataDir: '/srv/x' }, server: { host: '127.0.0.2' } } });
    const bad = parseConfig('store: { dataDir: "${NOPE}" }', {});
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors[0]).toMatch(/\/store\/dataDir: environment variable NOPE is not set/);
  });

  it('reports YAML syntax errors with line and column', () => {
    const result = parseConfig('server:\n  port: [1, 2\n');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]).toMatch(/line \d+, column \d+/);
  });

  it('is backed by the published schema file', () => {
    expect(schemaFile.$id).toContain('config.schema.json');
  });
});
