import { randomUUID } from 'node:crypto';
import type { Severity, VigilAlert, VigilEvent } from '@vigil/core';

/** Most source events an alert carries by default. */
export const DEFAULT_ALERT_SAMPLE = 10;

/** Input of {@link createAlert}. */
export interface CreateAlertInput {
  /** The rule that raised it. */
  rule: { id: string; name: string };
  /** One-line summary. */
  summary: string;
  /** Source events (only the first `maxEvents` are kept). */
  events: readonly VigilEvent[];
  /** Events that contributed. @default events.length */
  count?: number;
  /** @default 'WARNING' */
  severity?: Severity;
  /** @default 'correlation' */
  category?: string;
  /** @default [] */
  tags?: readonly string[];
  /** Runbook or documentation link. */
  url?: string;
  /** Extra fields (group key, figures). */
  details?: Record<string, unknown>;
  /** Sample size. @default 10 */
  maxEvents?: number;
  /** Raise time. @default now */
  now?: Date;
  /** Alert id. @default a random UUID */
  id?: string;
}

/** Builds a MozDef-style alert document with the rule, a bounded sample of source events and their count. */
export function createAlert(input: CreateAlertInput): VigilAlert {
  const max = input.maxEvents ?? DEFAULT_ALERT_SAMPLE;
  const sample = input.events.slice(0, Math.max(0, max));
  const alert: VigilAlert = {
    id: input.id ?? randomUUID(),
    utctimestamp: (input.now ?? new Date()).toISOString(),
    severity: input.severity ?? 'WARNING',
    summary: input.summary,
    category: input.category ?? 'correlation',
    tags: [...(input.tags ?? [])],
    events: sample.map((event) => ({ id: event.id, event })),
    count: input.count ?? input.events.length,
    rule: { id: input.rule.id, name: input.rule.name },
  };
  if (input.url !== undefined) alert.url = input.url;
  if (input.details !== undefined) alert.details = input.details;
  return alert;
}
