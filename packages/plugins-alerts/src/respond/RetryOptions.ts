/** Retries of a response action: exponential backoff with a bounded number of attempts. */
export interface RetryOptions {
  /** Attempts in all (1 = no retry). @default 4 */
  attempts?: number;
  /** Delay before the first retry, ms; doubles each time. @default 200 */
  minDelayMs?: number;
  /** Longest delay, ms. @default 5000 */
  maxDelayMs?: number;
}
