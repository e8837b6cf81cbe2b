import type Database from 'better-sqlite3';
import { VigilError } from '../../errors/VigilError';

/** One caller's write, as plain data so that it can cross to the writer thread. */
export type WriteOp =
  /** Events, one JSON text each; resolves to the number newly written. */
  | { type: 'events'; docs: string[] }
  /** Alerts, one JSON text each; resolves to the number newly written. */
  | { type: 'alerts'; docs: string[] }
  /** Adds tags to stored events. */
  | { type: 'tag'; ids: string[]; tags: string[] }
  /** Deletes events before an ISO-8601 time; resolves to the number deleted. */
  | { type: 'deleteBefore'; before: string }
  /** Writes nothing: resolves once everything queued before it is committed. */
  | { type: 'barrier' };

/** A failure as it crosses threads: a `VigilError` code and message. */
export interface WriteFailure {
  code: string;
  message: string;
}

/** What one write did. */
export type WriteOutcome = { ok: true; value: number } | { ok: false; error: WriteFailure };

/** Runs writes on one connection. */
export interface SqliteWriter {
  /**
   * Runs `ops` in one IMMEDIATE transaction. One op's failure fails only that op (the others are run again,
   * each in its own savepoint); if the transaction itself cannot commit, every op fails. Returns one outcome
   * per op, in order, once the transaction is committed.
   */
  run(ops: readonly WriteOp[]): WriteOutcome[];
}

/** The write statements of a store, prepared once on the connection that writes. */
export function createSqliteWriter(conn: Database.Database): SqliteWriter {
  const maxEventSeq = conn.prepare('SELECT coalesce(max(seq), 0) FROM events').pluck();
  const insertEvent = conn.prepare('INSERT OR IGNORE INTO events (doc) VALUES (jsonb(?))');
  // External content: the index is filled from the rows this op inserted, in the same transaction.
  const indexEvents = conn.prepare('INSERT INTO events_fts (rowid, summary) SELECT seq, summary FROM events WHERE seq > ?');
  const insertAlert = conn.prepare('INSERT OR IGNORE INTO alerts (doc) VALUES (jsonb(?))');
  const eventTags = conn.prepare("SELECT seq, doc -> '$.tags' FROM events WHERE id = ?").raw();
  const setEventTags = conn.prepare("UPDATE events SET doc = jsonb_set(doc, '$.tags', json(?)) WHERE seq = ?");
  const unindexBefore = conn.prepare(
    "INSERT INTO events_fts (events_fts, rowid, summary) SELECT 'delete', seq, summary FROM events WHERE utctimestamp < ?",
  );
  const deleteBefore = conn.prepare('DELETE FROM events WHERE utctimestamp < ?');

  function apply(op: WriteOp): number {
    switch (op.type) {
      case 'events': {
        const before = maxEventSeq.get() as number;
        let count = 0;
        for (const doc of op.docs) count += insertEvent.run(doc).changes;
        if (count > 0) indexEvents.run(before);
        return count;
      }
      case 'alerts': {
        let count = 0;
        for (const doc of op.docs) count += insertAlert.run(doc).changes;
        return count;
      }
      case 'tag': {
        for (const id of op.ids) {
          const row = eventTags.get(id) as [number, string | null] | undefined;
          if (row === undefined) continue;
          const parsed: unknown = row[1] === null ? [] : JSON.parse(row[1]);
          const current = Array.isArray(parsed) ? parsed : [];
          const merged = [...current, ...op.tags.filter((t) => !current.includes(t))];
          if (merged.length !== current.length || !Array.isArray(parsed)) setEventTags.run(JSON.stringify(merged), row[0]);
        }
        return 0;
      }
      case 'deleteBefore':
        unindexBefore.run(op.before);
        return deleteBefore.run(op.before).changes;
      case 'barrier':
        return 0;
    }
  }

  // Savepoints are not free: once an earlier op has changed a page, the next savepoint copies that page to its
  // journal before changing it again, and every op touches the same hot pages (index leaves, FTS segments). So
  // the ops first run together without savepoints; only if one fails do they run again, each in its own.
  const all = conn.transaction((batch: readonly WriteOp[]): WriteOutcome[] => batch.map((op) => ({ ok: true, value: apply(op) })));
  const each = conn.transaction((batch: readonly WriteOp[]): WriteOutcome[] =>
    batch.map((op): WriteOutcome => {
      try {
        return { ok: true, value: conn.transaction(apply)(op) };
      } catch (error) {
        return { ok: false, error: writeFailure(error) };
      }
    }),
  );

  return {
    run(ops) {
      if (ops.length === 1) {
        try {
          return all.immediate(ops);
        } catch (error) {
          return [{ ok: false, error: writeFailure(error) }];
        }
      }
      try {
        return all.immediate(ops);
      } catch {
        // Rolled back: run them again one savepoint each, so that only the op that fails is refused.
      }
      try {
        return each.immediate(ops);
      } catch (error) {
        const failure = writeFailure(error);
        return ops.map(() => ({ ok: false, error: failure }));
      }
    },
  };
}

/** The failure of a write as a value: VigilErrors keep their code, anything else is `STORE_FAILED`. */
export function writeFailure(error: unknown): WriteFailure {
  if (error instanceof VigilError) return { code: error.code, message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'STORE_FAILED', message: `SQLite store failed: ${message}` };
}
