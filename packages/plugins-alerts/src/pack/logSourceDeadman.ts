import type { Duration } from '../internal/duration';
import { defineRule, type RulePlugin } from '../rules/defineRule';

/** Options of {@link logSourceDeadman}. */
export interface LogSourceDeadmanOptions {
  /** Silence that alerts. @default '1h' */
  period?: Duration;
  /** Field naming the log source. @default 'source' */
  field?: string;
  /** Sources expected from start-up (alert even if never heard from). @default [] */
  sources?: readonly string[];
}

/** Deadman per log source: a source that sent events falls silent for an hour. */
export function logSourceDeadman(options: LogSourceDeadmanOptions = {}): RulePlugin {
  return defineRule({
    id: 'log-source-deadman',
    name: 'Log source silent',
    severity: 'ERROR',
    category: 'deadman',
    tags: ['deadman', 'logging'],
    summary: 'No events from log source {{key}} since {{details.lastSeen}}',
    detect: { type: 'deadman', groupBy: options.field ?? 'source', period: options.period ?? '1h', ...(options.sources === undefined ? {} : { keys: options.sources }) },
  });
}
