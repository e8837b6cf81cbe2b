import type { SqliteConnectionOptions } from './sqliteSchema';
import type { WriteFailure, WriteOp, WriteOutcome } from './SqliteWriter';

/** What the writer thread is started with. */
export interface WriterThreadData extends SqliteConnectionOptions {
  /** The database file. */
  path: string;
}

/** Messages to the writer thread. Writes are answered in the order they were sent. */
export type ToWriter = { type: 'write'; id: number; op: WriteOp } | { type: 'close' };

/** Messages from the writer thread. */
export type FromWriter =
  /** The database is open and its schema current. */
  | { type: 'ready' }
  /** The database could not be opened; the thread ends. */
  | { type: 'failed'; error: WriteFailure }
  /** The outcomes of one committed (or failed) transaction, by write id. */
  | { type: 'done'; results: Array<[number, WriteOutcome]> }
  /** Every write sent before `close` is answered and the database is closed; the thread ends. */
  | { type: 'closed' };
