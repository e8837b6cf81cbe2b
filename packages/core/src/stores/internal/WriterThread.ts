import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { VigilError } from '../../errors/VigilError';
import type { WriteOp } from './SqliteWriter';
import type { WriteChannel } from './WriteChannel';
import type { FromWriter, ToWriter, WriterThreadData } from './writerProtocol';

/** A writer thread: a {@link WriteChannel} whose thread is started again by the next write after it died. */
export interface WriterThread extends WriteChannel {
  /** The current thread, if one runs (for tests that make it die). */
  readonly worker: Worker | undefined;
}

interface Pending {
  resolve(value: number): void;
  reject(error: unknown): void;
}

interface Thread {
  readonly worker: Worker;
  readonly pending: Map<number, Pending>;
  ended: boolean;
  onClosed?: () => void;
}

// The build emits the entry beside the chunk holding this code (dist/); the sources run it through tsx.
const FROM_SOURCES = import.meta.url.endsWith('.ts');
const TSX_BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
import(workerData.tsx).then((tsx) => (tsx.register(), import(workerData.entry)));
`;

function spawnWorker(data: WriterThreadData): Worker {
  if (!FROM_SOURCES) return new Worker(new URL('./sqliteWriterThread.js', import.meta.url), { workerData: data });
  // tsx's ESM API (its require entry sits beside it as .cjs): register() makes this thread load TypeScript.
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const entry = new URL('./sqliteWriterThread.ts', import.meta.url).href;
  return new Worker(TSX_BOOTSTRAP, { eval: true, workerData: { ...data, tsx, entry } });
}

/**
 * Starts the thread that owns a store's writing connection and resolves once its database is open (rejecting
 * with the open's error, e.g. `STORE_SCHEMA_NEWER`). If the thread dies, every write it had not answered
 * rejects with `STORE_FAILED` (it may or may not have committed: writes are idempotent by id, so retrying is
 * safe) and the next write starts a new thread.
 */
export async function startWriterThread(data: WriterThreadData): Promise<WriterThread> {
  let current: Promise<Thread> | undefined;
  let live: Thread | undefined;
  let nextId = 1;
  let closing: Promise<void> | undefined;

  function spawn(): Promise<Thread> {
    const worker = spawnWorker(data);
    const thread: Thread = { worker, pending: new Map(), ended: false };
    const started = new Promise<Thread>((resolve, reject) => {
      let ready = false;
      const end = (error: VigilError): void => {
        if (thread.ended) return;
        thread.ended = true;
        if (current === started) current = undefined;
        if (live === thread) live = undefined;
        for (const p of thread.pending.values()) p.reject(error);
        thread.pending.clear();
        if (!ready) reject(error);
        thread.onClosed?.();
        void worker.terminate();
      };
      worker.on('message', (message: FromWriter) => {
        switch (message.type) {
          case 'ready':
            ready = true;
            live = thread;
            worker.unref();
            resolve(thread);
            return;
          case 'failed':
            end(new VigilError(message.error.code, message.error.message));
            return;
          case 'done':
            for (const [id, outcome] of message.results) {
              const p = thread.pending.get(id);
              if (p === undefined) continue;
              thread.pending.delete(id);
              if (outcome.ok) p.resolve(outcome.value);
              else p.reject(new VigilError(outcome.error.code, outcome.error.message));
            }
            // Idle: do not keep the process alive for the thread; a pending write does (ref in write()).
            if (thread.pending.size === 0) worker.unref();
            return;
          case 'closed':
            end(new VigilError('STORE_CLOSED', 'the SQLite store is shut down; create a new one'));
            return;
        }
      });
      worker.on('error', (error) => {
        end(new VigilError('STORE_FAILED', `the SQLite writer thread failed: ${error.message}; the write may not be committed: retry it`, { cause: error }));
      });
      worker.on('exit', (code) => {
        end(
          new VigilError(
            'STORE_FAILED',
            `the SQLite writer thread stopped (exit code ${code}) before answering; the write may not be committed: retry it`,
          ),
        );
      });
    });
    return started;
  }

  current = spawn();
  await current;
  return {
    get worker() {
      return live?.worker;
    },

    async write(op: WriteOp): Promise<number> {
      if (closing !== undefined) throw new VigilError('STORE_CLOSED', 'the SQLite store is shut down; create a new one');
      const thread = await (current ??= spawn());
      if (thread.ended) throw new VigilError('STORE_FAILED', 'the SQLite writer thread stopped before the write was sent; retry it');
      return new Promise<number>((resolve, reject) => {
        const id = nextId++;
        if (thread.pending.size === 0) thread.worker.ref();
        thread.pending.set(id, { resolve, reject });
        thread.worker.postMessage({ type: 'write', id, op } satisfies ToWriter);
      });
    },

    close(): Promise<void> {
      closing ??= (async () => {
        const thread = await current?.catch(() => undefined);
        if (thread === undefined || thread.ended) return;
        thread.worker.ref();
        await new Promise<void>((resolve) => {
          thread.onClosed = resolve;
          thread.worker.postMessage({ type: 'close' } satisfies ToWriter);
        });
      })();
      return closing;
    },
  };
}
