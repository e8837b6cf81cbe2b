import type { WriteOp } from './SqliteWriter';

/** Where a SQLite store's writes go: its writer thread, or its own connection on the calling thread. */
export interface WriteChannel {
  /** Resolves once the op's transaction has committed (or rejects with a `VigilError`). */
  write(op: WriteOp): Promise<number>;
  /** Answers every write sent so far, then stops taking writes. Safe to call twice. */
  close(): Promise<void>;
}
