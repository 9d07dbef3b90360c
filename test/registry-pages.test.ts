/**
 * The registry pages in a real browser (headless Chromium through playwright-core; skipped
 * with a message when no Chromium is installed): enrol a patient, a procedure refused with the
 * API's message shown beside the form and the field marked, then accepted; a follow-up visit
 * saved; the dashboard's figures load.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { buildApp } from '../src/server/app.js';
import { configFromEnv } from '../src/server/config.js';
import { tempDir } from './cli-helpers.js';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) =>
  existsSync(p),
);
if (!CHROMIUM)
  console.warn('registry-pages: no Chromium installed: browser test SKIPPED (apt-get install -y chromium)');

describe.skipIf(!CHROMIUM)('registry pages in a browser', () => {
  let app: FastifyInstance;
  let browser: Browser;
  let page: Page;
  let base = '';
  beforeAll(async () => {
    app = await buildApp({ ...configFromEnv({}), dataDir: tempDir('sg-registry-pages-') });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    page = await browser.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('enrols a patient, shows validation messages, records a procedure and a visit', async () => {
    await page.goto(`${base}/registry`);
    const enrol = page.locator('#new-patient');
    await enrol.locator('[name=patient_id]').fill('W1');
    await enrol.locator('[name=age]').fill('150');
    await enrol.locator('[name=sex]').selectOption('F');
    await enrol.locator('[name=primary]').fill('breast');
    await enrol.locator('button[type=submit]').click();
    await expect.poll(() => enrol.locator('[role=alert]').textContent()).toMatch(/^Age \(years\): .+/);
    await enrol.locator('[name=age]').fill('68');
    await Promise.all([
      page.waitForURL(`${base}/registry/patients/W1`),
      enrol.locator('button[type=submit]').click(),
    ]);

    const procedure = page.locator('#new-procedure');
    await procedure.locator('[name=guidance]').selectOption('ct_fluoro_oarm');
    await procedure.locator('[name=ablation_modality]').selectOption('none');
    await procedure.locator('[name=ablation_device]').fill('Emprint');
    await procedure.locator('[name=cement_volume_ml]').fill('5.5');
    await procedure.locator('[name="complications.0.type"]').fill('cement_extravasation');
    await procedure.locator('[name="complications.0.extravasation_location"]').selectOption('presacral');
    await procedure.locator('button[type=submit]').click();
    await expect
      .poll(() => procedure.locator('[role=alert]').textContent())
      .toBe('field ablation_device: an ablation device needs ablation_modality rf, microwave or cryo');
    expect(await procedure.locator('[name=ablation_device]').getAttribute('class')).toContain('invalid');
    await procedure.locator('[name=ablation_modality]').selectOption('microwave');
    await Promise.all([page.waitForEvent('load'), procedure.locator('button[type=submit]').click()]);
    const row = await page.locator('table').nth(1).locator('tbody tr').first().textContent();
    expect(row).toContain('ct_fluoro_oarm');
    expect(row).toContain('cement_extravasation, presacral');

    const followup = page.locator('#followup');
    await followup.locator('[name="outcomes.baseline.pain"]').fill('8');
    await followup.locator('[name="outcomes.2w.pain"]').fill('3');
    await followup.locator('[name="outcomes.2w.analgesic"]').selectOption('weak_opioid');
    await followup.locator('[name=followup_months]').fill('2');
    await Promise.all([page.waitForEvent('load'), followup.locator('button[type=submit]').click()]);
    expect(await page.locator('#followup [name="outcomes.2w.pain"]').inputValue()).toBe('3');
    const record = await (await fetch(`${base}/api/registry/patients/W1`)).json();
    expect(record.outcomes['2w']).toEqual({
      pain: 3,
      analgesic: 'weak_opioid',
      performance_status: null,
      assessed_on: null,
    });
    expect(record.followup_months).toBe(2);

    await page.goto(`${base}/registry/dashboard`);
    expect(await page.locator('body').textContent()).toContain('1 patient ·');
    await expect
      .poll(() =>
        page
          .locator('.figures img')
          .evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).naturalWidth)),
      )
      .toEqual([expect.any(Number), expect.any(Number), expect.any(Number)]);
    const widths = await page
      .locator('.figures img')
      .evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).naturalWidth));
    for (const w of widths) expect(w).toBeGreaterThan(100);
  });
});
