/**
 * The web workstation in Debian's Chromium (headless, WebGL2 through SwiftShader), issue 5:
 * open the example study, see a non-blank image, run the segmentation, find the structure's
 * colour where the structure is, volumes shown equal to the API's, a brush stroke, undo, reload
 * and find the saved edit, exports. Screenshots go to $SACROGUIDE_SCREENSHOTS or a temp folder.
 * Needs `npm run build` (web/dist and the segmentation worker) and /usr/bin/chromium.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
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
import { canvasPixels, colourCount, colourNear, leftHalf, type Rgb } from './screen-pixels.js';

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
    app = await buildApp({ ...configFromEnv({}), dataDir: tempDir('sg-browser-') });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--use-gl=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist'],
    });
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
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
    await expect.poll(() => page.locator('[data-testid=job-text]').textContent(), { timeout: 20_000 }).toMatch(/%/);
    await shoot('2-segmenting');
    await mark('sg:labels-shown', t0);
    await expect.poll(() => page.locator('[data-testid=job-text]').textContent()).toBe('Done.');
    const state = await api<LabelsJson>('/api/studies/example-ct/labels.json');
    // volumes shown = the API's, every structure
    const shown = await page.evaluate(() =>
      Object.fromEntries(
        [...document.querySelectorAll('[data-volume]')].map((e) => [e.getAttribute('data-volume'), e.textContent]),
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
            const lps = [0, 1, 2].map((a) => o[a] + d[3 * a] * i * s[0] + d[3 * a + 1] * j * s[1] + d[3 * a + 2] * k * s[2]);
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

  it('paints a brush stroke, undoes it, and finds the saved edit after a reload', async () => {
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
    const red = (r: number, g: number, b: number) => r > 150 && g < 110 && b < 110;
    await page.waitForTimeout(300);
    const redBefore = colourCount(leftHalf(await canvasPixels(page)), red);
    // a stroke across the middle of the axial tile (bottom left of the 2x2 grid)
    const box = (await page.locator('[data-testid=viewer]').boundingBox())!;
    const cx = box.x + box.width * 0.3;
    const cy = box.y + box.height * 0.72;
    const answered = page.waitForResponse((r) => r.url().endsWith('/edits') && r.request().method() === 'POST');
    await page.mouse.move(cx - 15, cy);
    await page.mouse.down();
    for (let s = 1; s <= 6; s++) await page.mouse.move(cx - 15 + 5 * s, cy + 2 * s);
    await page.mouse.up();
    const edit = await (await answered).json();
    expect(edit.changed_voxels).toBeGreaterThan(0);
    expect(edit.revision).toBe(before.revision + 1);
    await expect.poll(() => shownVolume('lesion')).toBe(edit.volumes_ml.lesion.toFixed(2));
    await page.waitForTimeout(300);
    // counted on the coronal and axial tiles (left half): the 3D tile has a red orientation cube
    const painted = leftHalf(await canvasPixels(page, readFileSync(await shoot('5-brush-stroke'))));
    expect(colourCount(painted, red)).toBeGreaterThan(redBefore + 20);

    await page.keyboard.press('Control+z');
    await expect.poll(() => shownVolume('lesion')).toBe(before.volumes_ml.lesion.toFixed(2));
    const undone = await api<LabelsJson>('/api/studies/example-ct/labels.json');
    expect(undone.volumes_ml).toEqual(before.volumes_ml);
    expect(await lesionVoxels()).toBe(lesionBefore);
    await page.waitForTimeout(300);
    const afterUndo = leftHalf(await canvasPixels(page, readFileSync(await shoot('6-undone'))));
    expect(colourCount(afterUndo, red)).toBeLessThanOrEqual(redBefore + 5);

    await page.keyboard.press('Control+y');
    await expect.poll(() => shownVolume('lesion')).toBe(edit.volumes_ml.lesion.toFixed(2));
    await page.reload();
    await mark('sg:labels-shown');
    await expect.poll(() => shownVolume('lesion')).toBe(edit.volumes_ml.lesion.toFixed(2));
    expect(await lesionVoxels()).toBe(lesionBefore + edit.changed_voxels);
    await shoot('7-reloaded');
  }, 120_000);

  it('exports the label map, an STL surface and a printable summary', async () => {
    const study = await api<{ dims: number[] }>('/api/studies/example-ct');
    const [labelsDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-testid=export-labels]'),
    ]);
    const { volume } = decodeNifti(gunzipSync(readFileSync(await labelsDownload.path())));
    expect([...volume.dims]).toEqual(study.dims);
    const [stlDownload] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-stl]')]);
    expect(decodeStl(new Uint8Array(readFileSync(await stlDownload.path()))).trianglesLps.length).toBeGreaterThan(0);
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
});

interface SacroguideHandle {
  viewer: {
    nv: {
      setCrosshairWidth(w: number): void;
      mm2frac(mm: number[]): Float32Array;
      frac2canvasPosWithTile(frac: Float32Array, sliceType: number): { pos: number[]; tileIndex: number } | null;
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
