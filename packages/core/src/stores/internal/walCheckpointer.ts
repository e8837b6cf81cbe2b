import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** Checkpoints a database's WAL from a thread of its own until stopped. */
export interface WalCheckpointer {
  /** Stops checkpointing and closes its connection; resolves once the thread has ended. */
  stop(): Promise<void>;
}

// Plain CommonJS evaluated as the thread's code, so it runs the same from the sources and from the bundle.
const SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {}
}, workerData.intervalMs);
parentPort.once('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

/**
 * Starts a thread that runs `PRAGMA wal_checkpoint(PASSIVE)` on `path` every `intervalMs`. A checkpoint copies
 * WAL pages into the database and syncs it: done by the writing connection (SQLite's automatic checkpoints), the
 * sync stalled every commit behind it, about a fifth of the writer's time. PASSIVE never waits for locks and lets
 * writers go on appending; if this thread fails, the writer's own automatic checkpoints still bound the WAL.
 */
export function startWalCheckpointer(path: string, intervalMs: number): WalCheckpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(SOURCE, { eval: true, workerData: { driver, path, intervalMs } });
  const ended = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  worker.on('error', () => undefined);
  worker.unref();
  return {
    stop() {
      worker.postMessage('close');
      return ended;
    },
  };
}
