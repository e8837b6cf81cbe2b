import { mkdirSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { DeadLetter } from '../pipeline/DeadLetter';
import type { DeadLetterSink } from '../pipeline/PipelineOptions';

const MAX_PAYLOAD_CHARS = 1024 * 1024;

/** Serializes a dead letter; a payload JSON cannot hold (too deep, cyclic, BigInt) is kept as a note. */
function serialize(letter: DeadLetter): string {
  try {
    const line = JSON.stringify(letter);
    if (line.length <= MAX_PAYLOAD_CHARS) return line;
    return JSON.stringify({ ...letter, payload: { _truncated: true, _text: JSON.stringify(letter.payload).slice(0, MAX_PAYLOAD_CHARS) } });
  } catch (error) {
    return JSON.stringify({ ...letter, payload: { _unserializable: true, _error: (error as Error).message, _type: typeof letter.payload } });
  }
}

/**
 * Appends dead letters as NDJSON to a file and syncs it before answering, so a dead letter is as
 * durable as a stored event. Replay them with `vigil ingest` after fixing the cause.
 */
export function createDeadLetterFile(path: string): DeadLetterSink {
  let handle: Promise<FileHandle> | undefined;
  let closed = false;
  let queue: Promise<void> = Promise.resolve();
  const file = (): Promise<FileHandle> => {
    if (!handle) {
      mkdirSync(dirname(path), { recursive: true });
      handle = open(path, 'a');
    }
    return handle;
  };
  return {
    name: 'deadletters:file',
    write(deadLetters) {
      const text = deadLetters.map(serialize).join('\n') + '\n';
      // Serialize appends so lines never interleave.
      const next = queue.then(async () => {
        const fh = await file();
        await fh.appendFile(text, 'utf8');
        await fh.datasync();
      });
      queue = next.catch(() => undefined);
      return next;
    },
    async shutdown() {
      if (closed) return;
      closed = true;
      await queue;
      if (handle) await (await handle).close();
    },
  };
}
