/**
 * The fastify application, built by a function so tests can `inject()` requests without a
 * port. Routes are thin: validate, call the store or a capability, shape the answer. User
 * errors answer 4xx with `{"error": "<one clear line>"}`.
 */
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { createReadStream } from 'node:fs';
import type { ServerConfig } from './config.js';
import { StudyStore } from './study-store-node.js';
import { formatInputError, isInputError } from '../core/errors.js';
import { studiesPage } from './pages/studies-page.js';

export interface AppContext {
  config: ServerConfig;
  studies: StudyStore;
}

export async function buildApp(
  config: ServerConfig,
  options: { logger?: boolean } = {},
): Promise<FastifyInstance> {
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: config.uploadLimitBytes });
  const studies = new StudyStore(config.dataDir);
  await studies.ensureExample(config.exampleCtPath);

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

  app.get('/api/health', async () => ({ status: 'ok' }));

  app.get('/api/studies', async () => studies.list());

  app.get<{ Params: { id: string } }>('/api/studies/:id', async (request) => studies.get(request.params.id));

  app.get<{ Params: { id: string } }>('/api/studies/:id/volume', async (request, reply) => {
    await studies.get(request.params.id);
    reply.header('Content-Type', 'application/gzip');
    reply.header('Content-Disposition', `attachment; filename="${request.params.id}.nii.gz"`);
    return reply.send(createReadStream(studies.imagePath(request.params.id)));
  });

  app.delete<{ Params: { id: string } }>('/api/studies/:id', async (request, reply) => {
    await studies.remove(request.params.id);
    return reply.status(204).send();
  });

  await app.register((await import('./routes/registry-routes.js')).registryRoutes, { config });

  app.get('/', async (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(studiesPage(await studies.list())),
  );

  return app;
}
