/**
 * The one error class of `@vigil/core`. `code` is a stable string callers can switch on;
 * the message says what to do about it.
 */
export class VigilError extends Error {
  /** Stable machine-readable code, e.g. `CONFIG_INVALID`. */
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'VigilError';
    this.code = code;
  }
}
