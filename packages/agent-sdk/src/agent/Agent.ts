import { gunzipSync } from 'node:zlib';
import { toComplianceItems } from '../compliance/toComplianceItems';
import { AgentError } from '../errors/AgentError';
import type { ModuleLogger } from '../module/ModuleContext';
import type { ModuleRunner } from '../module/ModuleRunner';
import type { ModuleResult } from '../module/ModuleResult';
import { evaluateSelector } from '../selector/evaluateSelector';
import { parseSelector } from '../selector/parseSelector';
import type { SelectorNode } from '../selector/parseSelector';
import type { AgentMessage, AgentTransport } from '../transport/AgentTransport';
import type { ActionResult, OperationResult } from './ActionResult';
import type { ActionVerifier, VerifiedAction } from './ActionVerifier';
import { collectEnvironment, isValidAgentId } from './AgentEnvironment';
import type { AgentEnvironment, CollectEnvironmentOptions } from './AgentEnvironment';
import type { Heartbeat } from './Heartbeat';

/** Options of {@link createAgent}. */
export interface AgentOptions {
  /** Where actions come from and results go. */
  transport: AgentTransport;
  /** Checks each action before it runs (signatures, ACL, validity, replay, target). */
  verifier: ActionVerifier;
  /** Runs the operations' modules in worker threads. */
  runner: ModuleRunner;
  /** Id, tags, host name and version; the rest is read from the host. */
  environment?: CollectEnvironmentOptions;
  /** Time between heartbeats in daemon mode, in ms. @default 60000 */
  heartbeatIntervalMs?: number;
  /** Time each module gets, in ms (never past the action's expiry). @default 30000 */
  moduleTimeoutMs?: number;
  /** Where the agent reports transport trouble. */
  logger?: ModuleLogger;
  /** Called with every result the agent produces, after it is sent. */
  onResult?: (result: ActionResult) => void;
}

/** An agent: verifies actions, runs their modules isolated, answers. */
export interface Agent {
  /** What the agent reports about itself. */
  readonly environment: AgentEnvironment;
  /** Daemon mode: connects, heartbeats periodically and handles actions until `stop`. */
  start(): Promise<void>;
  /** Check-in mode: connects, sends a heartbeat, handles the actions waiting in its queue, disconnects; returns how many. */
  checkIn(): Promise<number>;
  /** Verifies and runs one action and returns the result (without sending it). */
  handle(action: unknown): Promise<ActionResult>;
  /** True when the target selector matches this agent. Unparseable selectors match nothing. */
  matchesTarget(target: string): boolean;
  /** Stops heartbeats, waits for actions in flight, disconnects. Safe to call twice. */
  stop(): Promise<void>;
}

function rawId(action: unknown): string {
  if (typeof action === 'object' && action !== null) {
    const id = (action as { id?: unknown }).id;
    if (typeof id === 'string' || typeof id === 'number') return String(id);
  }
  return 'unknown';
}

function failed(message: string): ModuleResult {
  return { foundanything: false, success: false, elements: null, statistics: null, errors: [message] };
}

function parametersOf(operation: VerifiedAction['operations'][number]): { ok: true; params: unknown } | { ok: false; reason: string } {
  if (operation.is_compressed !== true) return { ok: true, params: operation.parameters ?? {} };
  if (typeof operation.parameters !== 'string') return { ok: false, reason: 'compressed parameters must be a base64 string' };
  try {
    return { ok: true, params: JSON.parse(gunzipSync(Buffer.from(operation.parameters, 'base64'), { maxOutputLength: 16 * 1024 * 1024 }).toString('utf8')) };
  } catch (error) {
    return { ok: false, reason: `cannot decompress parameters: ${(error as Error).message}` };
  }
}

/**
 * Creates an agent. Every action goes through the verifier with a `matchesTarget` that evaluates the action's
 * target selector against this agent's environment; verified operations run through the module runner; one
 * result per action goes back through the transport. Nothing an action or module does throws out of the agent.
 * @throws AgentError `CONFIG_INVALID` when the agent id cannot name a queue.
 */
export function createAgent(options: AgentOptions): Agent {
  const environment = collectEnvironment(options.environment);
  if (!isValidAgentId(environment.id)) {
    throw new AgentError('CONFIG_INVALID', `agent id "${environment.id}" must match [A-Za-z0-9][A-Za-z0-9._-]{0,199}`);
  }
  const moduleTimeout = options.moduleTimeoutMs ?? 30_000;
  const selectors = new Map<string, SelectorNode | null>();
  let heartbeatTimer: NodeJS.Timeout | undefined;
  let connected = false;
  let stopped = false;

  const matchesTarget = (target: string): boolean => {
    let selector = selectors.get(target);
    if (selector === undefined) {
      const parsed = parseSelector(target);
      selector = parsed.ok ? parsed.selector : null;
      if (selectors.size > 256) selectors.clear();
      selectors.set(target, selector);
    }
    return selector !== null && evaluateSelector(selector, environment as unknown as Record<string, unknown>);
  };

  const heartbeat = (): Heartbeat => ({ agent: environment, heartbeattime: new Date().toISOString() });
  const sendHeartbeat = async (): Promise<void> => {
    try {
      await options.transport.sendHeartbeat(heartbeat());
    } catch (error) {
      options.logger?.warn('heartbeat not sent', { error: (error as Error).message });
    }
  };

  const handle = async (raw: unknown): Promise<ActionResult> => {
    const receivedtime = new Date().toISOString();
    const base = { agentid: environment.id, hostname: environment.hostname, receivedtime };
    let verification;
    try {
      verification = await options.verifier(raw, { matchesTarget });
    } catch (error) {
      verification = { ok: false as const, code: 'VERIFIER_ERROR', reason: `the verifier failed: ${(error as Error).message}` };
    }
    if (!verification.ok) {
      return {
        ...base,
        actionid: rawId(raw),
        status: /EXPIRED/i.test(verification.code) ? 'expired' : 'refused',
        code: verification.code,
        reason: verification.reason,
        results: [],
        foundanything: false,
        finishtime: new Date().toISOString(),
      };
    }
    const action = verification.action;
    const expiry = action.expireafter === undefined ? Number.POSITIVE_INFINITY : Date.parse(action.expireafter);
    const results: OperationResult[] = await Promise.all(
      action.operations.map(async (operation): Promise<OperationResult> => {
        const params = parametersOf(operation);
        if (!params.ok) return { module: operation.module, result: failed(params.reason) };
        const timeoutMs = Math.max(1, Math.min(moduleTimeout, expiry - Date.now()));
        return { module: operation.module, result: await options.runner.run(operation.module, params.params, { timeoutMs }) };
      }),
    );
    const failures = results.filter((r) => !r.result.success);
    const result: ActionResult = {
      ...base,
      actionid: action.id === undefined ? rawId(raw) : String(action.id),
      status: failures.length === 0 ? 'success' : 'failed',
      ...(failures.length === 0 ? {} : { reason: failures.map((f) => `${f.module}: ${f.result.errors.join('; ') || 'failed'}`).join(' | ') }),
      results,
      foundanything: results.some((r) => r.result.foundanything),
      finishtime: new Date().toISOString(),
    };
    if (action.threat?.family === 'compliance') {
      result.compliance = results.flatMap((r) => toComplianceItems(r.result, action, environment));
    }
    return result;
  };

  const onMessage = async (message: AgentMessage): Promise<void> => {
    if (message.type === 'discover') {
      await sendHeartbeat();
      return;
    }
    const result = await handle(message.action);
    try {
      await options.transport.sendResult(result);
    } catch (error) {
      options.logger?.warn('result not sent', { action: result.actionid, error: (error as Error).message });
    }
    options.onResult?.(result);
  };

  return {
    environment,
    handle,
    matchesTarget,
    async start() {
      if (connected) throw new AgentError('AGENT_RUNNING', 'the agent is already started');
      await options.transport.connect(environment.id);
      connected = true;
      await sendHeartbeat();
      await options.transport.consume(onMessage);
      heartbeatTimer = setInterval(() => void sendHeartbeat(), options.heartbeatIntervalMs ?? 60_000);
      heartbeatTimer.unref();
    },
    async checkIn() {
      if (connected) throw new AgentError('AGENT_RUNNING', 'the agent is already started');
      await options.transport.connect(environment.id);
      connected = true;
      try {
        await sendHeartbeat();
        return await options.transport.drain(onMessage);
      } finally {
        await options.transport.close();
        stopped = true;
      }
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      if (heartbeatTimer !== undefined) clearInterval(heartbeatTimer);
      await options.transport.close();
    },
  };
}
