import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Pipeline } from '../../pipeline/Pipeline';
import { parseQuery } from '../../query/parseQuery';
import { ALERT_TOP_LEVEL_FIELDS, EVENT_TOP_LEVEL_FIELDS } from '../../query/topLevelFields';
import type { QueryNode } from '../../query/QueryNode';
import type { EventStore, SearchRequest } from '../../stores/EventStore';

interface SearchQuerystring {
  q?: string;
  from?: string;
  to?: string;
  size?: string;
  offset?: string;
  sort?: string;
  field?: string;
  interval?: string;
}

/** Reads the common search parameters; answers 400 itself and returns undefined on bad input. */
function readSearch(query: SearchQuerystring, reply: FastifyReply, maxSize: number, fields: ReadonlySet<string> = EVENT_TOP_LEVEL_FIELDS): SearchRequest | undefined {
  let node: QueryNode | undefined;
  if (query.q !== undefined && query.q.trim() !== '') {
    const parsed = parseQuery(query.q, { topLevelFields: fields });
    if (!parsed.ok) {
      void reply.code(400).send({ error: 'Bad Request', message: `bad query at position ${parsed.position}: ${parsed.reason}`, position: parsed.position });
      return undefined;
    }
    node = parsed.query;
  }
  const size = query.size === undefined ? 100 : Number(query.size);
  const offset = query.offset === undefined ? 0 : Number(query.offset);
  if (!Number.isInteger(size) || size < 0 || size > maxSize) {
    void reply.code(400).send({ error: 'Bad Request', message: `size must be an integer from 0 to ${maxSize}` });
    return undefined;
  }
  if (!Number.isInteger(offset) || offset < 0) {
    void reply.code(400).send({ error: 'Bad Request', message: 'offset must be a non-negative integer' });
    return undefined;
  }
  if (query.sort !== undefined && query.sort !== 'asc' && query.sort !== 'desc') {
    void reply.code(400).send({ error: 'Bad Request', message: 'sort must be asc or desc' });
    return undefined;
  }
  return {
    size,
    offset,
    ...(node === undefined ? {} : { query: node }),
    ...(query.from === undefined ? {} : { from: query.from }),
    ...(query.to === undefined ? {} : { to: query.to }),
    ...(query.sort === undefined ? {} : { sort: query.sort }),
  };
}

/** Errors a store raises for bad input (bad time expression, bad field) are the caller's fault: 400. */
function storeError(reply: FastifyReply, error: unknown): FastifyReply {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  if (typeof code === 'string' && code !== 'STORE_FAILED') return reply.code(400).send({ error: 'Bad Request', message, code });
  throw error;
}

/** Search API: `/api/search`, `/api/alerts`, `/api/aggregate`, and the live `/api/alerts/stream` (SSE). */
export function queryRoutes(app: FastifyInstance, store: EventStore, pipeline: Pipeline, maxSize: number): void {
  app.get<{ Querystring: SearchQuerystring }>('/api/search', async (request, reply) => {
    const search = readSearch(request.query, reply, maxSize);
    if (!search) return reply;
    try {
      return await store.search(search);
    } catch (error) {
      return storeError(reply, error);
    }
  });

  app.get<{ Querystring: SearchQuerystring }>('/api/alerts', async (request, reply) => {
    const search = readSearch(request.query, reply, maxSize, ALERT_TOP_LEVEL_FIELDS);
    if (!search) return reply;
    try {
      return await store.searchAlerts(search);
    } catch (error) {
      return storeError(reply, error);
    }
  });

  app.get<{ Querystring: SearchQuerystring }>('/api/aggregate', async (request, reply) => {
    const search = readSearch(request.query, reply, maxSize);
    if (!search) return reply;
    const { field, interval } = request.query;
    if ((field === undefined) === (interval === undefined)) {
      return reply.code(400).send({ error: 'Bad Request', message: 'give either field=<name> (top values) or interval=<1m|1h|1d> (date histogram)' });
    }
    const base = {
      ...(search.query === undefined ? {} : { query: search.query }),
      ...(search.from === undefined ? {} : { from: search.from }),
      ...(search.to === undefined ? {} : { to: search.to }),
    };
    try {
      return field !== undefined
        ? await store.aggregate({ ...base, type: 'terms', field, size: search.size ?? 10 })
        : await store.aggregate({ ...base, type: 'date_histogram', interval: interval! });
    } catch (error) {
      return storeError(reply, error);
    }
  });

  app.get('/api/alerts/stream', (request, reply) => {
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write(': vigil alerts stream\n\n');
    const subscription = pipeline.alerts$.subscribe({
      next: (alert) => res.write(`id: ${alert.id}\nevent: alert\ndata: ${JSON.stringify(alert)}\n\n`),
      complete: () => res.end(),
    });
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
    heartbeat.unref();
    request.raw.on('close', () => {
      clearInterval(heartbeat);
      subscription.unsubscribe();
    });
  });
}
