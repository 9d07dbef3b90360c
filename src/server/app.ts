/**
 * The fastify application, built by a function so tests can `inject()` requests without a
 * port. Routes live in one module per concern (routes/*.ts) and are thin: validate, call a
 * store or a capability, shape the answer. User errors answer 4xx with
 * `{"error": "<one clear line>"}`.
 */
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import multipart from '@fastify/multipart';
import type { ServerConfig } from './config.js';
import type { AppContext } from './app-context.js';
import { StudyStore } from './study-store-node.js';
import { LabelStore } from './label-store-node.js';
import { JobQueue } from './job-queue-node.js';
import { SurfaceStore } from './surface-store-node.js';
import { SurfacePool } from './surface-pool-node.js';
import { formatInputError, isInputError } from '../core/errors.js';
import { studiesRoutes } from './routes/studies-routes.js';
import { jobsRoutes } from './routes/jobs-routes.js';
import { labelsRoutes } from './routes/labels-routes.js';
import { exportsRoutes } from './routes/exports-routes.js';
import { surfacesRoutes } from './routes/surfaces-routes.js';
import { webRoutes } from './routes/web-routes.js';

export type { AppContext } from './app-context.js';

export async function buildApp(
  config: ServerConfig,
  options: { logger?: boolean } = {},
): Promise<FastifyInstance> {
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: 16 * 1024 * 1024 });
  const studies = new StudyStore(config.dataDir);
  await studies.ensureExample(config.exampleCtPath);
  const labels = new LabelStore(studies);
  const pool = new SurfacePool();
  const surfaces = new SurfaceStore({ studies, labels }, pool);
  const ctx: AppContext = { config, studies, labels, surfaces, jobs: new JobQueue() };
  app.addHook('onClose', async () => {
    await ctx.jobs.close();
    await pool.close();
  });

  app.setErrorHandler((error, request, reply) => {
    if (isInputError(error)) return reply.status(error.status).send({ error: formatInputError(error) });
    const e = error as { statusCode?: number; message?: string };
    if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
      return reply.status(e.statusCode).send({ error: e.message ?? 'bad request' });
    }
    request.log.error(error);
    return reply.status(500).send({ error: 'internal server error (see the server log)' });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ error: `no route ${request.method} ${request.url}` }),
  );
  await app.register(multipart, {
    limits: { fileSize: config.uploadLimitBytes, files: 100_000, fields: 20, fieldSize: 64 * 1024 },
    throwFileSizeLimit: false,
  });

  app.get('/api/health', async () => ({ status: 'ok' }));
  await studiesRoutes(app, ctx);
  await jobsRoutes(app, ctx);
  await labelsRoutes(app, ctx);
  await exportsRoutes(app, ctx);
  await surfacesRoutes(app, ctx);
  await app.register((await import('./routes/registry-routes.js')).registryRoutes, { config });
  await webRoutes(app, ctx);

  return app;
}
