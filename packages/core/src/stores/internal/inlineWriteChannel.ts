import { VigilError } from '../../errors/VigilError';
import type { SqliteWriter, WriteOp } from './SqliteWriter';
import type { WriteChannel } from './WriteChannel';

/**
 * Writes on the calling thread (`:memory:` stores, or `writerThread: false`): the ops queued until the next
 * `setImmediate` run as one transaction, each in its own savepoint.
 */
export function inlineWriteChannel(writer: SqliteWriter): WriteChannel {
  let queue: Array<{ op: WriteOp; resolve(value: number): void; reject(error: unknown): void }> = [];
  let scheduled = false;
  let closed = false;

  function drain(): void {
    scheduled = false;
    const batch = queue;
    queue = [];
    if (batch.length === 0) return;
    const outcomes = writer.run(batch.map((w) => w.op));
    batch.forEach((w, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) w.resolve(outcome.value);
      else w.reject(new VigilError(outcome.error.code, outcome.error.message));
    });
  }

  return {
    write(op) {
      if (closed) return Promise.reject(new VigilError('STORE_CLOSED', 'the SQLite store is shut down; create a new one'));
      return new Promise<number>((resolve, reject) => {
        queue.push({ op, resolve, reject });
        if (!scheduled) {
          scheduled = true;
          setImmediate(drain);
        }
      });
    },
    close() {
      closed = true;
      drain();
      return Promise.resolve();
    },
  };
}
