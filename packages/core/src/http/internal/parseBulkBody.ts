import { parseNdjson } from '../../internal/parseJsonText';

/** One operation of an Elasticsearch bulk body. */
export interface BulkOperation {
  /** `index`, `create`, `update` or `delete` (or the unknown key seen). */
  action: string;
  /** `_index` and `_id` from the action line, when given. */
  index: string | undefined;
  id: string | undefined;
  /** The document, for index/create. */
  document?: unknown;
  /** Why this operation cannot be taken. */
  error?: string;
}

const ACTIONS_WITH_SOURCE = new Set(['index', 'create', 'update']);

/**
 * Parses Elasticsearch bulk NDJSON: action lines are read for their metadata and skipped,
 * the document lines that follow `index`/`create` become events. Problems are per operation.
 */
export function parseBulkBody(text: string): BulkOperation[] {
  const lines = parseNdjson(text);
  const ops: BulkOperation[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.ok) {
      ops.push({ action: 'index', index: undefined, id: undefined, error: `malformed action line: ${line.reason}` });
      continue;
    }
    const value = line.value;
    const keys = value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.keys(value) : [];
    const action = keys.length === 1 ? keys[0]! : undefined;
    if (action === undefined) {
      ops.push({ action: 'index', index: undefined, id: undefined, error: `line ${line.line}: expected an action line like {"index":{}}` });
      continue;
    }
    const meta = (value as Record<string, unknown>)[action];
    const metaObj = meta !== null && typeof meta === 'object' ? (meta as Record<string, unknown>) : {};
    const index = typeof metaObj['_index'] === 'string' ? metaObj['_index'] : undefined;
    const id = typeof metaObj['_id'] === 'string' || typeof metaObj['_id'] === 'number' ? String(metaObj['_id']) : undefined;
    if (!ACTIONS_WITH_SOURCE.has(action)) {
      ops.push({ action, index, id, error: `bulk action "${action}" is not supported: Vigil only ingests index and create` });
      continue;
    }
    const next = lines[i + 1];
    i++;
    if (next === undefined) {
      ops.push({ action, index, id, error: `line ${line.line}: the ${action} action has no document line after it` });
      continue;
    }
    if (!next.ok) {
      ops.push({ action, index, id, error: next.reason });
      continue;
    }
    if (action === 'update') {
      ops.push({ action, index, id, error: 'bulk action "update" is not supported: events are immutable' });
      continue;
    }
    ops.push({ action, index, id, document: next.value });
  }
  return ops;
}
