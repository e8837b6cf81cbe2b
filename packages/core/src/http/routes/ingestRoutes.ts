import type { FastifyInstance, FastifyReply } from 'fastify';
import type { IngestItemResult, IngestResult, Pipeline } from '../../pipeline/Pipeline';
import { decodeBody } from '../../internal/decodeBody';
import { parseBulkBody } from '../internal/parseBulkBody';
import { readEventsText } from '../../internal/readEventsText';

/** Reason codes that mean "retry later" rather than "your input is bad". */
const RETRYABLE = new Set(['SINK_FAILED']);

type Rejection = { index: number; code: string; reason: string };

/** Answers an ingest with the status a shipper can act on: 200 all kept, 207 some refused, 400 none kept, 503 retry. */
function answer(reply: FastifyReply, inputCount: number, parseErrors: Rejection[], result: IngestResult | undefined, toInput: number[]): FastifyReply {
  const errors: Rejection[] = [...parseErrors];
  result?.items.forEach((item, i) => {
    if (!item.ok) errors.push({ index: toInput[i] ?? i, code: item.code, reason: item.reason });
  });
  errors.sort((a, b) => a.index - b.index);
  const accepted = result?.accepted ?? 0;
  const status = errors.some((e) => RETRYABLE.has(e.code)) ? 503 : errors.length === 0 ? 200 : accepted > 0 ? 207 : 400;
  return reply.code(status).send({ accepted, rejected: inputCount - accepted, errors });
}

/** Splits parsed items into values to ingest and per-index parse errors. */
async function ingestParsed(
  pipeline: Pipeline,
  source: string,
  items: ReadonlyArray<{ ok: true; value: unknown } | { ok: false; reason: string }>,
): Promise<{ result: IngestResult | undefined; toInput: number[]; parseErrors: Rejection[] }> {
  const values: unknown[] = [];
  const toInput: number[] = [];
  const parseErrors: Rejection[] = [];
  items.forEach((item, index) => {
    if (item.ok) {
      values.push(item.value);
      toInput.push(index);
    } else parseErrors.push({ index, code: 'INVALID_JSON', reason: item.reason });
  });
  const result = values.length > 0 ? await pipeline.ingest(values, source) : undefined;
  return { result, toInput, parseErrors };
}

/**
 * MozDef loginput-compatible ingest: `POST /events` (one event or an array; NDJSON too),
 * `POST /nxlog` (JSON or NDJSON), `POST /_bulk` (Elasticsearch bulk). Answers only once durable.
 */
export function ingestRoutes(app: FastifyInstance, pipeline: Pipeline): void {
  const parseEventsBody = (body: unknown): { ok: true; items: Array<{ ok: true; value: unknown } | { ok: false; reason: string }> } | { ok: false; reason: string; position?: number } => {
    const read = readEventsText(body as Buffer | undefined, false);
    if (read.ok) return read;
    if (read.problem === 'empty') return { ok: false, reason: 'the request body is empty: send a JSON event or an array of events' };
    if (read.problem === 'utf8') return { ok: false, reason: `the request body is ${read.reason}` };
    return read;
  };

  const eventsHandler = (source: string) => async (request: { body: unknown }, reply: FastifyReply) => {
    const parsed = parseEventsBody(request.body);
    if (!parsed.ok) {
      return reply.code(400).send({ error: 'Bad Request', message: parsed.reason, ...(parsed.position === undefined ? {} : { position: parsed.position }) });
    }
    if (parsed.items.length === 0) return reply.code(400).send({ error: 'Bad Request', message: 'the array holds no events' });
    const { result, toInput, parseErrors } = await ingestParsed(pipeline, source, parsed.items);
    return answer(reply, parsed.items.length, parseErrors, result, toInput);
  };

  app.post('/events', eventsHandler('http'));
  app.put('/events', eventsHandler('http'));
  app.post('/nxlog', eventsHandler('nxlog'));
  app.put('/nxlog', eventsHandler('nxlog'));

  app.post('/_bulk', async (request, reply) => {
    const started = Date.now();
    const decoded = decodeBody(request.body as Buffer | undefined);
    if (!decoded.ok) return reply.code(400).send({ error: { type: 'parse_exception', reason: `the request body is ${decoded.reason}` }, status: 400 });
    if (decoded.text.trim() === '') {
      return reply.code(400).send({ error: { type: 'action_request_validation_exception', reason: 'request body is required' }, status: 400 });
    }
    const ops = parseBulkBody(decoded.text);
    const docs: unknown[] = [];
    const docOp: number[] = [];
    ops.forEach((op, i) => {
      if (op.error !== undefined) return;
      const doc = op.document;
      // An _id on the action line becomes the event id, so a shipper's retry is idempotent.
      if (op.id !== undefined && doc !== null && typeof doc === 'object' && !Array.isArray(doc) && !('id' in doc)) {
        (doc as Record<string, unknown>)['id'] = op.id;
      }
      docs.push(doc);
      docOp.push(i);
    });
    const result = docs.length > 0 ? await pipeline.ingest(docs, 'bulk') : undefined;
    const perOp = new Array<IngestItemResult | undefined>(ops.length);
    result?.items.forEach((item, k) => {
      perOp[docOp[k]!] = item;
    });
    let errors = false;
    let retry = false;
    // The answer holds one item per operation (5,000 in a typical request): written out as JSON text directly,
    // it costs a tenth of building the objects and serializing them.
    let items = '';
    ops.forEach((op, i) => {
      if (i > 0) items += ',';
      const head = `{${JSON.stringify(op.action)}:{"_index":${JSON.stringify(op.index ?? 'events')},"_id":`;
      if (op.error !== undefined) {
        errors = true;
        items += `${head}${JSON.stringify(op.id ?? null)},"status":400,"error":${JSON.stringify({ type: 'illegal_argument_exception', reason: op.error })}}}`;
        return;
      }
      const item = perOp[i];
      if (item?.ok) {
        items += `${head}${JSON.stringify(item.id)},"_version":1,${item.duplicate ? '"result":"noop","status":200' : '"result":"created","status":201'}}}`;
        return;
      }
      errors = true;
      const code = item?.code ?? 'UNKNOWN';
      if (RETRYABLE.has(code)) retry = true;
      const error = { type: code === 'PLUGIN_FAILED' ? 'vigil_plugin_exception' : 'mapper_parsing_exception', reason: item?.reason ?? 'not processed' };
      items += `${head}${JSON.stringify(op.id ?? null)},"status":${RETRYABLE.has(code) ? 503 : 400},"error":${JSON.stringify(error)}}}`;
    });
    return reply
      .code(retry ? 503 : 200)
      .type('application/json; charset=utf-8')
      .send(`{"took":${Date.now() - started},"errors":${errors},"items":[${items}]}`);
  });
}
