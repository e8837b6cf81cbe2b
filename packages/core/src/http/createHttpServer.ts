import Fastify, { type FastifyInstance } from 'fastify';
import type { HttpServerOptions } from './HttpServerOptions';
import { ingestRoutes } from './routes/ingestRoutes';
import { queryRoutes } from './routes/queryRoutes';

const DEFAULT_MAX_BODY = 64 * 1024 * 1024;

/**
 * The HTTP face of Vigil: MozDef loginput-compatible ingest (`/events`, `/nxlog`, `/_bulk`),
 * `GET /status`, the search API and Prometheus `GET /metrics`. Call `listen` on the result.
 */
export function createHttpServer(options: HttpServerOptions): FastifyInstance {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.maxBodyBytes ?? DEFAULT_MAX_BODY,
    routerOptions: { ignoreTrailingSlash: true },
    // Accept as fast as the pipeline drains; the pipeline's in-flight bound applies backpressure.
    requestTimeout: 0,
  });
  // Bodies are read raw: shippers send JSON with any content type, and we report UTF-8 and JSON errors ourselves.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  app.setErrorHandler((error: { statusCode?: number; code?: string; message: string }, _request, reply) => {
    const status = error.statusCode ?? 500;
    if (status === 413) {
      return reply.code(413).send({ error: 'Payload Too Large', message: `the body is larger than the limit of ${options.maxBodyBytes ?? DEFAULT_MAX_BODY} bytes: send smaller batches` });
    }
    if (status >= 500) app.log.error(error);
    return reply.code(status).send({ error: status >= 500 ? 'Internal Server Error' : 'Bad Request', message: error.message });
  });

  const started = Date.now();
  app.get('/status', async () => ({
    status: 'ok',
    service: 'vigil',
    version: options.version ?? '0.0.0',
    store: options.store ? options.store.name : 'none',
    uptimeSeconds: Math.round((Date.now() - started) / 1000),
    pipeline: options.pipeline.describe(),
  }));
  if (options.metrics) {
    const registry = options.metrics;
    app.get('/metrics', async (_request, reply) => reply.type(registry.contentType).send(await registry.metrics()));
  }
  ingestRoutes(app, options.pipeline);
  if (options.store) queryRoutes(app, options.store, options.pipeline, options.maxSearchSize ?? 10_000);
  return app;
}
