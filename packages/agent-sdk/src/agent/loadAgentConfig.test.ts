import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAgentConfig } from './loadAgentConfig';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-config-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function write(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

describe('loadAgentConfig', () => {
  it('reads a YAML config, resolving paths and durations', async () => {
    const path = await write(
      'agent.yaml',
      [
        'id: web-1',
        'tags: { env: prod, role: web }',
        'keys: ./keys',
        'acl: ./acl.json',
        'transport: { type: amqp, url: "amqp://guest:guest@127.0.0.1:5672", queuePrefix: corp }',
        'modules: { specifier: ./my-modules.js, export: modules, concurrency: 2 }',
        'moduleTimeout: 45s',
        'heartbeatInterval: 5m',
        'replayJournal: ./state/replay.journal',
      ].join('\n'),
    );
    expect(await loadAgentConfig(path)).toEqual({
      id: 'web-1',
      tags: { env: 'prod', role: 'web' },
      keysDir: join(dir, 'keys'),
      acl: { file: join(dir, 'acl.json') },
      transport: { type: 'amqp', url: 'amqp://guest:guest@127.0.0.1:5672', queuePrefix: 'corp' },
      modules: { specifier: join(dir, 'my-modules.js'), exportName: 'modules', concurrency: 2, preload: [] },
      moduleTimeoutMs: 45_000,
      heartbeatIntervalMs: 300_000,
      clockSkewMs: 60_000,
      replayJournal: join(dir, 'state', 'replay.journal'),
    });
  });

  it('accepts an inline ACL and defaults', async () => {
    const path = await write('inline.yaml', 'keys: /etc/vigil/keys\nacl:\n  default:\n    minimumweight: 1\n    investigators: {}\ntransport:\n  type: in-process\n');
    const config = await loadAgentConfig(path);
    expect(config.acl).toEqual({ inline: { default: { minimumweight: 1, investigators: {} } } });
    expect(config.modules).toEqual({ specifier: '@vigil/modules', exportName: 'allModules', preload: [] });
    expect(config.heartbeatIntervalMs).toBe(60_000);
    expect(config.replayJournal).toBeUndefined();
  });

  it('reports every problem at once with its path', async () => {
    const path = await write('bad.yaml', 'id: "bad id"\ntags: { env: 3 }\nacl: ./acl.json\ntransport: { type: amqp, port: 5672 }\nmoduleTimeout: soon\ncolour: blue\n');
    const error = (await loadAgentConfig(path).then(
      () => new Error("no error"),
      (e: unknown) => e as Error,
    )) as Error & { code?: string };
    expect(error.code).toBe('CONFIG_INVALID');
    for (const problem of [
      '(root): missing "keys"',
      '(root): unknown setting "colour"',
      'id: must match pattern',
      'tags.env: must be string',
      'transport: unknown setting "port"',
      'transport: missing "url"',
      'moduleTimeout: must be integer',
    ]) {
      expect(error.message).toContain(problem);
    }
    await expect(loadAgentConfig(join(dir, 'missing.yaml'))).rejects.toThrow(/cannot read agent config/);
    await expect(loadAgentConfig(await write('broken.yaml', 'keys: [unclosed'))).rejects.toThrow(/not valid YAML/);
  });
});
