/**
 * The one error class of `@vigil/plugins-enrich`: thrown only for configuration errors when a plugin is built
 * (bad options). `code` is stable; the message says how to fix the option.
 */
export class EnrichError extends Error {
  /** Stable machine-readable code, e.g. `ENRICH_OPTIONS_INVALID`. */
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'EnrichError';
    this.code = code;
  }
}
