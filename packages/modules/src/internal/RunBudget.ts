import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { ModuleContext } from '@vigil/agent-sdk';

/** How long synchronous work may run before giving the event loop a turn (so aborts are seen). */
const SLICE_MS = 20;

/**
 * Tracks a module's deadline and abort signal inside long loops. `expired()` is cheap enough to call
 * per item; `pace()` yields to the event loop every few milliseconds so that abort events can fire.
 */
export class RunBudget {
  // The first `due()` is true: a run yields once early, so an abort already queued is seen at its start.
  private sliceStart = Number.NEGATIVE_INFINITY;

  constructor(private readonly context: Pick<ModuleContext, 'signal' | 'deadline'>) {}

  /** True once the signal is aborted or the deadline has passed. */
  expired(): boolean {
    return this.context.signal.aborted || Date.now() >= this.context.deadline;
  }

  /** Milliseconds left before the deadline (never negative). */
  remaining(): number {
    return Math.max(0, this.context.deadline - Date.now());
  }

  /** True when the current slice of synchronous work is used up and `pace()` should be awaited. */
  due(): boolean {
    return performance.now() - this.sliceStart >= SLICE_MS;
  }

  /** Yields to the event loop and starts a new slice. */
  async pace(): Promise<void> {
    await yieldToLoop();
    this.sliceStart = performance.now();
  }

  /** Why the run stopped early, for the errors list. */
  reason(): string {
    return this.context.signal.aborted ? 'aborted: the run was cancelled' : 'stopped: the deadline passed';
  }
}
