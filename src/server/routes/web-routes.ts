/**
 * The web workstation: the built Vite app (web/dist) at `/`, its hashed assets cached for good,
 * index.html never cached. Without a build, `/` is the plain study list with a hint. The plain
 * list is also at `/studies` (no JavaScript needed).
 */
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AppContext } from '../app-context.js';
import { studiesPage } from '../pages/studies-page.js';

export async function webRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.get('/studies', async (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(studiesPage(await ctx.studies.list())),
  );
  const root = ctx.config.webDir;
  if (!existsSync(join(root, 'index.html'))) {
    app.get('/', async (_request, reply) =>
      reply
        .type('text/html; charset=utf-8')
        .send(
          studiesPage(await ctx.studies.list()).replace(
            '<body>',
            '<body><p><b>The web workstation is not built: run <code>npm run build</code> (npm start does).</b></p>',
          ),
        ),
    );
    return;
  }
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    wildcard: true,
    index: ['index.html'],
    cacheControl: false,
    setHeaders: (reply, path) => {
      reply.header(
        'Cache-Control',
        path.includes(`${join(root, 'assets')}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
}
