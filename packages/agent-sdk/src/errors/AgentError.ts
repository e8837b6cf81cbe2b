/**
 * The one error class of `@vigil/agent-sdk`. `code` is stable; the message says what to do.
 * Expected failures (a refused action, a failed module) are values, not this.
 */
export class AgentError extends Error {
  /** Stable machine-readable code, e.g. `MODULE_INVALID`. */
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AgentError';
    this.code = code;
  }
}
