/**
 * The workstation HTTP API of issue 5 (CONTRACTS.md "Server"): uploads (NIfTI body, DICOM folder
 * as multipart, bad input, size limit), segmentation jobs with SSE, label maps, edits with
 * undo/redo, persistence across a new app on the same data folder, exports, delete.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/server/app.js';
import { configFromEnv, type ServerConfig } from '../src/server/config.js';
import { decodeNifti } from '../src/io/nifti.js';
import { encodeNiftiNode } from '../src/io/nifti-node.js';
import { decodeStl } from '../src/io/stl.js';
import { decodeMeshBundle, meshVolumeMl, openEdgeCount } from '../src/mesh/index.js';
import { encodePng } from '../src/io/png.js';
import { writeDicomSeries } from '../src/io/dicom/write-dicom-node.js';
import { makePhantom } from '../src/phantom/index.js';
import { transformIndexToWorld } from '../src/core/geometry.js';
import { voxelVolumeMl, type LabelMap, type TypedArray, type Volume } from '../src/core/volume.js';
import { REQUIRED_LABEL_NAMES } from '../src/anatomy/labels.js';
import type { Vec3 } from '../src/core/vec.js';
import { tempDir } from './cli-helpers.js';

const phantom = makePhantom({ spacingMm: [4, 4, 4] });

function multipartBody(files: { name: string; bytes: Uint8Array }[], fields: Record<string, string> = {}) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  for (const f of files) form.append('files', new Blob([f.bytes]), f.name);
  const res = new Response(form);
  return { res, contentType: res.headers.get('content-type') as string };
}

async function inject(
  app: FastifyInstance,
  request: { method: 'GET' | 'POST' | 'DELETE'; url: string; payload?: object },
) {
  const r = await app.inject(request);
  return { status: r.statusCode, body: r.body, json: () => r.json(), raw: r.rawPayload, headers: r.headers };
}
const get = (app: FastifyInstance, url: string) => inject(app, { method: 'GET', url });
const post = (app: FastifyInstance, url: string, payload?: object) =>
  inject(app, { method: 'POST', url, payload });
const del = (app: FastifyInstance, url: string) => inject(app, { method: 'DELETE', url });

/** SSE `data:` payloads of a finished event stream. */
function sseEvents(text: string): { state: string; progress: number; error?: string }[] {
  return text
    .split('\n\n')
    .map((block) => block.split('\n').find((l) => l.startsWith('data: ')))
    .filter((l): l is string => l !== undefined)
    .map((l) => JSON.parse(l.slice(6)));
}

/**
 * LPS centre of a voxel of `value` at fraction `at` of its voxels in index order (the middle by
 * default: slices go from foot to head), only among voxels of at least `minHu` in `image`.
 */
function voxelOf(
  labels: LabelMap,
  value: number,
  { image, minHu = -Infinity, at = 0.5 }: { image?: Volume<TypedArray>; minHu?: number; at?: number } = {},
): Vec3 {
  const hits: number[] = [];
  labels.data.forEach((v, i) => v === value && (!image || image.data[i] >= minHu) && hits.push(i));
  const idx = hits[Math.floor(hits.length * at)];
  const [nx, ny] = labels.dims;
  return transformIndexToWorld(labels, [idx % nx, Math.floor(idx / nx) % ny, Math.floor(idx / (nx * ny))]);
}

describe('workstation API', () => {
  let config: ServerConfig;
  let app: FastifyInstance;
  beforeAll(async () => {
    config = { ...configFromEnv({}), dataDir: tempDir('sg-ws-') };
    app = await buildApp(config);
  });
  afterAll(async () => app.close());

  it('imports a NIfTI sent as the body and serves it back on the same grid', async () => {
    const bytes = await encodeNiftiNode(phantom.ct);
    const r = await app.inject({
      method: 'POST',
      url: '/api/studies?name=Phantom%204%20mm',
      headers: { 'content-type': 'application/octet-stream' },
      payload: Buffer.from(bytes),
    });
    expect(r.statusCode).toBe(201);
    const study = r.json();
    expect(study).toMatchObject({ name: 'Phantom 4 mm', modality: 'CT', dims: [...phantom.ct.dims] });
    const vol = await get(app, `/api/studies/${study.id}/volume`);
    const { volume } = decodeNifti(gunzipSync(vol.raw));
    expect([...volume.dims]).toEqual([...phantom.ct.dims]);
    expect(volume.originLps[0]).toBeCloseTo(phantom.ct.originLps[0], 3);
    expect([...volume.data.subarray(0, 1000)]).toEqual([...phantom.ct.data.subarray(0, 1000)]);
    const list = (await get(app, '/api/studies')).json();
    expect(list.map((s: { id: string }) => s.id)).toContain(study.id);
  });

  it('imports a DICOM folder sent as multipart/form-data', async () => {
    const dir = tempDir('sg-dcm-');
    await writeDicomSeries(dir, phantom.ct, { shuffleNames: true });
    const files = readdirSync(dir).map((n) => ({ name: `series/${n}`, bytes: readFileSync(join(dir, n)) }));
    const { res, contentType } = multipartBody(files, { name: 'Phantom DICOM' });
    const r = await app.inject({
      method: 'POST',
      url: '/api/studies',
      headers: { 'content-type': contentType },
      payload: Buffer.from(await res.arrayBuffer()),
    });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ name: 'Phantom DICOM', modality: 'CT', dims: [...phantom.ct.dims] });
    expect(r.json().spacing_mm).toEqual([4, 4, 4]);
  });

  it('refuses unreadable uploads with 400 and one line naming the file, and leaves no study', async () => {
    const before = (await get(app, '/api/studies')).json().length;
    const junk = await app.inject({
      method: 'POST',
      url: '/api/studies?name=notes.nii',
      headers: { 'content-type': 'application/octet-stream' },
      payload: Buffer.from('this is not an image at all, just text'.repeat(20)),
    });
    expect(junk.statusCode).toBe(400);
    const error = junk.json().error as string;
    // read as the NIfTI its name says it is, so the reason is about NIfTI, not DICOM
    expect(error).toMatch(/^notes\.nii\b.*not a NIfTI file/);
    expect(error).not.toContain('\n');
    expect(error).not.toMatch(/upload-|tmp/);
    const empty = await app.inject({
      method: 'POST',
      url: '/api/studies',
      headers: { 'content-type': 'application/octet-stream' },
      payload: Buffer.alloc(0),
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error).toMatch(/empty/);
    const { res, contentType } = multipartBody([{ name: 'a.dcm', bytes: new Uint8Array(300) }]);
    const badDicom = await app.inject({
      method: 'POST',
      url: '/api/studies',
      headers: { 'content-type': contentType },
      payload: Buffer.from(await res.arrayBuffer()),
    });
    expect(badDicom.statusCode).toBe(400);
    expect(badDicom.json().error).not.toContain('\n');
    expect((await get(app, '/api/studies')).json()).toHaveLength(before);
  });

  it('answers 413 over the upload limit', async () => {
    const small = await buildApp({ ...config, dataDir: tempDir('sg-ws-limit-'), uploadLimitBytes: 50_000 });
    try {
      const body = Buffer.from(await encodeNiftiNode(phantom.ct, { gzip: false }));
      const r = await small.inject({
        method: 'POST',
        url: '/api/studies',
        headers: { 'content-type': 'application/octet-stream' },
        payload: body,
      });
      expect(r.statusCode).toBe(413);
      expect(r.json().error).toMatch(/limit/);
      const { res, contentType } = multipartBody([{ name: 'big.dcm', bytes: body }]);
      const m = await small.inject({
        method: 'POST',
        url: '/api/studies',
        headers: { 'content-type': contentType },
        payload: Buffer.from(await res.arrayBuffer()),
      });
      expect(m.statusCode).toBe(413);
      expect((await small.inject({ method: 'GET', url: '/api/studies' })).json()).toHaveLength(1);
    } finally {
      await small.close();
    }
  });

  describe('segmentation, edits, persistence', () => {
    let id: string;
    let segmented: LabelMap;
    let image: Volume<TypedArray>;

    it('runs the segmentation as a job with progress streamed as SSE', async () => {
      id = (await get(app, '/api/studies')).json().find((s: { name: string }) => /example/i.test(s.name)).id;
      const none = await get(app, `/api/studies/${id}/labels`);
      expect(none.status).toBe(404);
      expect(none.json().error).toMatch(/segmentation/);
      const started = await post(app, `/api/studies/${id}/segment`);
      expect(started.status).toBe(202);
      const job = started.json().job as string;
      expect(typeof job).toBe('string');
      const again = await post(app, `/api/studies/${id}/segment`);
      expect(again.json().job).toBe(job); // the same study is not queued twice
      const events = await get(app, `/api/jobs/${job}/events`);
      expect(events.headers['content-type']).toMatch(/text\/event-stream/);
      const states = sseEvents(events.body);
      expect(states.at(-1)).toMatchObject({ state: 'done', progress: 1 });
      expect(states.some((s) => s.state === 'running' && s.progress > 0 && s.progress < 1)).toBe(true);
      const progress = states.map((s) => s.progress);
      expect(progress).toEqual([...progress].sort((a, b) => a - b));
      const status = (await get(app, `/api/jobs/${job}`)).json();
      expect(status).toMatchObject({ state: 'done', progress: 1 });
      expect(status.error).toBeUndefined();
      expect((await get(app, '/api/jobs/nope')).status).toBe(404);
      // the finished job's stream answers its final state at once
      expect(sseEvents((await get(app, `/api/jobs/${job}/events`)).body)).toHaveLength(1);
    });

    it('serves the label map on the study grid and its names, volumes and revision', async () => {
      const study = (await get(app, `/api/studies/${id}`)).json();
      expect(study.segmented).toBe(true);
      const r = await get(app, `/api/studies/${id}/labels`);
      expect(r.status).toBe(200);
      const { volume } = decodeNifti(gunzipSync(r.raw));
      image = decodeNifti(gunzipSync((await get(app, `/api/studies/${id}/volume`)).raw)).volume;
      expect([...volume.dims]).toEqual([...image.dims]);
      expect([...volume.direction]).toEqual([...image.direction]);
      volume.originLps.forEach((v, d) => expect(v).toBeCloseTo(image.originLps[d], 4));
      const state = (await get(app, `/api/studies/${id}/labels.json`)).json();
      expect(Object.keys(state.labels)).toEqual(expect.arrayContaining([...REQUIRED_LABEL_NAMES]));
      expect(state.revision).toBe(1);
      const counts = new Float64Array(256);
      for (const v of volume.data) counts[v]++;
      const ml = voxelVolumeMl(volume);
      for (const [name, value] of Object.entries(state.labels as Record<string, number>))
        expect(state.volumes_ml[name]).toBeCloseTo(counts[value] * ml, 2);
      expect(state.volumes_ml.sacrum).toBeGreaterThan(50);
      segmented = { ...volume, data: volume.data as Uint8Array, labels: state.labels };
    });

    it('paints, erases, undoes and redoes with volumes, revisions and patches', async () => {
      const before = (await get(app, `/api/studies/${id}/labels.json`)).json();
      const centre = voxelOf(segmented, before.labels.sacrum);
      const paint = await post(app, `/api/studies/${id}/edits`, {
        op: 'paint',
        label: 'lesion',
        center_lps: centre,
        radius_mm: 7,
      });
      expect(paint.status, paint.body).toBe(200);
      const p = paint.json();
      expect(p.revision).toBe(before.revision + 1);
      const voxelMl = voxelVolumeMl(segmented);
      expect(p.changed_voxels).toBeGreaterThan(20);
      expect(p.volumes_ml.lesion - before.volumes_ml.lesion).toBeCloseTo(p.changed_voxels * voxelMl, 2);
      // the patch holds the new values of the changed box: the centre voxel is now lesion
      const [i0, j0, k0, i1, j1, k1] = p.patch.box_ijk;
      const values = Buffer.from(p.patch.values_b64, 'base64');
      expect(values.length).toBe((i1 - i0 + 1) * (j1 - j0 + 1) * (k1 - k0 + 1));
      expect(values.filter((v) => v === before.labels.lesion).length).toBeGreaterThanOrEqual(
        p.changed_voxels,
      );

      const erase = (
        await post(app, `/api/studies/${id}/edits`, {
          op: 'erase',
          label: 'lesion',
          center_lps: centre,
          radius_mm: 3,
        })
      ).json();
      expect(erase.revision).toBe(p.revision + 1);
      expect(erase.volumes_ml.lesion).toBeLessThan(p.volumes_ml.lesion);

      const undo = (await post(app, `/api/studies/${id}/undo`)).json();
      expect(undo.revision).toBe(erase.revision + 1);
      expect(undo.volumes_ml).toEqual(p.volumes_ml);
      const undo2 = (await post(app, `/api/studies/${id}/undo`)).json();
      expect(undo2.volumes_ml).toEqual(before.volumes_ml);
      const redo = (await post(app, `/api/studies/${id}/redo`)).json();
      expect(redo.volumes_ml).toEqual(p.volumes_ml);
      expect(redo.can_redo).toBe(true);
      const state = (await get(app, `/api/studies/${id}/labels.json`)).json();
      expect(state).toMatchObject({ revision: redo.revision, volumes_ml: p.volumes_ml });
    });

    it('serves the 3D surfaces in one bundle, made again only for the structures an edit changes', async () => {
      const state = (await get(app, `/api/studies/${id}/labels.json`)).json();
      const r = await get(app, `/api/studies/${id}/surfaces?space=ras`);
      expect(r.status).toBe(200);
      expect(r.headers['x-labels-revision']).toBe(String(state.revision));
      const all = decodeMeshBundle(new Uint8Array(r.raw));
      expect(all).toMatchObject({ space: 'ras', revision: state.revision });
      const nonEmpty = Object.keys(state.labels).filter((n) => state.volumes_ml[n] > 0);
      expect(all.meshes.map((m) => m.name)).toEqual(nonEmpty);
      const ras = new Map(all.meshes.map((m) => [m.name, m.mesh]));
      const sacrum = ras.get('sacrum')!;
      expect(openEdgeCount(sacrum)).toBe(0);
      expect(meshVolumeMl(sacrum) / state.volumes_ml.sacrum).toBeGreaterThan(0.85);
      expect(meshVolumeMl(sacrum) / state.volumes_ml.sacrum).toBeLessThan(1.15);
      // 4 mm voxels: coarser than the display spacing, so the STL export has the same mesh in LPS
      const lps = decodeMeshBundle(
        new Uint8Array((await get(app, `/api/studies/${id}/surfaces?names=sacrum,lesion`)).raw),
      );
      expect(lps.meshes.map((m) => m.name)).toEqual(['sacrum', 'lesion']);
      const p = lps.meshes[0].mesh.positionsLps;
      expect([p[0], p[1], p[2]]).toEqual([
        -sacrum.positionsLps[0],
        -sacrum.positionsLps[1],
        sacrum.positionsLps[2],
      ]);
      const stl = decodeStl(new Uint8Array((await get(app, `/api/studies/${id}/stl/sacrum`)).raw));
      expect(stl.trianglesLps.length).toBe(sacrum.triangles.length * 3);
      const unknown = await get(app, `/api/studies/${id}/surfaces?names=sacrum,kidney`);
      expect(unknown.status).toBe(400);
      expect(unknown.json().error).toMatch(/unknown structure "kidney"/);
      expect((await get(app, `/api/studies/${id}/surfaces?space=xyz`)).status).toBe(400);

      // a lesion painted into the lower sacrum, away from the one the test above left
      const lesionVoxel = voxelOf(segmented, state.labels.sacrum, { at: 0.2 });
      const edit = (
        await post(app, `/api/studies/${id}/edits`, {
          op: 'paint',
          label: 'lesion',
          center_lps: lesionVoxel,
          radius_mm: 6,
        })
      ).json();
      expect(edit.changed_voxels).toBeGreaterThan(0);
      const grown = Object.keys(state.labels).filter((n) => edit.volumes_ml[n] !== state.volumes_ml[n]);
      expect(edit.changed_labels).toEqual(expect.arrayContaining(grown));
      expect(edit.changed_labels).toContain('lesion');
      const after = decodeMeshBundle(
        new Uint8Array((await get(app, `/api/studies/${id}/surfaces?space=ras`)).raw),
      );
      expect(after.revision).toBe(edit.revision);
      for (const { name, mesh } of after.meshes) {
        if (edit.changed_labels.includes(name)) continue;
        expect(
          Buffer.from(mesh.positionsLps.buffer, mesh.positionsLps.byteOffset, mesh.positionsLps.byteLength),
        ).toEqual(
          Buffer.from(
            ras.get(name)!.positionsLps.buffer,
            ras.get(name)!.positionsLps.byteOffset,
            ras.get(name)!.positionsLps.byteLength,
          ),
        );
      }
      const lesionAfter = after.meshes.find((m) => m.name === 'lesion')!.mesh;
      const lesionBefore = lps.meshes[1].mesh;
      expect(meshVolumeMl(lesionAfter)).toBeGreaterThan(meshVolumeMl(lesionBefore) + 0.3);

      // undone: the lesion's surface is the first one again
      await post(app, `/api/studies/${id}/undo`);
      const undone = decodeMeshBundle(
        new Uint8Array((await get(app, `/api/studies/${id}/surfaces?names=lesion`)).raw),
      );
      expect([...undone.meshes[0].mesh.positionsLps]).toEqual([...lesionBefore.positionsLps]);
      await post(app, `/api/studies/${id}/redo`);
      await post(app, `/api/studies/${id}/undo`); // as before this test, with a redo step left
    });

    it('refuses bad edits with 400 naming the field, changing nothing', async () => {
      const before = (await get(app, `/api/studies/${id}/labels.json`)).json();
      const cases: [object, RegExp][] = [
        [{ op: 'paint', label: 'kidney', center_lps: [0, 0, 0], radius_mm: 5 }, /unknown structure "kidney"/],
        [{ op: 'paint', label: 'sacrum', radius_mm: 5 }, /center_lps/],
        [{ op: 'paint', label: 'sacrum', center_lps: [0, 0, 0], radius_mm: -1 }, /radius_mm/],
        [{ op: 'spray', label: 'sacrum' }, /field op/],
        [{ op: 'grow', label: 'sacrum', seeds_lps: [[0, 0, 0]], min_hu: 500, max_hu: 100 }, /min_hu/],
      ];
      for (const [body, message] of cases) {
        const r = await post(app, `/api/studies/${id}/edits`, body);
        expect(r.status, JSON.stringify(body)).toBe(400);
        expect(r.json().error).toMatch(message);
      }
      expect((await get(app, `/api/studies/${id}/labels.json`)).json()).toEqual(before);
    });

    it('runs threshold paint, grow, island removal, hole filling and a multi-dab stroke as one undo step', async () => {
      const s0 = (await get(app, `/api/studies/${id}/labels.json`)).json();
      const centre = voxelOf(segmented, s0.labels.sacrum, { image, minHu: 300 });
      const stroke = (
        await post(app, `/api/studies/${id}/edits`, {
          op: 'paint',
          label: 'sacral_canal',
          center_lps: centre,
          path_lps: [
            [centre[0] + 6, centre[1], centre[2]],
            [centre[0] + 12, centre[1], centre[2]],
          ],
          radius_mm: 4,
          min_hu: 150,
          max_hu: 3000,
          protect: ['lesion'],
        })
      ).json();
      expect(stroke.revision).toBe(s0.revision + 1);
      expect(stroke.volumes_ml.lesion).toBe(s0.volumes_ml.lesion); // protected
      let changes = 0;
      for (const body of [
        { op: 'grow', label: 'L4', seeds_lps: [centre], min_hu: -200, max_hu: 3000, max_volume_ml: 2 },
        { op: 'remove_islands', label: 'sacral_canal' },
        { op: 'fill_holes', label: 'sacrum' },
        { op: 'smooth', label: 'lesion', radius_mm: 3 },
      ]) {
        const r = await post(app, `/api/studies/${id}/edits`, body);
        expect(r.status, `${JSON.stringify(body)}: ${r.body}`).toBe(200);
        if (r.json().changed_voxels > 0) changes++;
      }
      const grown = (await get(app, `/api/studies/${id}/labels.json`)).json();
      expect(grown.revision).toBe(stroke.revision + changes);
      expect(grown.volumes_ml.L4 - s0.volumes_ml.L4).toBeLessThanOrEqual(2.1);
      for (let u = 0; u < changes; u++) await post(app, `/api/studies/${id}/undo`);
      const last = (await post(app, `/api/studies/${id}/undo`)).json(); // the whole stroke
      expect(last.volumes_ml).toEqual(s0.volumes_ml);
      await post(app, `/api/studies/${id}/redo`);
    });

    it('keeps the edited map, its revision and its undo history across a restart', async () => {
      const state = (await get(app, `/api/studies/${id}/labels.json`)).json();
      const map = (await get(app, `/api/studies/${id}/labels`)).raw;
      await app.close();
      app = await buildApp(config);
      const after = (await get(app, `/api/studies/${id}/labels.json`)).json();
      expect(after).toEqual(state);
      const mapAfter = (await get(app, `/api/studies/${id}/labels`)).raw;
      expect(Buffer.compare(gunzipSync(mapAfter), gunzipSync(map))).toBe(0);
      const undo = await post(app, `/api/studies/${id}/undo`);
      expect(undo.status).toBe(200);
      expect(undo.json().revision).toBe(state.revision + 1);
      const redo = await post(app, `/api/studies/${id}/redo`);
      expect(redo.json().volumes_ml).toEqual(state.volumes_ml);
    });

    it('exports STL per structure, snapshots and a printable summary', async () => {
      const stl = await get(app, `/api/studies/${id}/stl/sacrum`);
      expect(stl.status).toBe(200);
      const { header, trianglesLps } = decodeStl(new Uint8Array(stl.raw));
      expect(header).toContain('sacrum');
      expect(trianglesLps.length).toBeGreaterThan(900);
      const ras = decodeStl(new Uint8Array((await get(app, `/api/studies/${id}/stl/sacrum?space=ras`)).raw));
      expect(ras.trianglesLps[0]).toBeCloseTo(-trianglesLps[0], 4);
      expect(ras.trianglesLps[2]).toBeCloseTo(trianglesLps[2], 4);
      expect((await get(app, `/api/studies/${id}/stl/kidney`)).status).toBe(400);

      const png = encodePng(new Uint8Array([255, 0, 0, 0, 255, 0, 0, 0, 255, 9, 9, 9]), {
        width: 2,
        height: 2,
        channels: 3,
      });
      const posted = await app.inject({
        method: 'POST',
        url: `/api/studies/${id}/snapshots?view=axial`,
        headers: { 'content-type': 'image/png' },
        payload: Buffer.from(png),
      });
      expect(posted.statusCode).toBe(201);
      const notPng = await app.inject({
        method: 'POST',
        url: `/api/studies/${id}/snapshots?view=axial`,
        headers: { 'content-type': 'image/png' },
        payload: Buffer.from('GIF89a....'),
      });
      expect(notPng.statusCode).toBe(400);
      const summary = await get(app, `/api/studies/${id}/summary.html`);
      expect(summary.status).toBe(200);
      expect(summary.headers['content-type']).toMatch(/text\/html/);
      const state = (await get(app, `/api/studies/${id}/labels.json`)).json();
      expect(summary.body).toContain(`<td class="n">${state.volumes_ml.sacrum.toFixed(2)}</td>`);
      expect(summary.body).toContain(Buffer.from(png).toString('base64'));
      expect(summary.body.match(/data:image\/png;base64,/g)?.length).toBe(4); // 3 rendered + 1 posted
      // the rendered planes carry their orientation letters; the report says the map was edited since
      expect(summary.body.match(/<span class="side left">R<\/span>/g)?.length).toBe(2); // axial, coronal
      expect(summary.body).toContain('<span class="side left">A</span><span class="side right">P</span>');
      expect(summary.body).toMatch(/label map revision 1\); the map has been edited since \(revision \d+\)/);
      const labels = await get(app, `/api/studies/${id}/labels?download`);
      expect(labels.headers['content-disposition']).toMatch(/attachment; filename=".*labels\.nii\.gz"/);
    });

    it('deletes a study with its label map', async () => {
      expect((await del(app, `/api/studies/${id}`)).status).toBe(204);
      expect((await get(app, `/api/studies/${id}/labels.json`)).status).toBe(404);
      expect((await del(app, `/api/studies/${id}`)).status).toBe(404);
    });
  });
});
