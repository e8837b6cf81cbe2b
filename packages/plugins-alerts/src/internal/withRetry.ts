import pRetry from 'p-retry';
import type { RetryOptions } from '../respond/RetryOptions';

/** Runs `attempt` with p-retry's exponential backoff; rejects with the last error after the last attempt. */
export function withRetry<T>(attempt: () => Promise<T>, options: RetryOptions = {}, signal?: AbortSignal): Promise<T> {
  return pRetry(attempt, {
    retries: Math.max(0, (options.attempts ?? 4) - 1),
    factor: 2,
    minTimeout: options.minDelayMs ?? 200,
    maxTimeout: options.maxDelayMs ?? 5000,
    randomize: false,
    ...(signal === undefined ? {} : { signal }),
  });
}
