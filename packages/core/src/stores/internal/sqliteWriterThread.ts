// The writer thread of a SQLite store (a build entry of its own: dist/sqliteWriterThread.js). It owns the only
// connection that writes, so the main thread's parsing, normalizing and serializing run beside SQLite's work.
// Writes that arrive while a transaction runs are coalesced into the next one; a thread of its own checkpoints.
import { parentPort, workerData } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { openWriterConnection } from './sqliteSchema';
import { createSqliteWriter, writeFailure, type WriteOp } from './SqliteWriter';
import { startWalCheckpointer } from './walCheckpointer';
import type { FromWriter, ToWriter, WriterThreadData } from './writerProtocol';

const port = parentPort;
if (port === null) throw new Error('sqliteWriterThread runs as a worker thread of a SQLite store');
const data = workerData as WriterThreadData;
const send = (message: FromWriter): void => port.postMessage(message);

let conn: Database.Database | undefined;
try {
  conn = openWriterConnection(data.path, data);
} catch (error) {
  send({ type: 'failed', error: writeFailure(error) });
}

/** How often the checkpointer thread copies the WAL into the database. */
const CHECKPOINT_INTERVAL_MS = 200;
/** The writer's own automatic checkpoints, kept as a bound on the WAL should the checkpointer fall behind. */
const BACKSTOP_AUTOCHECKPOINT_PAGES = 16_000;

if (conn !== undefined) {
  const db = conn;
  const writer = createSqliteWriter(db);
  db.pragma(`wal_autocheckpoint = ${BACKSTOP_AUTOCHECKPOINT_PAGES}`);
  const checkpointer = startWalCheckpointer(data.path, CHECKPOINT_INTERVAL_MS);
  let queue: Array<{ id: number; op: WriteOp }> = [];
  let scheduled = false;

  const drain = (): void => {
    scheduled = false;
    if (queue.length === 0) return;
    const batch = queue;
    queue = [];
    const outcomes = writer.run(batch.map((w) => w.op));
    send({ type: 'done', results: batch.map((w, i) => [w.id, outcomes[i]!]) });
  };

  const close = async (): Promise<void> => {
    drain();
    await checkpointer.stop();
    // The store's reader closes last and would checkpoint what is left of the WAL on the caller's thread.
    db.pragma('wal_checkpoint(PASSIVE)');
    db.close();
    send({ type: 'closed' });
    port.close();
  };

  port.on('message', (message: ToWriter) => {
    if (message.type === 'write') {
      queue.push({ id: message.id, op: message.op });
      if (!scheduled) {
        scheduled = true;
        setImmediate(drain);
      }
      return;
    }
    void close();
  });
  send({ type: 'ready' });
}
