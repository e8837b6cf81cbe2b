import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { Ajv } from 'ajv';
import type { ErrorObject } from 'ajv';
import { parse } from 'yaml';
import { AgentError } from '../errors/AgentError';
import { parseDuration } from '../investigator/parseDuration';

/** A validated agent configuration, paths resolved against the config file's directory. */
export interface AgentConfig {
  /** Agent id; by default `<hostname>.<random>`. */
  id?: string;
  /** Host name reported (default: the machine's). */
  hostname?: string;
  /** Tags for selectors, e.g. `{ env: prod }`. */
  tags: Record<string, string>;
  /** Directory of investigators' public keys (`*.asc`, `*.pub`); private keys are refused. */
  keysDir: string;
  /** ACL: inline, or read from a JSON/YAML file. */
  acl: { inline: unknown } | { file: string };
  /** How actions arrive. */
  transport: { type: 'amqp'; url: string; toAgents?: string; toSchedulers?: string; queuePrefix?: string } | { type: 'in-process' };
  /** Where module definitions come from. */
  modules: { specifier: string; exportName: string; concurrency?: number; preload: string[] };
  /** Time each module gets, in ms. */
  moduleTimeoutMs: number;
  /** Time between heartbeats, in ms. */
  heartbeatIntervalMs: number;
  /** Tolerated clock skew with investigators, in ms. */
  clockSkewMs: number;
  /** Journal of accepted actions, so replays are refused across restarts; in memory when absent. */
  replayJournal?: string;
}

const duration = { anyOf: [{ type: 'integer', minimum: 1 }, { type: 'string', pattern: '^(\\d+(\\.\\d+)?(ms|s|m|h|d))+$' }] };

/** JSON Schema of the agent's YAML configuration. */
export const agentConfigSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['keys', 'acl', 'transport'],
  properties: {
    id: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$' },
    hostname: { type: 'string', minLength: 1 },
    tags: { type: 'object', additionalProperties: { type: 'string' } },
    keys: { type: 'string', minLength: 1 },
    acl: { anyOf: [{ type: 'string', minLength: 1 }, { type: 'object' }] },
    transport: {
      type: 'object',
      required: ['type'],
      properties: {
        type: { enum: ['amqp', 'in-process'] },
        url: { type: 'string', pattern: '^amqps?://' },
        toAgents: { type: 'string', minLength: 1 },
        toSchedulers: { type: 'string', minLength: 1 },
        queuePrefix: { type: 'string', minLength: 1 },
      },
      additionalProperties: false,
      if: { properties: { type: { const: 'amqp' } } },
      then: { required: ['url'] },
    },
    modules: {
      type: 'object',
      additionalProperties: false,
      properties: {
        specifier: { type: 'string', minLength: 1 },
        export: { type: 'string', minLength: 1 },
        concurrency: { type: 'integer', minimum: 1, maximum: 64 },
        preload: { type: 'array', items: { type: 'string' } },
      },
    },
    moduleTimeout: duration,
    heartbeatInterval: duration,
    clockSkew: duration,
    replayJournal: { type: 'string', minLength: 1 },
  },
} as const;

const validate = new Ajv({ allErrors: true, strict: false }).compile(agentConfigSchema);

function describe(error: ErrorObject): string {
  const where = error.instancePath === '' ? '(root)' : error.instancePath.slice(1).replaceAll('/', '.');
  if (error.keyword === 'additionalProperties') return `${where}: unknown setting "${String(error.params['additionalProperty'])}"`;
  if (error.keyword === 'required') return `${where}: missing "${String(error.params['missingProperty'])}"`;
  if (error.keyword === 'enum') return `${where}: must be one of ${(error.params['allowedValues'] as unknown[]).map(String).join(', ')}`;
  return `${where}: ${error.message ?? 'is invalid'}`;
}

const ms = (value: unknown, fallback: number): number => (typeof value === 'number' ? value : typeof value === 'string' ? (parseDuration(value) ?? fallback) : fallback);

/**
 * Reads and validates an agent's YAML configuration, reporting every problem at once with its path.
 * Relative paths (keys, ACL file, relative module specifiers) are resolved against the file's directory.
 * @throws AgentError `CONFIG_INVALID` listing all problems, or `CONFIG_UNREADABLE`.
 */
export async function loadAgentConfig(path: string): Promise<AgentConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new AgentError('CONFIG_UNREADABLE', `cannot read agent config ${path}: ${(cause as Error).message}`, { cause });
  }
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (cause) {
    throw new AgentError('CONFIG_INVALID', `agent config ${path} is not valid YAML: ${(cause as Error).message}`, { cause });
  }
  return parseAgentConfig(raw, dirname(resolve(path)), path);
}

/** Validates an already-parsed configuration object (see {@link loadAgentConfig}). */
export function parseAgentConfig(raw: unknown, baseDir: string, label = 'agent config'): AgentConfig {
  if (!validate(raw)) {
    const problems = [...new Set((validate.errors ?? []).filter((e) => e.keyword !== 'if' && e.keyword !== 'anyOf').map(describe))];
    throw new AgentError('CONFIG_INVALID', `${label} is invalid:\n  - ${problems.join('\n  - ')}`);
  }
  const c = raw as {
    id?: string;
    hostname?: string;
    tags?: Record<string, string>;
    keys: string;
    acl: string | Record<string, unknown>;
    transport: AgentConfig['transport'];
    modules?: { specifier?: string; export?: string; concurrency?: number; preload?: string[] };
    moduleTimeout?: number | string;
    heartbeatInterval?: number | string;
    clockSkew?: number | string;
    replayJournal?: string;
  };
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(baseDir, p));
  const specifier = c.modules?.specifier ?? '@vigil/modules';
  return {
    ...(c.id === undefined ? {} : { id: c.id }),
    ...(c.hostname === undefined ? {} : { hostname: c.hostname }),
    tags: c.tags ?? {},
    keysDir: abs(c.keys),
    acl: typeof c.acl === 'string' ? { file: abs(c.acl) } : { inline: c.acl },
    transport: c.transport,
    modules: {
      specifier: specifier.startsWith('.') ? abs(specifier) : specifier,
      exportName: c.modules?.export ?? 'allModules',
      ...(c.modules?.concurrency === undefined ? {} : { concurrency: c.modules.concurrency }),
      preload: (c.modules?.preload ?? []).map((p) => (p.startsWith('.') ? abs(p) : p)),
    },
    moduleTimeoutMs: ms(c.moduleTimeout, 30_000),
    heartbeatIntervalMs: ms(c.heartbeatInterval, 60_000),
    clockSkewMs: ms(c.clockSkew, 60_000),
    ...(c.replayJournal === undefined ? {} : { replayJournal: abs(c.replayJournal) }),
  };
}
