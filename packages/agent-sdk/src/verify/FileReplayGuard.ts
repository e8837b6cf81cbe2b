import { closeSync, fdatasyncSync, fstatSync, fsyncSync, ftruncateSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { AgentError } from '../errors/AgentError';
import { createReplayGuard } from './ReplayGuard';
import type { ReplayGuard } from './ReplayGuard';

/** A replay guard kept in a journal file, so that an agent that restarts (or checks in once) still refuses replays. */
export interface FileReplayGuard extends ReplayGuard {
  /** The journal's path. */
  readonly path: string;
  /** Closes the journal. Later `admit` calls answer `'unrecorded'`. Safe to call twice. */
  close(): void;
}

/** Options of {@link openFileReplayGuard}. */
export interface FileReplayGuardOptions {
  /** The journal file; created if missing. Its directory must exist. */
  path: string;
  /**
   * Most unexpired action keys held at once (see `ReplayGuardOptions.maxEntries`).
   * @default 100000
   */
  maxEntries?: number;
  /** The current time, for tests. @default new Date() */
  now?: Date;
}

interface Entry {
  key: string;
  at: number;
}

// One line per accepted action: `<expiry in epoch ms> <replay key as a JSON string>\n`.
const LINE = /^(\d{1,16}) (".*")$/;
const line = (e: Entry): string => `${e.at} ${JSON.stringify(e.key)}\n`;

function parseLine(text: string): Entry | undefined {
  const match = LINE.exec(text);
  if (match === null) return undefined;
  try {
    const key: unknown = JSON.parse(match[2]!);
    return typeof key === 'string' ? { at: Number(match[1]), key } : undefined;
  } catch {
    return undefined;
  }
}

function readJournal(path: string): Entry[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new AgentError('CONFIG_INVALID', `cannot read the replay journal ${path}: ${(error as Error).message}`, { cause: error });
  }
  const lines = text.split('\n');
  // A last line without its newline is an append a crash cut short: its action never ran (the key is written
  // before the action is accepted), so it is dropped. Any other line that does not parse means the file is not
  // ours or was damaged, and the agent refuses to start rather than forget what it accepted.
  const complete = lines.slice(0, -1);
  const entries: Entry[] = [];
  for (let i = 0; i < complete.length; i++) {
    const entry = parseLine(complete[i]!);
    if (entry === undefined) {
      throw new AgentError('CONFIG_INVALID', `the replay journal ${path} is damaged at line ${i + 1}; move it aside only if no action it lists can still be valid`);
    }
    entries.push(entry);
  }
  return entries;
}

function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  let offset = 0;
  while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
}

/** Writes the live entries to a new file and renames it over the journal, so a crash leaves one or the other. */
function compact(path: string, live: ReadonlyMap<string, number>): void {
  const temporary = `${path}.tmp`;
  const fd = openSync(temporary, 'w', 0o600);
  try {
    writeAll(fd, [...live].map(([key, at]) => line({ key, at })).join(''));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
  const dir = openSync(dirname(path), 'r');
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes `<path>.lock` (created exclusively, holding this process's pid), so that two agents never share a journal:
 * one's rewrite would leave the other appending to a replaced file. A lock whose process is gone is taken over.
 */
function lock(path: string): string {
  const lockPath = `${path}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx', 0o600);
      try {
        writeAll(fd, `${process.pid}\n`);
      } finally {
        closeSync(fd);
      }
      return lockPath;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number.parseInt(readFileSync(lockPath, 'utf8'), 10);
    if (Number.isInteger(holder) && holder > 0 && isRunning(holder)) {
      throw new AgentError('CONFIG_INVALID', `the replay journal ${path} is in use by process ${holder} (${lockPath}); two agents cannot share one`);
    }
    unlinkSync(lockPath);
  }
  throw new AgentError('CONFIG_INVALID', `cannot take ${lockPath}: another process keeps taking it`);
}

/**
 * Opens (or creates) a replay journal: the keys of accepted actions and their expiry, one line each, synced to disk
 * before the action is accepted. On opening, expired keys are dropped and the file is rewritten; while it runs, the
 * file is rewritten again whenever it holds more than twice the live keys. When a key cannot be written (disk full,
 * I/O error), `admit` answers `'unrecorded'` and the action is refused: an action whose replay could go unnoticed
 * after a restart does not run.
 * The journal is locked (`<path>.lock`) while open: a second agent opening it fails.
 * @throws AgentError `CONFIG_INVALID` when the journal cannot be read, written or locked, or is damaged.
 */
export function openFileReplayGuard(options: FileReplayGuardOptions): FileReplayGuard {
  const { path } = options;
  const now = (options.now ?? new Date()).getTime();
  let lockPath: string;
  try {
    lockPath = lock(path);
  } catch (error) {
    if (error instanceof AgentError) throw error;
    throw new AgentError('CONFIG_INVALID', `cannot lock the replay journal ${path}: ${(error as Error).message}`, { cause: error });
  }
  try {
    return openLocked(options, now, lockPath);
  } catch (error) {
    unlinkSync(lockPath);
    throw error;
  }
}

function openLocked(options: FileReplayGuardOptions, now: number, lockPath: string): FileReplayGuard {
  const { path } = options;
  const memory = createReplayGuard(options.maxEntries === undefined ? {} : { maxEntries: options.maxEntries });
  // The unexpired keys and their expiry: what the journal holds once rewritten.
  const live = new Map<string, number>();
  for (const entry of readJournal(path)) {
    if (entry.at >= now && !live.has(entry.key)) live.set(entry.key, entry.at);
  }
  for (const [key, at] of live) memory.admit(key, new Date(at), new Date(now));
  let fd: number | undefined;
  let lines = 0;
  let bytes = 0;
  let closed = false;
  // Rewrites the journal, then swaps the append descriptor. If the rewrite fails, the old journal is still in place
  // and still appended to. If the new file cannot be opened after the rename, appends would go to the replaced
  // file, so the guard closes: later admits answer 'unrecorded' and actions are refused until a restart.
  const reopen = (): void => {
    compact(path, live);
    const previous = fd;
    fd = undefined;
    if (previous !== undefined) closeSync(previous);
    fd = openSync(path, 'a', 0o600);
    lines = live.size;
    bytes = fstatSync(fd).size;
  };
  try {
    reopen();
  } catch (error) {
    throw new AgentError('CONFIG_INVALID', `cannot write the replay journal ${path}: ${(error as Error).message}`, { cause: error });
  }

  return {
    path,
    admit(key, expiresAt, at = new Date()) {
      const decision = memory.admit(key, expiresAt, at);
      if (decision !== 'admitted' || !memory.has(key, at)) return decision;
      if (fd === undefined) return 'unrecorded';
      const expiry = expiresAt.getTime();
      const text = line({ key, at: expiry });
      try {
        writeAll(fd, text);
        fdatasyncSync(fd);
      } catch {
        // Remembered in memory (a copy is still refused while the agent runs), but the action itself is refused.
        // A partial line is cut off so the journal stays readable; if even that fails, the guard closes.
        try {
          ftruncateSync(fd, bytes);
        } catch {
          closeSync(fd);
          fd = undefined;
        }
        return 'unrecorded';
      }
      bytes += Buffer.byteLength(text);
      live.set(key, expiry);
      lines++;
      if (lines > 1000 && lines > 2 * memory.size) {
        const t = at.getTime();
        for (const [k, e] of live) if (e < t) live.delete(k);
        try {
          reopen();
        } catch {
          // See reopen: either the old journal goes on, or the guard is closed and refuses.
        }
      }
      return 'admitted';
    },
    has(key, at) {
      return memory.has(key, at);
    },
    get size() {
      return memory.size;
    },
    close() {
      if (closed) return;
      closed = true;
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
      try {
        unlinkSync(lockPath);
      } catch {
        // Already gone: nothing to release.
      }
    },
  };
}
