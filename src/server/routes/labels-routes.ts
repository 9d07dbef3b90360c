/**
 * The label map of a study and its refinement: `GET labels` (NIfTI on the study grid, 404
 * before any segmentation), `GET labels.json` -> {labels, volumes_ml, revision}, `POST edits`
 * (edit-request.ts), `POST undo` and `POST redo` -> {volumes_ml, revision, ...}. Every edit is
 * on disk before the answer (label-store-node.ts).
 */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context.js';
import { parseEditRequest } from '../edits/edit-request.js';

type StudyParams = { Params: { id: string } };

export async function labelsRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.get<StudyParams & { Querystring: { download?: string } }>(
    '/api/studies/:id/labels',
    async (request, reply) => {
      const { id } = request.params;
      await ctx.studies.get(id);
      const { revision, bytes } = await ctx.labels.niftiBytes(id);
      reply.header('Content-Type', 'application/gzip');
      reply.header('Cache-Control', 'no-cache');
      reply.header('ETag', `"labels-${id}-${revision}"`);
      reply.header('X-Labels-Revision', String(revision));
      if (request.query.download !== undefined)
        reply.header('Content-Disposition', `attachment; filename="${id}-labels.nii.gz"`);
      return reply.send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    },
  );

  app.get<StudyParams>('/api/studies/:id/labels.json', async (request) => {
    await ctx.studies.get(request.params.id);
    return ctx.labels.state(request.params.id);
  });

  app.post<StudyParams>('/api/studies/:id/edits', async (request) => {
    const { id } = request.params;
    await ctx.studies.get(id);
    return ctx.labels.edit(id, parseEditRequest(request.body));
  });

  app.post<StudyParams>('/api/studies/:id/undo', async (request) => {
    await ctx.studies.get(request.params.id);
    return ctx.labels.undo(request.params.id);
  });

  app.post<StudyParams>('/api/studies/:id/redo', async (request) => {
    await ctx.studies.get(request.params.id);
    return ctx.labels.redo(request.params.id);
  });
}
