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
import { LABEL_COLOURS } from '../../src/anatomy/labels.js';
import { REPO, tempDir } from '../cli-helpers.js';
import { encodeNiftiNode } from '../../src/io/nifti-node.js';
import { writeDicomSeries } from '../../src/io/dicom/write-dicom-node.js';
import { DIRECTIONS } from '../dicom-helpers.js';
import { canvasPixels, colourCount, colourNear, greyCentroid, leftHalf, type Rgb } from './screen-pixels.js';
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
    await page.waitForTimeout(2500); // surfaces
    await shoot('3-segmented');

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
    const T0 = Date.now();
    await page.evaluate(() => {
      const { store, viewer } = (window as unknown as { sacroguide: SacroguideHandle }).sacroguide;
      store.set({ hidden: {}, overlayOpacity: 0.6 });
      viewer.nv.setCrosshairWidth(1);
    });
    console.log('STEP 1', Date.now() - T0, '});');
    await page.locator('tr[data-structure="lesion"] input[type=radio]').check();
    console.log('STEP 2', Date.now() - T0, 'await page.locator(\'tr[data-structure="l');
    await page.keyboard.press('b');
    console.log('STEP 3', Date.now() - T0, "await page.keyboard.press('b');");
    const before = await api<LabelsJson>('/api/studies/example-ct/labels.json');
    console.log('STEP 4', Date.now() - T0, "const before = await api<LabelsJson>('/a");
    const lesionVoxels = () =>
      page.evaluate(() => {
        const { viewer, store } = (window as unknown as { sacroguide: SacroguideHandle }).sacroguide;
        const value = store.get().labels!.labels.lesion;
        return viewer.labelMap!.data.reduce((n, v) => n + (v === value ? 1 : 0), 0);
      });
    const lesionBefore = await lesionVoxels();
    console.log('STEP 5', Date.now() - T0, 'const lesionBefore = await lesionVoxels(');
    const red = (r: number, g: number, b: number) => r > 150 && g < 110 && b < 110;
    console.log('STEP 6', Date.now() - T0, 'const red = (r: number, g: number, b: nu');
    await page.waitForTimeout(300);
    console.log('STEP 7', Date.now() - T0, 'await page.waitForTimeout(300);');
    const redBefore = colourCount(leftHalf(await canvasPixels(page)), red);
    console.log('STEP 8', Date.now() - T0, 'const redBefore = colourCount(leftHalf(a');
    // a stroke across the middle of the axial tile (bottom left of the 2x2 grid)
    const box = (await page.locator('[data-testid=viewer]').boundingBox())!;
    console.log('STEP 9', Date.now() - T0, "const box = (await page.locator('[data-t");
    const cx = box.x + box.width * 0.3;
    console.log('STEP 10', Date.now() - T0, 'const cx = box.x + box.width * 0.3;');
    const cy = box.y + box.height * 0.72;
    console.log('STEP 11', Date.now() - T0, 'const cy = box.y + box.height * 0.72;');
    const answered = page.waitForResponse(
      (r) => r.url().endsWith('/edits') && r.request().method() === 'POST',
    );
    console.log('STEP 12', Date.now() - T0, ');');
    await page.mouse.move(cx - 15, cy);
    console.log('STEP 13', Date.now() - T0, 'await page.mouse.move(cx - 15, cy);');
    await page.mouse.down();
    console.log('STEP 14', Date.now() - T0, 'await page.mouse.down();');
    for (let s = 1; s <= 6; s++) await page.mouse.move(cx - 15 + 5 * s, cy + 2 * s);
    console.log('STEP 15', Date.now() - T0, 'for (let s = 1; s <= 6; s++) await page.');
    await page.mouse.up();
    console.log('STEP 16', Date.now() - T0, 'await page.mouse.up();');
    const edit = await (await answered).json();
    console.log('STEP 17', Date.now() - T0, 'const edit = await (await answered).json');
    expect(edit.changed_voxels).toBeGreaterThan(0);
    console.log('STEP 18', Date.now() - T0, 'expect(edit.changed_voxels).toBeGreaterT');
    expect(edit.revision).toBe(before.revision + 1);
    console.log('STEP 19', Date.now() - T0, 'expect(edit.revision).toBe(before.revisi');
    await expect.poll(() => shownVolume('lesion')).toBe(edit.volumes_ml.lesion.toFixed(2));
    console.log('STEP 20', Date.now() - T0, "await expect.poll(() => shownVolume('les");
    await page.waitForTimeout(300);
    console.log('STEP 21', Date.now() - T0, 'await page.waitForTimeout(300);');
    // counted on the coronal and axial tiles (left half): the 3D tile has a red orientation cube
    const painted = leftHalf(await canvasPixels(page, readFileSync(await shoot('5-brush-stroke'))));
    console.log('STEP 22', Date.now() - T0, 'const painted = leftHalf(await canvasPix');
    expect(colourCount(painted, red)).toBeGreaterThan(redBefore + 20);
    console.log('STEP 23', Date.now() - T0, 'expect(colourCount(painted, red)).toBeGr');

    await page.keyboard.press('Control+z');
    console.log('STEP 24', Date.now() - T0, "await page.keyboard.press('Control+z');");
    await expect.poll(() => shownVolume('lesion')).toBe(before.volumes_ml.lesion.toFixed(2));
    console.log('STEP 25', Date.now() - T0, "await expect.poll(() => shownVolume('les");
    const undone = await api<LabelsJson>('/api/studies/example-ct/labels.json');
    console.log('STEP 26', Date.now() - T0, "const undone = await api<LabelsJson>('/a");
    expect(undone.volumes_ml).toEqual(before.volumes_ml);
    console.log('STEP 27', Date.now() - T0, 'expect(undone.volumes_ml).toEqual(before');
    expect(await lesionVoxels()).toBe(lesionBefore);
    console.log('STEP 28', Date.now() - T0, 'expect(await lesionVoxels()).toBe(lesion');
    await page.waitForTimeout(300);
    console.log('STEP 29', Date.now() - T0, 'await page.waitForTimeout(300);');
    const afterUndo = leftHalf(await canvasPixels(page, readFileSync(await shoot('6-undone'))));
    console.log('STEP 30', Date.now() - T0, 'const afterUndo = leftHalf(await canvasP');
    expect(colourCount(afterUndo, red)).toBeLessThanOrEqual(redBefore + 5);
    console.log('STEP 31', Date.now() - T0, 'expect(colourCount(afterUndo, red)).toBe');

    await page.keyboard.press('Control+y');
    console.log('STEP 32', Date.now() - T0, "await page.keyboard.press('Control+y');");
    await expect.poll(() => shownVolume('lesion')).toBe(edit.volumes_ml.lesion.toFixed(2));
    console.log('STEP 33', Date.now() - T0, "await expect.poll(() => shownVolume('les");

    // the server restarts on the same data folder and the page reloads: the edit is still there
    await app.close();
    console.log('STEP 34', Date.now() - T0, 'await app.close();');
    app = await buildApp({ ...configFromEnv({}), dataDir });
    console.log('STEP 35', Date.now() - T0, 'app = await buildApp({ ...configFromEnv(');
    await app.listen({ host: '127.0.0.1', port });
    console.log('STEP 36', Date.now() - T0, "await app.listen({ host: '127.0.0.1', po");
    await page.reload();
    console.log('STEP 37', Date.now() - T0, 'await page.reload();');
    await mark('sg:labels-shown');
    console.log('STEP 38', Date.now() - T0, "await mark('sg:labels-shown');");
    await expect.poll(() => shownVolume('lesion')).toBe(edit.volumes_ml.lesion.toFixed(2));
    console.log('STEP 39', Date.now() - T0, "await expect.poll(() => shownVolume('les");
    expect(await lesionVoxels()).toBe(lesionBefore + edit.changed_voxels);
    console.log('STEP 40', Date.now() - T0, 'expect(await lesionVoxels()).toBe(lesion');
    await shoot('7-reloaded');
    console.log('STEP 41', Date.now() - T0, "await shoot('7-reloaded');");
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
});

interface SacroguideHandle {
  viewer: {
    nv: {
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
