import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { WORKER_SOURCE } from './internal/workerSource';
import type { ModuleLogger } from './ModuleContext';
import type { ModuleRegistry } from './ModuleRegistry';
import type { ModuleResult } from './ModuleResult';

/** Options of {@link createModuleRunner}. */
export interface ModuleRunnerOptions {
  /** Where module definitions and their sources come from. */
  registry: ModuleRegistry;
  /** Worker threads kept in the pool, which is also how many modules run at once. @default min(4, availableParallelism()) */
  concurrency?: number;
  /** Default time a module gets, in milliseconds. @default 30000 */
  timeoutMs?: number;
  /** Extra time after the deadline before a worker that ignores its AbortSignal is terminated. @default 250 */
  killGraceMs?: number;
  /** Specifiers imported in each worker before any module (e.g. a TypeScript loader in tests). @default [] */
  preload?: readonly string[];
  /** Heap limit per worker, in MB; a module that exceeds it fails instead of taking the agent down. */
  maxHeapMb?: number;
  /** Receives the modules' log lines. */
  logger?: ModuleLogger;
}

/** Options of one {@link ModuleRunner.run}. */
export interface RunOptions {
  /** Overrides the runner's default timeout, in milliseconds. */
  timeoutMs?: number;
}

/** Runs modules isolated in a pool of reusable worker threads. */
export interface ModuleRunner {
  /** Validates the parameters and runs the module; never rejects: failures come back as `success: false`. */
  run(name: string, params: unknown, options?: RunOptions): Promise<ModuleResult>;
  /** Workers currently alive, and runs waiting for one. */
  stats(): { workers: number; busy: number; queued: number; replaced: number };
  /** Terminates the workers; runs still waiting fail. Safe to call twice. */
  close(): Promise<void>;
}

interface Task {
  id: number;
  name: string;
  specifier: string;
  exportName: string;
  params: unknown;
  timeoutMs: number;
  resolve: (result: ModuleResult) => void;
}

interface Slot {
  worker: Worker;
  task: Task | undefined;
  timer: NodeJS.Timeout | undefined;
}

function failure(message: string): ModuleResult {
  return { foundanything: false, success: false, elements: null, statistics: null, errors: [message] };
}

/** Creates a {@link ModuleRunner}. Workers start lazily and are replaced after a kill or a crash. */
export function createModuleRunner(options: ModuleRunnerOptions): ModuleRunner {
  const size = Math.max(1, options.concurrency ?? Math.min(4, availableParallelism()));
  const defaultTimeout = options.timeoutMs ?? 30_000;
  const grace = options.killGraceMs ?? 250;
  const preload = [...(options.preload ?? [])];
  const slots: Slot[] = [];
  const queue: Task[] = [];
  let nextId = 1;
  let replaced = 0;
  let closed = false;

  const finish = (slot: Slot, result: ModuleResult): void => {
    const task = slot.task;
    if (task === undefined) return;
    slot.task = undefined;
    if (slot.timer !== undefined) clearTimeout(slot.timer);
    slot.timer = undefined;
    slot.worker.unref();
    task.resolve(result);
  };

  const retire = (slot: Slot, reason: string): void => {
    const index = slots.indexOf(slot);
    if (index === -1) return;
    slots.splice(index, 1);
    replaced++;
    finish(slot, failure(reason));
    void slot.worker.terminate();
    pump();
  };

  const spawn = (): Slot => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { preload },
      ...(options.maxHeapMb === undefined ? {} : { resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb } }),
      stdout: false,
      stderr: false,
    });
    const slot: Slot = { worker, task: undefined, timer: undefined };
    worker.on('message', (message: { type: string; id?: number; result?: ModuleResult; message?: string; level?: string; module?: string; fields?: Record<string, unknown> }) => {
      if (message.type === 'log') {
        const log = options.logger;
        const fields = { ...message.fields, module: message.module };
        if (log === undefined) return;
        if (message.level === 'warn') log.warn(message.message ?? '', fields);
        else if (message.level === 'info') log.info(message.message ?? '', fields);
        else log.debug(message.message ?? '', fields);
        return;
      }
      if (slot.task === undefined || message.id !== slot.task.id) return;
      if (message.type === 'result') finish(slot, normalise(message.result));
      else finish(slot, failure(`module ${slot.task.name} failed: ${message.message ?? 'unknown error'}`));
      pump();
    });
    worker.on('error', (error) => {
      retire(slot, `module ${slot.task?.name ?? '?'} crashed its worker: ${error.message}`);
    });
    worker.on('exit', (code) => {
      retire(slot, `module ${slot.task?.name ?? '?'} ended its worker (exit code ${code})`);
    });
    worker.unref();
    slots.push(slot);
    return slot;
  };

  const pump = (): void => {
    while (!closed && queue.length > 0) {
      let slot = slots.find((s) => s.task === undefined);
      if (slot === undefined) {
        if (slots.length >= size) return;
        slot = spawn();
      }
      const task = queue.shift() as Task;
      slot.task = task;
      slot.worker.ref();
      const deadline = Date.now() + task.timeoutMs;
      const current = slot;
      slot.timer = setTimeout(() => {
        retire(current, `module ${task.name} timed out after ${task.timeoutMs} ms and was terminated`);
      }, task.timeoutMs + grace);
      slot.worker.postMessage({ id: task.id, name: task.name, specifier: task.specifier, exportName: task.exportName, params: task.params, deadline });
    }
  };

  return {
    run(name, params, runOptions = {}) {
      if (closed) return Promise.resolve(failure('the module runner is closed'));
      const validation = options.registry.validate(name, params);
      if (!validation.ok) return Promise.resolve(failure(validation.reason));
      const registered = options.registry.get(name);
      const source = registered?.source;
      if (source === undefined) return Promise.resolve(failure(`module ${name} was registered without a source and cannot run isolated`));
      return new Promise<ModuleResult>((resolve) => {
        queue.push({
          id: nextId++,
          name,
          specifier: source.specifier,
          exportName: source.exportName ?? 'default',
          params,
          timeoutMs: runOptions.timeoutMs ?? defaultTimeout,
          resolve,
        });
        pump();
      });
    },
    stats() {
      return { workers: slots.length, busy: slots.filter((s) => s.task !== undefined).length, queued: queue.length, replaced };
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const task of queue.splice(0)) task.resolve(failure('the module runner closed before the module ran'));
      const all = slots.splice(0);
      for (const slot of all) finish(slot, failure('the module runner closed while the module ran'));
      await Promise.all(all.map((s) => s.worker.terminate()));
    },
  };
}

function normalise(result: ModuleResult | undefined): ModuleResult {
  if (result === undefined || typeof result !== 'object') return failure('module returned no result');
  return {
    foundanything: result.foundanything === true,
    success: result.success === true,
    elements: result.elements ?? null,
    statistics: result.statistics ?? null,
    errors: Array.isArray(result.errors) ? result.errors.map(String) : [],
  };
}
