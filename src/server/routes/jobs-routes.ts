/**
 * Segmentation jobs: `POST /api/studies/:id/segment` -> 202 {job}, `GET /api/jobs/:job`
 * -> {state, progress, error?}, `GET /api/jobs/:job/events` -> the same as Server-Sent Events
 * until done or failed. The segmentation runs in a worker thread; its result becomes the
 * study's label map (revision + 1, a fresh edit history), whose 3D view surfaces start at once
 * in the surface pool so that they are ready, or nearly, when the page asks for them.
 */
import type { FastifyInstance } from 'fastify';
import { PassThrough } from 'node:stream';
import type { AppContext } from '../app-context.js';
import type { JobStatus } from '../job-queue-node.js';
import { runSegmentWorker } from '../run-segment-node.js';
import { DISPLAY_SPACING_MM } from '../surface-store-node.js';

/** One SSE message: a `job` event whose data is the job status JSON. */
export function sseMessage(status: JobStatus): string {
  return `event: job\ndata: ${JSON.stringify(publicStatus(status))}\n\n`;
}

/** The status as answered: `error` only on failure. */
function publicStatus(s: JobStatus): JobStatus {
  const { error, ...rest } = s;
  return s.state === 'failed' ? { ...rest, error: error ?? 'failed' } : rest;
}

export async function jobsRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.post<{ Params: { id: string } }>('/api/studies/:id/segment', async (request, reply) => {
    const { id } = request.params;
    await ctx.studies.get(id);
    ctx.surfaces.warm();
    const status = ctx.jobs.submit({
      kind: 'segment',
      study: id,
      run: async (onProgress, signal) => {
        const { labels, report } = await runSegmentWorker(ctx.studies.imagePath(id), { onProgress, signal });
        onProgress(0.99, 'saving the label map');
        await ctx.labels.setSegmentation(id, labels, report);
        void ctx.surfaces.surfaces(id, { minSpacingMm: DISPLAY_SPACING_MM }).catch(() => undefined);
      },
    });
    return reply.status(202).send({ job: status.id, status: publicStatus(status) });
  });

  app.get<{ Params: { job: string } }>('/api/jobs/:job', async (request) =>
    publicStatus(ctx.jobs.get(request.params.job)),
  );

  app.get<{ Params: { job: string } }>('/api/jobs/:job/events', async (request, reply) => {
    const id = request.params.job;
    const first = ctx.jobs.get(id);
    const stream = new PassThrough();
    reply.header('Content-Type', 'text/event-stream; charset=utf-8');
    reply.header('Cache-Control', 'no-cache');
    reply.header('X-Accel-Buffering', 'no');
    stream.write('retry: 2000\n\n');
    stream.write(sseMessage(first));
    if (first.state === 'done' || first.state === 'failed') {
      stream.end();
      return reply.send(stream);
    }
    const stop = ctx.jobs.subscribe(id, (status) => {
      stream.write(sseMessage(status));
      if (status.state === 'done' || status.state === 'failed') {
        stop();
        stream.end();
      }
    });
    const ping = setInterval(() => stream.write(': keep-alive\n\n'), 15_000);
    stream.on('close', () => {
      clearInterval(ping);
      stop();
    });
    reply.raw.on('close', () => {
      if (!stream.writableEnded) stream.end();
    });
    return reply.send(stream);
  });
}
