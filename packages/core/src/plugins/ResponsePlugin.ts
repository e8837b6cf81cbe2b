import type { VigilAlert } from '../alert/VigilAlert';

/** Context handed to each response call. */
export interface ResponseContext {
  /** The plugin's own name. */
  readonly pluginName: string;
  /** Aborted at shutdown; long actions should stop. */
  readonly signal: AbortSignal;
}

/**
 * A response plugin: consumes alerts (webhook, AMQP publish, command, agent dispatch).
 * A failing response is recorded and never stops the pipeline.
 */
export interface ResponsePlugin {
  /** Namespaced name, e.g. `'respond:webhook'`. */
  readonly name: string;
  /** Only alerts this returns true for are handed to `respond`. @default every alert */
  filter?(alert: VigilAlert): boolean;
  /** The hook. */
  respond(alert: VigilAlert, context: ResponseContext): void | Promise<void>;
  /** Called once at shutdown; drain what is in flight. */
  shutdown?(): void | Promise<void>;
}
