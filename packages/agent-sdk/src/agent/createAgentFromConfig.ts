import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { parseAcl } from '../acl/parseAcl';
import { AgentError } from '../errors/AgentError';
import type { ModuleLogger } from '../module/ModuleContext';
import { loadModules } from '../module/loadModules';
import { createModuleRunner } from '../module/ModuleRunner';
import { loadKeyringFromDir } from '../signing/Keyring';
import { createAmqpAgentTransport } from '../transport/AmqpAgentTransport';
import { openFileReplayGuard } from '../verify/FileReplayGuard';
import type { AgentTransport } from '../transport/AgentTransport';
import { createAgent } from './Agent';
import type { Agent } from './Agent';
import type { ActionResult } from './ActionResult';
import { createActionVerifier } from './createActionVerifier';
import type { AgentConfig } from './loadAgentConfig';

/** An agent built from configuration, with what it owns. */
export interface ConfiguredAgent {
  /** The agent. */
  agent: Agent;
  /** The replay journal in use, when the configuration names one. */
  replayJournal?: string;
  /** Stops the agent and its module workers. Safe to call twice. */
  close(): Promise<void>;
}

/** What {@link createAgentFromConfig} cannot read from the configuration file. */
export interface ConfiguredAgentOverrides {
  /** Required when the configuration says `transport: { type: in-process }`. */
  transport?: AgentTransport;
  /** Where trouble is reported. */
  logger?: ModuleLogger;
  /** Observes results. */
  onResult?: (result: ActionResult) => void;
}

async function refusePrivateKeys(dir: string): Promise<void> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => /\.(asc|pub)$/i.test(n));
  for (const name of names) {
    if ((await readFile(join(dir, name), 'utf8')).includes('PRIVATE KEY BLOCK')) {
      throw new AgentError('CONFIG_INVALID', `${join(dir, name)} holds a private key; agents must only have investigators' public keys`);
    }
  }
}

async function readAcl(config: AgentConfig): Promise<unknown> {
  if ('inline' in config.acl) return config.acl.inline;
  const file = config.acl.file;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new AgentError('CONFIG_INVALID', `cannot read ACL file ${file}: ${(cause as Error).message}`, { cause });
  }
  try {
    return file.endsWith('.json') ? JSON.parse(text) : parse(text);
  } catch (cause) {
    throw new AgentError('CONFIG_INVALID', `ACL file ${file} is not valid JSON/YAML: ${(cause as Error).message}`, { cause });
  }
}

/**
 * Builds an agent from a validated configuration: keyring from the key directory, ACL, module registry and worker
 * pool from the module specifier, the transport, and the signature/ACL/replay/target verifier (its replay guard kept
 * in `replayJournal` when the configuration names one).
 * @throws AgentError `CONFIG_INVALID`, `KEYRING_INVALID`, `MODULES_NOT_FOUND` on configuration problems.
 */
export async function createAgentFromConfig(config: AgentConfig, overrides: ConfiguredAgentOverrides = {}): Promise<ConfiguredAgent> {
  await refusePrivateKeys(config.keysDir);
  const keyring = await loadKeyringFromDir(config.keysDir);
  if (keyring.keys.length === 0) throw new AgentError('CONFIG_INVALID', `no public keys (*.asc, *.pub) in ${config.keysDir}: the agent would refuse every action`);
  const acl = parseAcl(await readAcl(config));
  if (!acl.ok) throw new AgentError('CONFIG_INVALID', `invalid ACL: ${acl.reason}`);
  const registry = await loadModules({ specifier: config.modules.specifier, exportName: config.modules.exportName });
  let transport: AgentTransport;
  if (config.transport.type === 'amqp') {
    const { url, toAgents, toSchedulers, queuePrefix } = config.transport;
    transport = createAmqpAgentTransport({
      url,
      topology: { ...(toAgents === undefined ? {} : { toAgents }), ...(toSchedulers === undefined ? {} : { toSchedulers }), ...(queuePrefix === undefined ? {} : { queuePrefix }) },
    });
  } else {
    if (overrides.transport === undefined) throw new AgentError('CONFIG_INVALID', 'transport type in-process needs a transport passed by the embedding program');
    transport = overrides.transport;
  }
  const runner = createModuleRunner({
    registry,
    timeoutMs: config.moduleTimeoutMs,
    preload: config.modules.preload,
    ...(config.modules.concurrency === undefined ? {} : { concurrency: config.modules.concurrency }),
    ...(overrides.logger === undefined ? {} : { logger: overrides.logger }),
  });
  let replayGuard;
  try {
    replayGuard = config.replayJournal === undefined ? undefined : openFileReplayGuard({ path: config.replayJournal });
  } catch (error) {
    await runner.close();
    throw error;
  }
  const agent = createAgent({
    transport,
    runner,
    verifier: createActionVerifier({ keyring, acl: acl.acl, clockSkewMs: config.clockSkewMs, ...(replayGuard === undefined ? {} : { replayGuard }) }),
    environment: { ...(config.id === undefined ? {} : { id: config.id }), ...(config.hostname === undefined ? {} : { hostname: config.hostname }), tags: config.tags },
    heartbeatIntervalMs: config.heartbeatIntervalMs,
    moduleTimeoutMs: config.moduleTimeoutMs,
    ...(overrides.logger === undefined ? {} : { logger: overrides.logger }),
    ...(overrides.onResult === undefined ? {} : { onResult: overrides.onResult }),
  });
  let closed = false;
  return {
    agent,
    ...(config.replayJournal === undefined ? {} : { replayJournal: config.replayJournal }),
    async close() {
      if (closed) return;
      closed = true;
      try {
        await agent.stop();
        await runner.close();
      } finally {
        replayGuard?.close();
      }
    },
  };
}
