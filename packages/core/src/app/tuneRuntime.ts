import { setFlagsFromString } from 'node:v8';

/** What {@link tuneRuntime} did to the V8 runtime of this process. */
export interface RuntimeTuning {
  /** `disabled`: V8's allocation-site pretenuring was turned off; `kept`: left on (`VIGIL_V8_PRETENURING=keep`). */
  readonly pretenuring: 'disabled' | 'kept';
}

let applied: RuntimeTuning | undefined;

/**
 * Tunes this process's V8 for a streaming pipeline; `vigil` calls it first thing, and an application embedding
 * `@vigil/core` may call it once at start-up (it changes a process-wide V8 setting, so core never calls it on its
 * own). It turns off allocation-site pretenuring: once a burst of events survives (a large batch, correlation state,
 * an archive restore), V8 starts allocating every later event straight in the old generation, where its young
 * fields keep everything alive until a full collection, and normalization then ran 2.5 times slower
 * (docs/architecture.md, "Batches and memory"). `VIGIL_V8_PRETENURING=keep` leaves V8's default. Idempotent.
 */
export function tuneRuntime(env: NodeJS.ProcessEnv = process.env): RuntimeTuning {
  if (applied !== undefined) return applied;
  if (env['VIGIL_V8_PRETENURING'] === 'keep') {
    applied = { pretenuring: 'kept' };
  } else {
    setFlagsFromString('--no-allocation-site-pretenuring');
    applied = { pretenuring: 'disabled' };
  }
  return applied;
}
