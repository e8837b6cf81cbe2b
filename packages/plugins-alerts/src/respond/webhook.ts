import type { ResponsePlugin, VigilAlert } from '@vigil/core';
import { VigilError } from '@vigil/core';
import { withRetry } from '../internal/withRetry';
import type { RetryOptions } from './RetryOptions';

/** Options of {@link webhook}. */
export interface WebhookOptions {
  /** Where to POST. */
  url: string;
  /** `json`: the alert document; `slack` / `mattermost`: an incoming-webhook message (`text` and attachment). @default 'json' */
  format?: 'json' | 'slack' | 'mattermost';
  /** Extra headers (e.g. an authorization token). @default {} */
  headers?: Readonly<Record<string, string>>;
  /** Per-attempt timeout, ms. @default 10000 */
  timeoutMs?: number;
  /** Retries. */
  retry?: RetryOptions;
  /** Only these alerts. @default every alert */
  filter?: (alert: VigilAlert) => boolean;
  /** Plugin name. @default 'respond:webhook' */
  name?: string;
}

const COLORS: Readonly<Record<string, string>> = { CRITICAL: '#d00000', ALERT: '#d00000', EMERGENCY: '#d00000', ERROR: '#e36209', WARNING: '#f2c744' };

/** The Slack/Mattermost incoming-webhook message for an alert (both accept `text` plus `attachments`). */
export function chatMessage(alert: VigilAlert): Record<string, unknown> {
  return {
    text: `[${alert.severity}] ${alert.summary}`,
    attachments: [
      {
        fallback: alert.summary,
        color: COLORS[alert.severity] ?? '#439fe0',
        title: alert.rule.name,
        ...(alert.url === undefined ? {} : { title_link: alert.url }),
        text: alert.summary,
        fields: [
          { title: 'Severity', value: alert.severity, short: true },
          { title: 'Category', value: alert.category, short: true },
          { title: 'Events', value: String(alert.count), short: true },
          { title: 'Alert id', value: alert.id, short: true },
        ],
        ts: Math.floor(Date.parse(alert.utctimestamp) / 1000),
      },
    ],
  };
}

/**
 * POSTs each alert as JSON (the alert document, or a Slack/Mattermost message) with retries and exponential
 * backoff. A non-2xx answer or a network error is retried; after the last attempt `respond` rejects, and the
 * pipeline records the failure as a dead letter.
 */
export function webhook(options: WebhookOptions): ResponsePlugin {
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    throw new VigilError('RESPONSE_OPTIONS', `webhook: url "${options.url}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new VigilError('RESPONSE_OPTIONS', `webhook: url must be http(s), got ${url.protocol}`);
  const format = options.format ?? 'json';
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    name: options.name ?? 'respond:webhook',
    ...(options.filter === undefined ? {} : { filter: options.filter }),
    async respond(alert, { signal }) {
      const body = JSON.stringify(format === 'json' ? alert : chatMessage(alert));
      await withRetry(
        async () => {
          const res = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...options.headers },
            body,
            signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
          });
          await res.arrayBuffer();
          if (!res.ok) throw new Error(`webhook ${url.origin}${url.pathname} answered ${res.status}`);
        },
        options.retry,
        signal,
      );
    },
  };
}
