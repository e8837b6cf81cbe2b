import type { ResponsePlugin, VigilAlert } from '@vigil/core';
import { VigilError } from '@vigil/core';
import { compileTemplate } from '../internal/template';
import { withRetry } from '../internal/withRetry';
import type { AgentActionTemplate, AgentDispatcher, DispatchResult } from './AgentDispatcher';
import type { RetryOptions } from './RetryOptions';

/** Options of {@link dispatchAction}. */
export interface DispatchActionOptions {
  /** The signer and transport (from the agent SDK). */
  dispatcher: AgentDispatcher;
  /** Agent selection template, e.g. `hostname = '{{events.0.event.hostname}}'`. */
  target: string;
  /** Operations; string parameter values are templates over the alert. */
  operations: ReadonlyArray<{ module: string; parameters: Record<string, unknown> }>;
  /** Action name template. @default 'vigil alert {{rule.id}} {{details.key}}' */
  name?: string;
  /** How long the action stays valid, ms. @default 3600000 */
  validForMs?: number;
  /** Retries of a dispatcher that throws (a refusal `{ ok: false }` is not retried). */
  retry?: RetryOptions;
  /** Only these alerts. */
  filter?: (alert: VigilAlert) => boolean;
  /** Receives each dispatch's result (accepted or refused). */
  onResult?: (alert: VigilAlert, result: DispatchResult) => void;
}

function fill(value: unknown, alert: VigilAlert): unknown {
  if (typeof value === 'string') return compileTemplate(value)(alert);
  if (Array.isArray(value)) return value.map((v) => fill(v, alert));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, alert)]));
  return value;
}

/** Builds the action template for an alert (exported for previews and tests). */
export function buildActionTemplate(alert: VigilAlert, options: Pick<DispatchActionOptions, 'target' | 'operations' | 'name' | 'validForMs'>, now = new Date()): AgentActionTemplate {
  return {
    name: compileTemplate(options.name ?? 'vigil alert {{rule.id}} {{details.key}}')(alert),
    target: compileTemplate(options.target)(alert),
    operations: options.operations.map((op) => ({ module: op.module, parameters: fill(op.parameters, alert) as Record<string, unknown> })),
    validFrom: now.toISOString(),
    expireAfter: new Date(now.getTime() + (options.validForMs ?? 3_600_000)).toISOString(),
    origin: { alertId: alert.id, ruleId: alert.rule.id },
  };
}

/**
 * The bridge from alerts to endpoint investigation: builds an action from each alert and hands it to an
 * {@link AgentDispatcher} to sign and send. A refusal is reported (onResult) and rejects `respond` so the
 * pipeline records it; a throwing dispatcher is retried first.
 */
export function dispatchAction(options: DispatchActionOptions): ResponsePlugin {
  if (options.operations.length === 0) throw new VigilError('RESPONSE_OPTIONS', 'agent-action: give at least one operation');
  return {
    name: 'respond:agent-action',
    ...(options.filter === undefined ? {} : { filter: options.filter }),
    async respond(alert, { signal }) {
      const action = buildActionTemplate(alert, options);
      const result = await withRetry(() => options.dispatcher.dispatch(action, { signal }), options.retry, signal);
      options.onResult?.(alert, result);
      if (!result.ok) throw new Error(`agent action refused (${result.code}): ${result.reason}`);
    },
  };
}
