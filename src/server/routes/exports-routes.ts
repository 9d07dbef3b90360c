/**
 * Exports of a study: the label map (labels-routes.ts, `?download`), an STL surface per
 * structure (`GET /api/studies/:id/stl/:name`, LPS mm as 3D Slicer reads them, `?space=ras`
 * for viewers working in NIfTI RAS; on the map's own voxels, from the surface store's cache),
 * screenshots posted by the workstation page
 * (`POST /api/studies/:id/snapshots?view=NAME`, a PNG body) and the printable summary
 * (`GET /api/studies/:id/summary.html`).
 */
import type { FastifyInstance } from 'fastify';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../../core/errors.js';
import type { Vec3 } from '../../core/vec.js';
import type { LabelMap, TypedArray, Volume } from '../../core/volume.js';
import { transformIndexToWorld } from '../../core/geometry.js';
import { LABEL_COLOURS, labelColour } from '../../anatomy/labels.js';
import { encodeStl } from '../../io/stl.js';
import { encodePng } from '../../io/png.js';
import { readNifti } from '../../io/nifti-node.js';
import { writeFileAtomic } from '../../io/atomic-write-node.js';
import type { AppContext } from '../app-context.js';
import { renderOrthogonalSlice, sliceSides, type Plane } from '../report/orthogonal-slice.js';
import { summaryPage, type SummaryPicture } from '../pages/summary-page.js';
import { meshInSpace, parseSpace } from './surfaces-routes.js';

type StudyParams = { Params: { id: string } };
const MAX_SNAPSHOT_BYTES = 16 * 1024 * 1024;
const MAX_SNAPSHOTS = 8;
const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47];

export async function exportsRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.addContentTypeParser(
    'image/png',
    { parseAs: 'buffer', bodyLimit: MAX_SNAPSHOT_BYTES },
    (_r, body, done) => done(null, body),
  );

  app.get<StudyParams & { Params: { name: string }; Querystring: { space?: string } }>(
    '/api/studies/:id/stl/:name',
    async (request, reply) => {
      const { id } = request.params;
      const name = request.params.name.replace(/\.stl$/i, '');
      const space = parseSpace(request.query.space);
      const { revision, surfaces } = await ctx.surfaces.surfaces(id, { names: [name], minSpacingMm: 0 });
      const mesh = surfaces[0].mesh;
      if (!mesh) throw new InputError(`structure "${name}" is empty`, {}, 'NOT_FOUND');
      const bytes = encodeStl(meshInSpace(mesh, space), `${name} ${space.toUpperCase()}`);
      reply.header('Content-Type', 'model/stl');
      reply.header('Cache-Control', 'no-cache');
      reply.header('X-Labels-Revision', String(revision));
      reply.header('Content-Disposition', `attachment; filename="${id}-${name}.stl"`);
      return reply.send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    },
  );

  app.post<StudyParams & { Querystring: { view?: string } }>(
    '/api/studies/:id/snapshots',
    async (request, reply) => {
      const { id } = request.params;
      await ctx.studies.get(id);
      const view = request.query.view ?? '';
      if (!/^[a-z0-9-]{1,32}$/.test(view))
        throw new InputError(`"${view}" is not a view name (a-z, 0-9, -)`, { field: 'view' });
      const body = request.body;
      if (!(body instanceof Buffer) || body.length < 8 || PNG_MAGIC.some((b, i) => body[i] !== b))
        throw new InputError('the snapshot must be a PNG image (Content-Type: image/png)', { field: 'body' });
      const dir = join(ctx.studies.folder(id), 'snapshots');
      await mkdir(dir, { recursive: true });
      const existing = (await readdir(dir)).filter((f) => f.endsWith('.png'));
      if (!existing.includes(`${view}.png`) && existing.length >= MAX_SNAPSHOTS)
        throw new InputError(
          `at most ${MAX_SNAPSHOTS} snapshots per study: delete some first`,
          {},
          'CONFLICT',
        );
      await writeFileAtomic(join(dir, `${view}.png`), body);
      return reply.status(201).send({ view });
    },
  );

  app.delete<StudyParams>('/api/studies/:id/snapshots', async (request, reply) => {
    await ctx.studies.get(request.params.id);
    await rm(join(ctx.studies.folder(request.params.id), 'snapshots'), { recursive: true, force: true });
    return reply.status(204).send();
  });

  app.get<StudyParams>('/api/studies/:id/summary.html', async (request, reply) => {
    const { id } = request.params;
    const study = await ctx.studies.get(id);
    const { labels, revision } = await ctx.labels.labelMap(id);
    const state = await ctx.labels.state(id);
    const report = await ctx.labels.report(id);
    const { volume: ct } = await readNifti(ctx.studies.imagePath(id));
    const centre =
      report?.lesions[0]?.centroid_lps ?? centroidOf(labels, labels.labels.sacrum ?? 1) ?? gridCentre(ct);
    const page = summaryPage({
      study,
      revision,
      segmentationRevision: await ctx.labels.segmentationRevision(id),
      volumesMl: state.volumes_ml,
      colours: LABEL_COLOURS,
      report,
      rendered: renderedViews(ct, { labels, centre }),
      screenshots: await snapshots(join(ctx.studies.folder(id), 'snapshots')),
      generated: new Date(),
    });
    reply.header('Cache-Control', 'no-cache');
    if ((request.query as { download?: string }).download !== undefined)
      reply.header('Content-Disposition', `attachment; filename="${id}-summary.html"`);
    return reply.type('text/html; charset=utf-8').send(page);
  });
}

function renderedViews(
  ct: Volume<TypedArray>,
  options: { labels: LabelMap; centre: Vec3 },
): SummaryPicture[] {
  const colours = new Map(
    Object.entries(options.labels.labels).map(([n, v]) => [v, labelColour(n)] as const),
  );
  const at = options.centre.map((v) => v.toFixed(0)).join(', ');
  return (['axial', 'coronal', 'sagittal'] as Plane[]).map((plane) => {
    const img = renderOrthogonalSlice(ct, {
      plane,
      centerLps: options.centre,
      labels: options.labels,
      colours,
      window: { centerHu: 400, widthHu: 1800 },
      alpha: 0.45,
      maxPixels: 512,
    });
    const png = encodePng(img.rgb, { width: img.width, height: img.height, channels: 3 });
    return {
      title: `${plane} through (${at}) mm LPS, bone window`,
      pngBase64: Buffer.from(png).toString('base64'),
      sides: sliceSides(plane),
    };
  });
}

async function snapshots(dir: string): Promise<SummaryPicture[]> {
  let files: string[];
  try {
    files = (await readdir(dir)).filter((f) => f.endsWith('.png')).sort();
  } catch {
    return [];
  }
  return Promise.all(
    files.map(async (f) => ({
      title: `workstation view: ${f.replace(/\.png$/, '')}`,
      pngBase64: (await readFile(join(dir, f))).toString('base64'),
    })),
  );
}

/** LPS centroid of the voxels of `value`, null when there are none. */
function centroidOf(labels: LabelMap, value: number): Vec3 | null {
  const [nx, ny] = labels.dims;
  let n = 0;
  let si = 0;
  let sj = 0;
  let sk = 0;
  for (let idx = 0; idx < labels.data.length; idx++) {
    if (labels.data[idx] !== value) continue;
    n++;
    si += idx % nx;
    sj += Math.floor(idx / nx) % ny;
    sk += Math.floor(idx / (nx * ny));
  }
  return n ? transformIndexToWorld(labels, [si / n, sj / n, sk / n]) : null;
}

function gridCentre(ct: Volume<TypedArray>): Vec3 {
  return transformIndexToWorld(ct, [(ct.dims[0] - 1) / 2, (ct.dims[1] - 1) / 2, (ct.dims[2] - 1) / 2]);
}
