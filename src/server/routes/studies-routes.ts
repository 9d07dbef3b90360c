/**
 * Studies: list, one study, its image as NIfTI, upload (NIfTI body or multipart DICOM folder),
 * delete. Contract: CONTRACTS.md "Server".
 */
import type { FastifyInstance } from 'fastify';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import type { AppContext } from '../app-context.js';
import { importUpload } from '../upload-node.js';

/** The study list entry: the contract's fields plus whether a label map exists. */
async function listEntry(ctx: AppContext, record: Awaited<ReturnType<AppContext['studies']['get']>>) {
  return { ...record, segmented: await ctx.labels.has(record.id) };
}

export async function studiesRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.addContentTypeParser('application/octet-stream', (_request, payload, done) => done(null, payload));

  app.get('/api/studies', async () => Promise.all((await ctx.studies.list()).map((s) => listEntry(ctx, s))));

  app.get<{ Params: { id: string } }>('/api/studies/:id', async (request) =>
    listEntry(ctx, await ctx.studies.get(request.params.id)),
  );

  app.post('/api/studies', async (request, reply) => {
    const record = await importUpload(request, {
      studies: ctx.studies,
      limitBytes: ctx.config.uploadLimitBytes,
      tmpRoot: join(ctx.config.dataDir, 'tmp'),
    });
    return reply.status(201).send({ ...record, segmented: false });
  });

  app.get<{ Params: { id: string } }>('/api/studies/:id/volume', async (request, reply) => {
    const { id } = request.params;
    await ctx.studies.get(id);
    reply.header('Content-Type', 'application/gzip');
    reply.header('Content-Disposition', `attachment; filename="${id}.nii.gz"`);
    reply.header('Cache-Control', 'no-cache');
    return reply.send(createReadStream(ctx.studies.imagePath(id)));
  });

  app.delete<{ Params: { id: string } }>('/api/studies/:id', async (request, reply) => {
    const { id } = request.params;
    await ctx.studies.get(id);
    ctx.jobs.cancelStudy(id);
    ctx.labels.forget(id);
    await ctx.studies.remove(id);
    return reply.status(204).send();
  });
}
