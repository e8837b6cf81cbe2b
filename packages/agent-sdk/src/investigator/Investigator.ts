import { randomUUID } from 'node:crypto';
import type { Action, ActionOperation, ActionThreat } from '../action/Action';
import type { ActionResult } from '../agent/ActionResult';
import type { AgentEnvironment } from '../agent/AgentEnvironment';
import type { ComplianceItem } from '../compliance/ComplianceItem';
import { AgentError } from '../errors/AgentError';
import type { ModuleRegistry } from '../module/ModuleRegistry';
import { evaluateSelector } from '../selector/evaluateSelector';
import { parseSelector } from '../selector/parseSelector';
import type { InvestigatorTransport } from '../transport/InvestigatorTransport';
import { createAgentDirectory } from './AgentDirectory';
import type { AgentDirectory } from './AgentDirectory';

/** What to put in a new action. */
export interface ActionDraft {
  /** Human-readable name. */
  name: string;
  /** Target selector, e.g. `os == "linux" && tags.env == "prod"`. */
  target: string;
  /** Module invocations. */
  operations: ActionOperation[];
  /** Threat; family `compliance` makes agents produce compliance items. */
  threat?: ActionThreat;
  /** Author and links. */
  description?: Action['description'];
  /** Validity from now, in ms. @default 600000 (10 minutes) */
  expiresInMs?: number;
}

/** Counters of a running investigation, for the progress line. */
export interface InvestigationProgress {
  /** Agents that answered. */
  done: number;
  /** Agents the action was sent to. */
  total: number;
  /** Answers that found something. */
  found: number;
  /** Answers that failed, were refused or had expired. */
  failed: number;
  /** Agents that did not answer in time (only known at the end). */
  timedOut: number;
}

/** The outcome of {@link Investigator.run}. */
export interface InvestigationReport {
  /** The action sent. */
  action: Action;
  /** Agents it was sent to. */
  selected: AgentEnvironment[];
  /** Their answers, in arrival order. */
  results: ActionResult[];
  /** Ids of agents that did not answer before the timeout. */
  missing: string[];
  /** Final counters. */
  progress: InvestigationProgress;
  /** Compliance items from every answer. */
  compliance: ComplianceItem[];
}

/** Options of {@link Investigator.run}. */
export interface RunInvestigationOptions {
  /** Agents to send to; by default the live agents matching the action's target. */
  agents?: readonly AgentEnvironment[];
  /** Longest wait for answers, in ms. @default until the action expires */
  timeoutMs?: number;
  /** Called whenever an answer arrives. */
  onProgress?: (progress: InvestigationProgress) => void;
  /** Called with each answer as it arrives. */
  onResult?: (result: ActionResult) => void;
}

/** Options of {@link createInvestigator}. */
export interface InvestigatorOptions {
  /** How actions go out and answers come back. */
  transport: InvestigatorTransport;
  /** Signs an action (once per key: co-signing). Usually built with `keySigner`. */
  signer: (action: Action) => Promise<Action>;
  /** Modules known locally, to check parameters before sending. */
  registry?: ModuleRegistry;
  /** Agents not heard from for this long are not selected. @default 180000 */
  staleAfterMs?: number;
}

/** The investigator's side: build and sign actions, select agents, dispatch, collect answers. */
export interface Investigator {
  /** Agents known from heartbeats. */
  readonly directory: AgentDirectory;
  /** Connects and starts listening for heartbeats and results. */
  start(): Promise<void>;
  /** Asks agents to announce themselves, waits `waitMs`, and returns the live ones. */
  discover(waitMs: number): Promise<AgentEnvironment[]>;
  /** Builds an unsigned action valid from now. @throws AgentError `PARAMS_INVALID` when the registry refuses an operation's parameters. */
  buildAction(draft: ActionDraft): Action;
  /** Live agents matching a selector. @throws AgentError `SELECTOR_INVALID` with the position of the error. */
  select(target: string): AgentEnvironment[];
  /** Signs, sends and collects answers until every selected agent answered or the timeout. */
  run(action: Action, options?: RunInvestigationOptions): Promise<InvestigationReport>;
  /** Disconnects. Safe to call twice. */
  close(): Promise<void>;
}

/** Creates an {@link Investigator}. */
export function createInvestigator(options: InvestigatorOptions): Investigator {
  const directory = createAgentDirectory(options.staleAfterMs === undefined ? {} : { staleAfterMs: options.staleAfterMs });
  const resultListeners = new Set<(result: ActionResult) => void>();
  let started = false;

  const select = (target: string): AgentEnvironment[] => {
    const parsed = parseSelector(target);
    if (!parsed.ok) throw new AgentError('SELECTOR_INVALID', `invalid target "${target}": ${parsed.reason}`);
    return directory.live().filter((a) => evaluateSelector(parsed.selector, a.environment as unknown as Record<string, unknown>)).map((a) => a.environment);
  };

  return {
    directory,
    async start() {
      if (started) return;
      started = true;
      await options.transport.connect({
        heartbeat: (h) => directory.update(h),
        result: (r) => {
          for (const l of resultListeners) l(r);
        },
      });
    },
    async discover(waitMs) {
      await options.transport.discover();
      await new Promise((r) => setTimeout(r, waitMs));
      return directory.live().map((a) => a.environment);
    },
    buildAction(draft) {
      for (const op of draft.operations) {
        const check = options.registry?.validate(op.module, op.parameters ?? {});
        if (check !== undefined && !check.ok) throw new AgentError('PARAMS_INVALID', check.reason);
      }
      const parsed = parseSelector(draft.target);
      if (!parsed.ok) throw new AgentError('SELECTOR_INVALID', `invalid target "${draft.target}": ${parsed.reason}`);
      const now = Date.now();
      return {
        id: randomUUID(),
        name: draft.name,
        target: draft.target,
        ...(draft.description === undefined ? {} : { description: draft.description }),
        ...(draft.threat === undefined ? {} : { threat: draft.threat }),
        validfrom: new Date(now).toISOString(),
        expireafter: new Date(now + (draft.expiresInMs ?? 600_000)).toISOString(),
        operations: draft.operations,
        syntaxversion: 2,
      };
    },
    select,
    async run(unsigned, runOptions = {}) {
      if (!started) throw new AgentError('INVESTIGATOR_NOT_STARTED', 'call start() before run()');
      const action = await options.signer(unsigned);
      const actionId = String(action.id);
      const selected = [...(runOptions.agents ?? select(action.target))];
      const waiting = new Set(selected.map((a) => a.id));
      const results: ActionResult[] = [];
      const progress: InvestigationProgress = { done: 0, total: selected.length, found: 0, failed: 0, timedOut: 0 };
      const expiresIn = action.expireafter === undefined ? 600_000 : Date.parse(action.expireafter) - Date.now();
      const timeoutMs = runOptions.timeoutMs ?? Math.max(0, expiresIn);
      let finish: () => void = () => undefined;
      const finished = new Promise<void>((resolve) => (finish = resolve));
      const listener = (result: ActionResult): void => {
        if (result.actionid !== actionId || !waiting.delete(result.agentid)) return;
        results.push(result);
        progress.done++;
        if (result.foundanything) progress.found++;
        if (result.status !== 'success') progress.failed++;
        runOptions.onResult?.(result);
        runOptions.onProgress?.({ ...progress });
        if (waiting.size === 0) finish();
      };
      resultListeners.add(listener);
      const timer = setTimeout(finish, timeoutMs);
      try {
        if (selected.length > 0) await options.transport.sendAction(selected.map((a) => a.id), action);
        else finish();
        runOptions.onProgress?.({ ...progress });
        await finished;
      } finally {
        clearTimeout(timer);
        resultListeners.delete(listener);
      }
      progress.timedOut = waiting.size;
      return {
        action,
        selected,
        results,
        missing: [...waiting],
        progress: { ...progress },
        compliance: results.flatMap((r) => r.compliance ?? []),
      };
    },
    async close() {
      resultListeners.clear();
      await options.transport.close();
    },
  };
}
