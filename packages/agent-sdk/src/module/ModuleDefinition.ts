import type { ModuleContext } from './ModuleContext';
import type { ModuleResult } from './ModuleResult';

/** One MIG-style command-line flag (`-path /etc`, `-maxdepth 3`, `-matchall`). */
export interface FlagSpec {
  /** Flag name without the dash, e.g. `path`. */
  readonly name: string;
  /** `string` takes one value, `list` may repeat, `boolean` takes none. */
  readonly kind: 'string' | 'list' | 'number' | 'boolean';
  /** One line for `-help`. */
  readonly description: string;
}

/** Flags as parsed from the command line, by flag name. */
export type ParsedFlags = Record<string, string | string[] | number | boolean>;

/** Which results a renderer shows. */
export type ShowMode = 'found' | 'notfound' | 'all';

/**
 * A module: what an investigator asks an agent to run. Written with `defineModule`.
 */
export interface ModuleDefinition<Params = unknown, Elements = unknown, Statistics = unknown> {
  /** Short lower-case name used in actions and ACLs, e.g. `file`. */
  readonly name: string;
  /** One line for people. */
  readonly description: string;
  /** JSON Schema of the parameters; actions are validated against it before `run`. */
  readonly params: Record<string, unknown>;
  /** Whether the module changes the host or reads secrets: its docs recommend an ACL weight needing two investigators. @default false */
  readonly sensitive?: boolean;
  /** MIG-style flags accepted by `vigil-investigate <module>`. */
  readonly flags?: readonly FlagSpec[];
  /** Turns parsed flags into parameters. */
  paramsFromFlags?(flags: ParsedFlags): Params;
  /** Runs the module. Must honour `context.signal`. Expected failures go in `errors`, not exceptions. */
  run(params: Params, context: ModuleContext): Promise<ModuleResult<Elements, Statistics>>;
  /** Renders a result for people, one line per entry. */
  render?(result: ModuleResult<Elements, Statistics>, show: ShowMode): string[];
}
