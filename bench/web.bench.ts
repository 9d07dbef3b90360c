/**
 * Issue 5 figures: the web workstation in Debian's Chromium (headless, WebGL2 through
 * SwiftShader) against the built server (`node dist/server/main.js`) started on a free port with
 * a temporary data folder. Medians of 5 runs, read from the app's performance marks
 * (web/src/marks.ts) so that Playwright's own overhead is not counted:
 *   (a) opening the example study: click on its link in the list -> first image drawn
 *       (`sg:first-image`) and the next frame presented (`sg:first-frame`); goal <= 1.5 s. Also
 *       a cold load of `#/study/example-ct` (navigation start -> first frame: page, scripts,
 *       WebGL set-up, image), and the volume fetch (`GET /api/studies/:id/volume`) as the
 *       browser saw it (resource timing) and as a plain HTTP client sees it;
 *   (b) click on "Segment" -> the coloured label overlay shown (`sg:labels-shown`) and the 3D
 *       surfaces shown (`sg:surfaces-shown`: the frame with them presented), with the server
 *       job's own time (created -> finished) and the surfaces' request as the page saw it;
 *   (c) one brush stroke (8 mouse moves on the axial tile, 5 mm radius) released -> the
 *       server's answer (`sg:edit-answered`) -> the overlay updated with it (`sg:edit-applied`),
 *       after one warm-up stroke; each stroke is undone (Ctrl+Z) before the next.
 * Needs `npm run build` (npm run bench does it) and /usr/bin/chromium.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { median } from './stats.js';

const REPO = join(import.meta.dirname, '..', '..');
const CHROMIUM = '/usr/bin/chromium';
const RUNS = 5;
const STUDY = 'example-ct';

interface Row {
  name: string;
  ms: number[];
  goalMs?: number;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

async function startServer(dataDir: string): Promise<{ base: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(REPO, 'dist', 'server', 'main.js')], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', SACROGUIDE_DATA: dataDir },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const base = `http://127.0.0.1:${port}`;
  for (let t = 0; t < 300; t++) {
    if (child.exitCode !== null) throw new Error(`the server stopped: ${stderr.trim()}`);
    try {
      if ((await fetch(`${base}/api/health`)).ok) return { base, child };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error(`the server did not answer within 30 s: ${stderr.trim()}`);
}

/** Start time (page ms) of the first mark `name` after `since`, waiting for it. */
async function markAfter(page: Page, name: string, since: number): Promise<number> {
  const handle = await page.waitForFunction(
    ([n, t]) => {
      const e = performance.getEntriesByName(n as string).find((m) => m.startTime > (t as number));
      return e ? e.startTime : false;
    },
    [name, since] as const,
    { timeout: 180_000, polling: 'raf' },
  );
  return (await handle.jsonValue()) as number;
}

/** Marks the time of the next click anywhere on the page as `bench:click`; returns nothing. */
async function markNextClick(page: Page): Promise<void> {
  await page.evaluate(() =>
    document.addEventListener('click', () => performance.mark('bench:click'), { capture: true, once: true }),
  );
}

const lastMark = (page: Page, name: string) =>
  page.evaluate((n) => performance.getEntriesByName(n).at(-1)?.startTime ?? NaN, name);

/**
 * The last resource timing entry (started after `since`, page ms) whose URL path ends with
 * `suffix`: [start -> response end, request -> first byte].
 */
const resourceTiming = (page: Page, suffix: string, since = 0) =>
  page.evaluate(
    ([s, t]) => {
      const e = (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
        .filter((r) => new URL(r.name).pathname.endsWith(s as string) && r.startTime > (t as number))
        .at(-1);
      return e ? [e.responseEnd - e.startTime, e.responseStart - e.requestStart] : [NaN, NaN];
    },
    [suffix, since] as const,
  );

async function openStudy(browser: Browser, base: string, rows: Record<string, Row>): Promise<void> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const volumePath = `/api/studies/${STUDY}/volume`;
  // one warm-up load (browser cache of the hashed assets, server file cache), then the runs
  for (let r = -1; r < RUNS; r++) {
    const page = await context.newPage();
    await page.goto(`${base}/#/`);
    const link = page.locator(`tr[data-study="${STUDY}"] a.study-open`);
    await link.waitFor({ timeout: 120_000 });
    await markAfter(page, 'sg:attached', 0);
    await markNextClick(page);
    await link.click();
    const image = await markAfter(page, 'sg:first-image', 0);
    const frame = await markAfter(page, 'sg:first-frame', 0);
    const click = await lastMark(page, 'bench:click');
    const ctLoaded = await lastMark(page, 'sg:ct-loaded');
    const [fetchMs, firstByteMs] = await resourceTiming(page, volumePath);
    await page.close();

    const cold = await context.newPage();
    await cold.goto(`${base}/#/study/${STUDY}`);
    const coldFrame = await markAfter(cold, 'sg:first-frame', 0);
    await cold.close();
    if (r < 0) continue;
    rows.clickImage.ms.push(image - click);
    rows.clickFrame.ms.push(frame - click);
    rows.clickCt.ms.push(ctLoaded - click);
    rows.coldFrame.ms.push(coldFrame);
    rows.volumeBrowser.ms.push(fetchMs);
    rows.volumeFirstByte.ms.push(firstByteMs);

    const t0 = performance.now();
    const response = await fetch(base + volumePath);
    await response.arrayBuffer();
    rows.volumeHttp.ms.push(performance.now() - t0);
  }
  await context.close();
}

async function segmentAndBrush(browser: Browser, base: string, rows: Record<string, Row>): Promise<void> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${base}/#/study/${STUDY}`);
  await markAfter(page, 'sg:first-frame', 0);
  for (let r = 0; r < RUNS; r++) {
    await page.locator('[data-testid=segment]:not([disabled])').waitFor({ timeout: 120_000 });
    await markNextClick(page);
    const started = page.waitForResponse((res) => res.url().endsWith(`/api/studies/${STUDY}/segment`));
    const since = await page.evaluate(() => performance.now());
    await page.click('[data-testid=segment]');
    const { job } = (await (await started).json()) as { job: string };
    const shown = await markAfter(page, 'sg:labels-shown', since);
    const surfaces = await markAfter(page, 'sg:surfaces-shown', shown);
    const click = await lastMark(page, 'bench:click');
    const status = (await (await fetch(`${base}/api/jobs/${job}`)).json()) as {
      created: string;
      finished: string;
    };
    rows.segment.ms.push(shown - click);
    rows.segmentSurfaces.ms.push(surfaces - click);
    rows.surfacesAfterLabels.ms.push(surfaces - shown);
    const [surfacesFetchMs] = await resourceTiming(page, '/surfaces', since);
    rows.surfacesFetch.ms.push(surfacesFetchMs);
    rows.segmentJob.ms.push(Date.parse(status.finished) - Date.parse(status.created));
  }
  await page.locator('[data-testid=segment]:not([disabled])').waitFor({ timeout: 120_000 });

  await page.locator('tr[data-structure="lesion"] input[type=radio]').check();
  await page.keyboard.press('b');
  const box = await page.locator('[data-testid=viewer]').boundingBox();
  if (!box) throw new Error('no viewer canvas');
  for (let r = -1; r < RUNS; r++) {
    // the axial tile is the bottom left of the 2x2 grid; each stroke a little lower
    const x = box.x + box.width * 0.27;
    const y = box.y + box.height * (0.66 + 0.02 * (r + 1));
    await page.mouse.move(x, y);
    await page.mouse.down();
    for (let s = 1; s <= 8; s++) await page.mouse.move(x + 4 * s, y + s);
    const since = await page.evaluate(() => performance.now());
    await page.mouse.up();
    const end = await markAfter(page, 'sg:stroke-end', since);
    const answered = await markAfter(page, 'sg:edit-answered', end);
    const applied = await markAfter(page, 'sg:edit-applied', answered);
    const [, firstByteMs] = await resourceTiming(page, `/api/studies/${STUDY}/edits`);
    const beforeUndo = await page.evaluate(() => performance.now());
    await page.keyboard.press('Control+z');
    await markAfter(page, 'sg:edit-applied', await markAfter(page, 'sg:edit-answered', beforeUndo));
    if (r < 0) continue;
    rows.brush.ms.push(applied - end);
    rows.brushAnswer.ms.push(answered - end);
    rows.brushServer.ms.push(firstByteMs);
  }
  await context.close();
}

function printTable(rows: Row[]): void {
  const show = (ms: number) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`);
  console.log(`  ${'measure'.padEnd(64)} ${'median'.padStart(8)}  runs`);
  for (const row of rows) {
    const m = median(row.ms);
    const goal =
      row.goalMs === undefined ? '' : `  goal <= ${show(row.goalMs)}: ${m <= row.goalMs ? 'within' : 'OVER'}`;
    console.log(`  ${row.name.padEnd(64)} ${show(m).padStart(8)}  ${row.ms.map(show).join(', ')}${goal}`);
  }
}

export async function bench(): Promise<void> {
  if (!existsSync(CHROMIUM) || !existsSync(join(REPO, 'web', 'dist', 'index.html'))) {
    console.log(`skipped: needs ${CHROMIUM} and the built web app (npm run build)`);
    return;
  }
  const rows: Record<string, Row> = {
    clickImage: { name: '(a) open example study: click -> first image drawn', ms: [], goalMs: 1500 },
    clickFrame: { name: '    ... -> that frame presented', ms: [], goalMs: 1500 },
    clickCt: { name: '    of which the CT fetched and decoded by NiiVue (click -> ct-loaded)', ms: [] },
    coldFrame: { name: '    cold page load of #/study/example-ct -> first frame', ms: [] },
    volumeBrowser: { name: '    volume fetch in the page (request -> last byte)', ms: [] },
    volumeFirstByte: { name: '    volume fetch in the page (request -> first byte)', ms: [] },
    volumeHttp: { name: '    volume fetch by a plain HTTP client (node fetch)', ms: [] },
    segment: { name: '(b) click "Segment" -> coloured result shown', ms: [] },
    segmentSurfaces: { name: '    click "Segment" -> 3D surfaces shown', ms: [] },
    surfacesAfterLabels: { name: '    coloured result shown -> 3D surfaces shown', ms: [] },
    surfacesFetch: { name: '    surfaces request in the page (request -> last byte)', ms: [] },
    segmentJob: { name: '    of which the server job (created -> finished)', ms: [] },
    brush: { name: '(c) brush stroke released -> overlay updated by the server', ms: [] },
    brushAnswer: { name: '    stroke released -> server answer received', ms: [] },
    brushServer: { name: '    POST /edits request -> first byte (server time)', ms: [] },
  };
  const dataDir = mkdtempSync(join(tmpdir(), 'sg-web-bench-'));
  const { base, child } = await startServer(dataDir);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--use-gl=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist'],
  });
  try {
    await openStudy(browser, base, rows);
    await segmentAndBrush(browser, base, rows);
  } finally {
    await browser.close();
    child.kill();
    rmSync(dataDir, { recursive: true, force: true });
  }
  console.log(
    `Chromium headless (SwiftShader WebGL2), server on localhost, example CT 122x101x112; medians of ${RUNS} runs; load average ${loadavg()[0].toFixed(1)}`,
  );
  printTable(Object.values(rows));
}
