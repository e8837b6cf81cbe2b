/** Minimal structured logger handed to modules. */
export interface ModuleLogger {
  /** Debug detail. */
  debug(message: string, fields?: Record<string, unknown>): void;
  /** Something worth knowing. */
  info(message: string, fields?: Record<string, unknown>): void;
  /** Something went wrong but the run goes on. */
  warn(message: string, fields?: Record<string, unknown>): void;
}

/** What a module gets besides its parameters. */
export interface ModuleContext {
  /** Aborted when the deadline passes or the agent shuts down; long loops must check it. */
  readonly signal: AbortSignal;
  /** Epoch milliseconds by which the module must have answered. */
  readonly deadline: number;
  /** Logger tagged with the module's name. */
  readonly logger: ModuleLogger;
}
