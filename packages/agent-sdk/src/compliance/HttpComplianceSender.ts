import { complianceEvent } from './complianceEvent';
import type { ComplianceSender } from './ComplianceSender';

/** Options of {@link createHttpComplianceSender}. */
export interface HttpComplianceSenderOptions {
  /** The pipeline's ingest endpoint, e.g. `http://vigil:8080/events`. */
  url: string;
  /** Extra headers, e.g. an authorization token. */
  headers?: Record<string, string>;
  /** Events per request. @default 500 */
  batchSize?: number;
  /** Retries of a batch answered 503 or unreachable, with doubling delay. @default 2 */
  retries?: number;
  /** First retry delay, in ms. @default 200 */
  retryDelayMs?: number;
}

/**
 * Sends compliance items to a Vigil `/events` endpoint, as JSON arrays of events (`complianceEvent`).
 * 200 means all kept; 207 some refused; 503 (or no answer) is retried; anything else is a rejection.
 */
export function createHttpComplianceSender(options: HttpComplianceSenderOptions): ComplianceSender {
  const batchSize = Math.max(1, options.batchSize ?? 500);
  const retries = options.retries ?? 2;
  const firstDelay = options.retryDelayMs ?? 200;
  return {
    name: 'compliance:http',
    async send(items) {
      let sent = 0;
      for (let start = 0; start < items.length; start += batchSize) {
        const events = items.slice(start, start + batchSize).map(complianceEvent);
        let lastProblem = '';
        let done = false;
        for (let attempt = 0; attempt <= retries && !done; attempt++) {
          if (attempt > 0) await new Promise((r) => setTimeout(r, firstDelay * 2 ** (attempt - 1)));
          let response: Response;
          try {
            response = await fetch(options.url, {
              method: 'POST',
              headers: { 'content-type': 'application/json', ...options.headers },
              body: JSON.stringify(events),
            });
          } catch (error) {
            lastProblem = `${options.url} unreachable: ${(error as Error).message}`;
            continue;
          }
          const text = await response.text();
          if (response.status === 200 || response.status === 201 || response.status === 202) {
            sent += events.length;
            done = true;
          } else if (response.status === 207) {
            const accepted = (JSON.parse(text) as { accepted?: number }).accepted ?? 0;
            return { ok: false, code: 'PARTIAL', reason: `${options.url} kept ${accepted} of ${events.length} events: ${text}`, sent: sent + accepted };
          } else if (response.status === 503) {
            lastProblem = `${options.url} answered 503: ${text}`;
          } else {
            return { ok: false, code: 'REJECTED', reason: `${options.url} answered ${response.status}: ${text}`, sent };
          }
        }
        if (!done) return { ok: false, code: 'UNAVAILABLE', reason: lastProblem, sent };
      }
      return { ok: true, sent };
    },
    async close() {
      // fetch keeps no state of ours
    },
  };
}
