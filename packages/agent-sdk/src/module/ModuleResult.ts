/**
 * A module's answer, in MIG's shape. `success` says the module ran; `foundanything` says
 * it found what was asked; `errors` lists what went wrong without failing the whole run.
 */
export interface ModuleResult<Elements = unknown, Statistics = unknown> {
  /** True when anything matched the search. */
  foundanything: boolean;
  /** True when the module ran to completion. */
  success: boolean;
  /** What was found (module-specific). */
  elements: Elements;
  /** Counters and timings (module-specific). */
  statistics: Statistics;
  /** Non-fatal errors, one line each. */
  errors: string[];
}
