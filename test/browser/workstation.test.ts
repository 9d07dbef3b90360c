/**
 * The web workstation in Debian's Chromium (headless, WebGL2 through SwiftShader), issue 5:
 * open the example study, see a non-blank image, run the segmentation, find the structure's
 * colour where the structure is, volumes shown equal to the API's, a brush stroke, undo, reload
 * and find the saved edit, exports; drag-and-drop uploads of a NIfTI and a DICOM folder with
 * their progress, failed uploads that say why, and orientation markers that stand where the
 * anatomy is on PIR and oblique studies. Screenshots go to $SACROGUIDE_SCREENSHOTS or a temp folder.
 * Needs `npm run build` (web/dist and the segmentation worker) and /usr/bin/chromium.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/app.js';
import { configFromEnv } from '../../src/server/config.js';
import { decodeNifti } from '../../src/io/nifti.js';
import { decodeStl } from '../../src/io/stl.js';
import { decodeMeshBundle } from '../../src/mesh/mesh-bundle.js';
import { LABEL_COLOURS } from '../../src/anatomy/labels.js';
import { REPO, tempDir } from '../cli-helpers.js';
import { encodeNiftiNode } from '../../src/io/nifti-node.js';
import { writeDicomSeries } from '../../src/io/dicom/write-dicom-node.js';
import { DIRECTIONS } from '../dicom-helpers.js';
import {
  canvasPixels,
  colourCount,
  colourNear,
  cropPixels,
  greyCentroid,
  leftHalf,
  type Rgb,
} from './screen-pixels.js';
import { EXPECTED_SIDES, REGION_GREY, orientationVolume } from './orientation-volume.js';
import { dropFiles } from './drop-files.js';

const CHROMIUM = '/usr/bin/chromium';
const ready = existsSync(CHROMIUM) && existsSync(join(REPO, 'web', 'dist', 'index.html'));
const shots = process.env.SACROGUIDE_SCREENSHOTS ?? tempDir('sg-shots-');

interface LabelsJson {
  labels: Record<string, number>;
  volumes_ml: Record<string, number>;
  revision: number;
}

describe.skipIf(!ready)('web workstation (Chromium)', () => {
  let app: FastifyInstance;
  let browser: Browser;
  let page: Page;
  let base: string;
  let port: number;
  const dataDir = tempDir('sg-browser-');
  const api = async <T>(path: string): Promise<T> => (await (await fetch(base + path)).json()) as T;
  const shoot = async (name: string) => {
    const path = join(shots, `${name}.png`);
    await page.screenshot({ path });
    return path;
  };
  /** Waits for the app's performance mark `name` (set after `since` ms). */
  const mark = (name: string, since = 0) =>
    page.waitForFunction(
      ([n, t]) => performance.getEntriesByName(n as string).some((e) => e.startTime > (t as number)),
      [name, since] as const,
      { timeout: 90_000 },
    );
  const now = () => page.evaluate(() => performance.now());
  const shownVolume = (name: string) => page.locator(`[data-volume="${name}"]`).textContent();
  /** [structure, vertex count] of every surface in the 3D view. */
  const surfaceVertices = () =>
    page.evaluate(() =>
      (window as unknown as { sacroguide: SacroguideHandle }).sacroguide.viewer.nv.meshes.map(
        (m) => [m.name, m.pts.length / 3] as [string, number],
      ),
    );
  /** The 3D tile's rectangle in CSS pixels of the canvas. */
  const renderTile = () =>
    page.evaluate(() => {
      const { viewer } = (window as unknown as { sacroguide: SacroguideHandle }).sacroguide;
      const dpr = viewer.nv.uiData.dpr ?? 1;
      const tile = viewer.nv.screenSlices.find((t) => t.axCorSag === 4)!;
      const [x, y, width, height] = tile.leftTopWidthHeight.map((v) => v / dpr);
      return { x, y, width, height };
    });

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    app = await buildApp({ ...configFromEnv({}), dataDir });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    port = typeof address === 'object' && address ? address.port : 0;
    base = `http://127.0.0.1:${port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--use-gl=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist'],
    });
    const context = await browser.newContext({
      viewport: { width: 1200, height: 800 },
      acceptDownloads: true,
    });
    page = await context.newPage();
    // everything comes from the server itself: no CDN
    page.on('request', (r) => {
      if (!r.url().startsWith(base) && !r.url().startsWith('data:') && !r.url().startsWith('blob:'))
        throw new Error(`request outside the server: ${r.url()}`);
    });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('lists the example study and opens it to a drawn image', async () => {
    await page.goto(`${base}/#/`);
    const link = page.locator('a.study-open', { hasText: /example/i });
    await link.waitFor();
    await mark('sg:attached');
    const t0 = await now();
    await link.click();
    await mark('sg:first-image', t0);
    await page.waitForTimeout(500);
    await shoot('1-study-open');
    const px = await canvasPixels(page);
    const lit = colourCount(px, (r, g, b) => r + g + b > 60);
    expect(lit / (px.width * px.height)).toBeGreaterThan(0.15);
    // orientation: R and L letters are drawn by the viewer (radiological convention)
    await expect.poll(() => page.locator('[data-testid=study-title]').textContent()).toMatch(/Example CT/);
  });

  it('segments with live progress and shows each structure in its colour where it is', async () => {
    // coloured pixels of the 3D tile before: the orientation cube, the crosshair
    const coloured = (r: number, g: number, b: number) => Math.max(r, g, b) - Math.min(r, g, b) > 40;
    const render = await renderTile();
    const renderBefore = colourCount(cropPixels(await canvasPixels(page), render), coloured);
    const t0 = await now();
    await page.click('[data-testid=segment]');
    await expect
      .poll(() => page.locator('[data-testid=job-text]').textContent(), { timeout: 20_000 })
      .toMatch(/%/);
    await shoot('2-segmenting');
    await mark('sg:labels-shown', t0);
    await expect.poll(() => page.locator('[data-testid=job-text]').textContent()).toBe('Done.');
    const state = await api<LabelsJson>('/api/studies/example-ct/labels.json');
    // volumes shown = the API's, every structure
    const shown = await page.evaluate(() =>
      Object.fromEntries(
        [...document.querySelectorAll('[data-volume]')].map((e) => [
          e.getAttribute('data-volume'),
          e.textContent,
        ]),
      ),
    );
    expect(shown).toEqual(
      Object.fromEntries(Object.entries(state.volumes_ml).map(([name, ml]) => [name, ml.toFixed(2)])),
    );
    // the 3D surfaces: one per non-empty structure, as the server's bundle has them, drawn in the 3D tile
    await mark('sg:surfaces-shown', t0);
    const bundle = decodeMeshBundle(
      new Uint8Array(await (await fetch(`${base}/api/studies/example-ct/surfaces?space=ras`)).arrayBuffer()),
    );
    expect(bundle.meshes.map((m) => m.name).sort()).toEqual(
      Object.keys(state.labels)
        .filter((n) => state.volumes_ml[n] > 0)
        .sort(),
    );
    expect((await surfaceVertices()).sort()).toEqual(
      bundle.meshes.map((m) => [m.name, m.mesh.positionsLps.length / 3] as [string, number]).sort(),
    );
    await page.waitForTimeout(300);
    const segmentedPx = await canvasPixels(page, readFileSync(await shoot('3-segmented')));
    expect(colourCount(cropPixels(segmentedPx, render), coloured)).toBeGreaterThan(renderBefore + 3000);

    // only the sacrum, fully opaque, crosshair hidden, on a slice through a sacrum voxel
    const probe = await page.evaluate((sacrum) => {
      const { viewer, store } = (window as unknown as { sacroguide: SacroguideHandle }).sacroguide;
      const labels = store.get().labels!;
      store.set({
        hidden: Object.fromEntries(Object.keys(labels.labels).map((n) => [n, n !== 'sacrum'])),
        overlayOpacity: 1,
        opacity: {},
      });
      viewer.nv.setCrosshairWidth(0);
      const map = viewer.labelMap!;
      const [nx, ny, nz] = map.dims;
      // a sacrum voxel whose 3x3x3 neighbourhood is all sacrum
      const at = (i: number, j: number, k: number) => map.data[i + nx * (j + ny * k)];
      for (let k = 1; k < nz - 1; k++)
        for (let j = 1; j < ny - 1; j++)
          for (let i = 1; i < nx - 1; i++) {
            let inside = true;
            for (let dk = -1; dk <= 1 && inside; dk++)
              for (let dj = -1; dj <= 1 && inside; dj++)
                for (let di = -1; di <= 1 && inside; di++) inside = at(i + di, j + dj, k + dk) === sacrum;
            if (!inside) continue;
            const o = map.originLps;
            const d = map.direction;
            const s = map.spacingMm;
            const lps = [0, 1, 2].map(
              (a) => o[a] + d[3 * a] * i * s[0] + d[3 * a + 1] * j * s[1] + d[3 * a + 2] * k * s[2],
            );
            viewer.moveTo(lps as [number, number, number]);
            const frac = viewer.nv.mm2frac([-lps[0], -lps[1], lps[2]]);
            const pos = viewer.nv.frac2canvasPosWithTile(frac, 0);
            const dpr = viewer.nv.uiData.dpr ?? 1;
            return pos ? { x: pos.pos[0] / dpr, y: pos.pos[1] / dpr } : null;
          }
      return null;
    }, state.labels.sacrum);
    expect(probe).not.toBeNull();
    await page.waitForTimeout(800);
    const shot = await shoot('4-sacrum-only');
    const px = await canvasPixels(page, readFileSync(shot));
    const sacrumRgb = LABEL_COLOURS.sacrum as Rgb;
    const { x, y } = probe as { x: number; y: number };
    expect(colourNear(px, { x, y, rgb: sacrumRgb, tolerance: 30 })).toBe(true);
    const slices = leftHalf(px);
    const near = (c: Rgb, tolerance: number) => (r: number, g: number, b: number) =>
      Math.abs(r - c[0]) + Math.abs(g - c[1]) + Math.abs(b - c[2]) < tolerance;
    expect(colourCount(slices, near(sacrumRgb, 45))).toBeGreaterThan(200);
    // the hips are hidden: their colour is nowhere on the slices
    expect(colourCount(slices, near(LABEL_COLOURS.hip_left as Rgb, 20))).toBeLessThan(50);
  }, 120_000);

  it('paints a brush stroke, undoes it, and finds the saved edit after a server restart and a reload', async () => {
    await page.evaluate(() => {
      const { store, viewer } = (window as unknown as { sacroguide: SacroguideHandle }).sacroguide;
      store.set({ hidden: {}, overlayOpacity: 0.6 });
      viewer.nv.setCrosshairWidth(1);
    });
    await page.locator('tr[data-structure="lesion"] input[type=radio]').check();
    await page.keyboard.press('b');
    const before = await api<LabelsJson>('/api/studies/example-ct/labels.json');
    const lesionVoxels = () =>
      page.evaluate(() => {
        const { viewer, store } = (window as unknown as { sacroguide: SacroguideHandle }).sacroguide;
        const value = store.get().labels!.labels.lesion;
        return viewer.labelMap!.data.reduce((n, v) => n + (v === value ? 1 : 0), 0);
      });
    const lesionBefore = await lesionVoxels();
    const lesionSurface = async () => new Map(await surfaceVertices()).get('lesion');
    // the example CT has no lesion: its surface is absent before the stroke (or the old one)
    const lesionSurfaceBefore = await lesionSurface();
    const red = (r: number, g: number, b: number) => r > 150 && g < 110 && b < 110;
    await page.waitForTimeout(300);
    const redBefore = colourCount(leftHalf(await canvasPixels(page)), red);
    // a stroke across the middle of the axial tile (bottom left of the 2x2 grid)
    const box = (await page.locator('[data-testid=viewer]').boundingBox())!;
    const cx = box.x + box.width * 0.3;
    const cy = box.y + box.height * 0.72;
    const answered = page.waitForResponse(
      (r) => r.url().endsWith('/edits') && r.request().method() === 'POST',
    );
    await page.mouse.move(cx - 15, cy);
    await page.mouse.down();
    for (let s = 1; s <= 6; s++) await page.mouse.move(cx - 15 + 5 * s, cy + 2 * s);
    const released = await now();
    await page.mouse.up();
    const edit = await (await answered).json();
    expect(edit.changed_voxels).toBeGreaterThan(0);
    expect(edit.revision).toBe(before.revision + 1);
    expect(edit.changed_labels).toContain('lesion');
    // the lesion's surface is made again with the stroke in it
    await mark('sg:surfaces-shown', released);
    const lesionSurfaceAfter = await lesionSurface();
    expect(lesionSurfaceAfter).toBeGreaterThan(0);
    expect(lesionSurfaceAfter).not.toBe(lesionSurfaceBefore);
    await expect.poll(() => shownVolume('lesion')).toBe(edit.volumes_ml.lesion.toFixed(2));
    await page.waitForTimeout(300);
    // counted on the coronal and axial tiles (left half): the 3D tile has a red orientation cube
    const painted = leftHalf(await canvasPixels(page, readFileSync(await shoot('5-brush-stroke'))));
    expect(colourCount(painted, red)).toBeGreaterThan(redBefore + 20);

    const undoAt = await now();
    await page.keyboard.press('Control+z');
    await expect.poll(() => shownVolume('lesion')).toBe(before.volumes_ml.lesion.toFixed(2));
    await mark('sg:surfaces-shown', undoAt);
    expect(await lesionSurface()).toBe(lesionSurfaceBefore);
    const undone = await api<LabelsJson>('/api/studies/example-ct/labels.json');
    expect(undone.volumes_ml).toEqual(before.volumes_ml);
    expect(await lesionVoxels()).toBe(lesionBefore);
    await page.waitForTimeout(300);
    const afterUndo = leftHalf(await canvasPixels(page, readFileSync(await shoot('6-undone'))));
    expect(colourCount(afterUndo, red)).toBeLessThanOrEqual(redBefore + 5);

    await page.keyboard.press('Control+y');
    await expect.poll(() => shownVolume('lesion')).toBe(edit.volumes_ml.lesion.toFixed(2));

    // the server restarts on the same data folder and the page reloads: the edit is still there
    await app.close();
    app = await buildApp({ ...configFromEnv({}), dataDir });
    await app.listen({ host: '127.0.0.1', port });
    await page.reload();
    await mark('sg:labels-shown');
    await expect.poll(() => shownVolume('lesion')).toBe(edit.volumes_ml.lesion.toFixed(2));
    expect(await lesionVoxels()).toBe(lesionBefore + edit.changed_voxels);
    await shoot('7-reloaded');
  }, 180_000);

  it('exports the label map, an STL surface and a printable summary', async () => {
    const study = await api<{ dims: number[] }>('/api/studies/example-ct');
    const [labelsDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-testid=export-labels]'),
    ]);
    const { volume } = decodeNifti(gunzipSync(readFileSync(await labelsDownload.path())));
    expect([...volume.dims]).toEqual(study.dims);
    const [stlDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-testid=export-stl]'),
    ]);
    expect(
      decodeStl(new Uint8Array(readFileSync(await stlDownload.path()))).trianglesLps.length,
    ).toBeGreaterThan(0);
    const [summary] = await Promise.all([
      page.context().waitForEvent('page'),
      page.click('[data-testid=export-summary]'),
    ]);
    await summary.waitForURL(/summary\.html/);
    await summary.waitForLoadState();
    expect(await summary.locator('h1').textContent()).toMatch(/summary/i);
    expect(await summary.locator('figure img').count()).toBe(4); // 3 rendered views + the page's screenshot
    await summary.screenshot({ path: join(shots, '8-summary.png'), fullPage: true });
    await summary.close();
  }, 60_000);
  /** Study ids of the uploads below (PIR NIfTI, oblique DICOM), for the orientation test. */
  const uploaded: Record<string, string> = {};

  it('uploads a NIfTI and a DICOM folder by drag and drop, showing the progress', async () => {
    await page.goto(`${base}/#/`);
    await page.locator('[data-testid=drop-zone]').waitFor();
    // the page's progress texts as they change, with the upload slowed to 150 kB/s to see them
    await page.evaluate(() => {
      const log: string[] = [];
      (window as unknown as { uploadLog: string[] }).uploadLog = log;
      const text = document.querySelector('.upload-text') as HTMLElement;
      new MutationObserver(() => log.push(text.textContent ?? '')).observe(text, {
        childList: true,
        characterData: true,
        subtree: true,
      });
    });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: 150 * 1024,
    });
    const uploadLog = () =>
      page.evaluate(() => (window as unknown as { uploadLog: string[] }).uploadLog.splice(0));
    // (Playwright sees no responses while the CDP session throttles: the new study is found by its id)
    const known = new Set((await api<{ id: string }[]>('/api/studies')).map((s) => s.id));
    const added = async () => {
      await page.locator('.upload-text', { hasText: /^Added / }).waitFor({ timeout: 60_000 });
      const fresh = (await api<{ id: string }[]>('/api/studies')).filter((s) => !known.has(s.id));
      expect(fresh).toHaveLength(1);
      known.add(fresh[0].id);
      await page.locator(`tr[data-study="${fresh[0].id}"]`).waitFor();
      return fresh[0].id;
    };

    const nifti = await encodeNiftiNode(orientationVolume(DIRECTIONS.PIR), { gzip: false });
    await dropFiles(page, '[data-testid=drop-zone]', [{ name: 'orient-PIR.nii', bytes: nifti }]);
    await page.locator('.upload-text', { hasText: /Uploading orient-PIR\.nii: \d+ %/ }).waitFor();
    await shoot('9-uploading');
    uploaded.PIR = await added();
    let log = await uploadLog();
    const percents = (texts: string[]) =>
      texts
        .map((t) => /: (\d+) %/.exec(t))
        .filter((m) => m !== null)
        .map((m) => Number(m[1]));
    expect(
      percents(log).some((p) => p > 0 && p < 100),
      log.join(' | '),
    ).toBe(true);
    expect(log).toContain('Reading orient-PIR.nii on the server…');
    expect(log.at(-1)).toBe('Added “orient-PIR”.');
    expect(await api<{ name: string }>(`/api/studies/${uploaded.PIR}`)).toMatchObject({ name: 'orient-PIR' });

    const dir = tempDir('sg-browser-dicom-');
    await writeDicomSeries(dir, orientationVolume(DIRECTIONS.oblique), { shuffleNames: true });
    const files = readdirSync(dir).map((name) => ({ name, bytes: readFileSync(join(dir, name)) }));
    await dropFiles(page, '[data-testid=drop-zone]', files);
    uploaded.oblique = await added();
    log = await uploadLog();
    expect(log[0]).toBe(`Uploading ${files.length} files…`);
    expect(
      percents(log).some((p) => p > 0 && p < 100),
      log.join(' | '),
    ).toBe(true);
    const study = await api<{ dims: number[]; modality: string }>(`/api/studies/${uploaded.oblique}`);
    expect(study).toMatchObject({ dims: [48, 48, 48], modality: 'CT' });
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    await cdp.detach();
  }, 90_000);

  it('says in the page why an upload failed, and adds no study', async () => {
    const before = (await api<unknown[]>('/api/studies')).length;
    const example = readFileSync(join(REPO, 'data', 'example_ct', 'ct.nii.gz'));
    const cases = [
      {
        name: 'notes.txt',
        bytes: new TextEncoder().encode('meeting notes, not an image\n'.repeat(40)),
        why: /not a DICOM file/,
      },
      { name: 'cut.nii.gz', bytes: example.subarray(0, example.length >> 1), why: /truncated/ },
    ];
    for (const c of cases) {
      const answered = page.waitForResponse(
        (r) => r.url().includes('/api/studies') && r.request().method() === 'POST',
      );
      await dropFiles(page, '[data-testid=drop-zone]', [c]);
      expect((await answered).status()).toBe(400);
      const notice = page.locator('.notice.error', { hasText: `Upload of ${c.name} failed` });
      await notice.waitFor();
      expect(await notice.textContent()).toMatch(c.why);
    }
    await shoot('10-upload-failed');
    expect(await api<unknown[]>('/api/studies')).toHaveLength(before);
    await page.evaluate(() => document.querySelectorAll('.notice').forEach((n) => n.remove()));
  });

  it('puts the orientation markers where the anatomy is on PIR and oblique studies; measures; windows', async () => {
    const views = ['axial', 'coronal', 'sagittal'] as const;
    expect(Object.keys(uploaded)).toEqual(['PIR', 'oblique']);
    for (const [orientation, id] of Object.entries(uploaded)) {
      const t0 = await now();
      await page.evaluate((hash) => (location.hash = hash), `#/study/${encodeURIComponent(id)}`);
      await mark('sg:first-frame', t0);
      const tiles = await page.evaluate(() => {
        const { viewer } = (window as unknown as { sacroguide: SacroguideHandle }).sacroguide;
        viewer.nv.setCrosshairWidth(0);
        const dpr = viewer.nv.uiData.dpr ?? 1;
        return viewer.nv.screenSlices
          .filter((s) => s.axCorSag <= 2)
          .map((s) => {
            const [x, y, width, height] = s.leftTopWidthHeight.map((v) => v / dpr);
            return { axCorSag: s.axCorSag, rect: { x, y, width, height } };
          });
      });
      expect(tiles.map((t) => t.axCorSag).sort()).toEqual([0, 1, 2]);
      await page.waitForTimeout(300);
      const px = await canvasPixels(page, readFileSync(await shoot(`11-orientation-${orientation}`)));
      for (const { axCorSag, rect } of tiles) {
        const view = views[axCorSag];
        for (const [region, side] of EXPECTED_SIDES[view]) {
          const c = greyCentroid(px, rect, REGION_GREY[region]);
          const where = `${orientation} ${view}: ${region} at (${c.fx.toFixed(2)}, ${c.fy.toFixed(2)}), ${c.count} px`;
          expect(c.count, where).toBeGreaterThan(400);
          if (side === 'top') expect(c.fy, where).toBeLessThan(0.45);
          else expect(side === 'right' ? c.fx : 1 - c.fx, where).toBeGreaterThan(0.55);
        }
      }
      if (orientation !== 'PIR') continue;

      // distance and HU along a line across the anterior slab of the axial view (1300 HU)
      const axial = tiles.find((t) => t.axCorSag === 0)!.rect;
      const box = (await page.locator('[data-testid=viewer]').boundingBox())!;
      const at = (fx: number, fy: number) => [
        box.x + axial.x + fx * axial.width,
        box.y + axial.y + fy * axial.height,
      ];
      await page.keyboard.press('m');
      const [x0, y0] = at(0.3, 0.12);
      const [x1, y1] = at(0.7, 0.12);
      await page.mouse.move(x0, y0);
      await page.mouse.down();
      await page.mouse.move(x1, y1, { steps: 4 });
      await page.mouse.up();
      const measured = page.locator('[data-testid=measurements] li');
      await measured.first().waitFor();
      const text = (await measured.first().textContent()) ?? '';
      const mm = Number(/^([\d.]+) mm/.exec(text)?.[1]);
      expect(Math.abs(mm - 0.4 * 96), text).toBeLessThan(3); // the tile spans the 96 mm cube
      expect(text).toContain('HU mean 1300 (min 1300, max 1300)');
      await shoot('12-measured');
      await page.keyboard.press('n');

      // window presets by key, and the right button drags the window
      const windowText = page.locator('[data-testid=window-text]');
      await page.keyboard.press('2');
      await expect.poll(() => windowText.textContent()).toMatch(/^W 400 \/ L 40 HU/);
      const [cx, cy] = at(0.5, 0.5);
      await page.mouse.move(cx, cy);
      await page.mouse.down({ button: 'right' });
      await page.mouse.move(cx + 60, cy + 30, { steps: 4 });
      await page.mouse.up({ button: 'right' });
      await expect.poll(() => windowText.textContent()).not.toMatch(/^W 400 \/ L 40 HU/);
      await page.keyboard.press('1');
      await expect.poll(() => windowText.textContent()).toMatch(/^W 1800 \/ L 400 HU/);
    }
    await page.evaluate(() =>
      (window as unknown as { sacroguide: SacroguideHandle }).sacroguide.viewer.nv.setCrosshairWidth(1),
    );
  }, 60_000);

  it('opens and closes the help by key, shows one view full size and resets zoom and pan', async () => {
    const nv = () =>
      page.evaluate(() => {
        const { viewer } = (window as unknown as { sacroguide: SacroguideHandle }).sacroguide;
        return { sliceType: viewer.nv.opts.sliceType, zoom: viewer.nv.scene.pan2Dxyzmm[3] };
      });
    const help = page.locator('[data-testid=shortcuts]');
    await page.keyboard.press('?');
    await expect.poll(() => help.evaluate((d) => (d as HTMLDialogElement).open)).toBe(true);
    expect(await help.textContent()).toContain('full size');
    await page.keyboard.press('1'); // ignored while the help is open
    await page.keyboard.press('Escape');
    await expect.poll(() => help.evaluate((d) => (d as HTMLDialogElement).open)).toBe(false);

    // the mouse over the axial tile (bottom left), F: that view alone; F again: the 2x2 grid
    const box = (await page.locator('[data-testid=viewer]').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.25, box.y + box.height * 0.75);
    await page.keyboard.press('f');
    await expect.poll(async () => (await nv()).sliceType).toBe(0); // SLICE_TYPE.AXIAL
    await shoot('13-axial-full-size');
    // zoom with the wheel in the pan tool, then R resets it
    await page.keyboard.press('p');
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5);
    await page.mouse.wheel(0, -300);
    await expect.poll(async () => (await nv()).zoom).not.toBe(1);
    await page.keyboard.press('r');
    await expect.poll(async () => (await nv()).zoom).toBe(1);
    await page.keyboard.press('f');
    await expect.poll(async () => (await nv()).sliceType).toBe(3); // SLICE_TYPE.MULTIPLANAR
    await page.keyboard.press('n');
  });
});

interface SacroguideHandle {
  viewer: {
    nv: {
      meshes: { name: string; pts: Float32Array }[];
      opts: { sliceType: number };
      scene: { pan2Dxyzmm: number[] };
      setCrosshairWidth(w: number): void;
      screenSlices: { axCorSag: number; leftTopWidthHeight: number[] }[];
      mm2frac(mm: number[]): Float32Array;
      frac2canvasPosWithTile(
        frac: Float32Array,
        sliceType: number,
      ): { pos: number[]; tileIndex: number } | null;
      uiData: { dpr?: number };
    };
    labelMap: {
      dims: number[];
      data: Uint8Array;
      originLps: number[];
      direction: number[];
      spacingMm: number[];
    } | null;
    moveTo(lps: [number, number, number]): void;
  };
  store: {
    get(): { labels: { labels: Record<string, number> } | null };
    set(change: Record<string, unknown>): void;
  };
}
