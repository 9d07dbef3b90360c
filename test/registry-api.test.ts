/**
 * The registry's HTTP API and pages (issue 6) through buildApp + inject(), on SQLite (the
 * default `<dataDir>/registry.sqlite`) and on a PostgreSQL server started here (DATABASE_URL).
 * Bad input answers 4xx with one `{"error"}` line naming the field, and changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/server/app.js';
import { configFromEnv } from '../src/server/config.js';
import { analyzeCohort, importCohortRows, openRegistry, parseCohortCsv } from '../src/registry/index-node.js';
import { findPostgresBin, startTempPostgres } from '../src/registry/db/temp-postgres-node.js';
import type { TempPostgres } from '../src/registry/db/temp-postgres-node.js';
import { REPO, tempDir } from './cli-helpers.js';

const PUBLISHED = readFileSync(join(REPO, 'test', 'fixtures', 'cohort', 'published.csv'));
const PG_BIN = findPostgresBin();
if (!PG_BIN)
  console.warn(
    'registry-api: no PostgreSQL binaries: the PostgreSQL half of this suite is SKIPPED (apt-get install -y postgresql)',
  );

let server: TempPostgres | null = null;
beforeAll(async () => {
  if (PG_BIN) server = await startTempPostgres();
});
afterAll(async () => server?.stop());

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe.skipIf(dialect === 'postgres' && !PG_BIN)(`registry API on ${dialect}`, () => {
    let app: FastifyInstance;
    const api = '/api/registry';
    beforeAll(async () => {
      const dataDir = tempDir('sg-registry-api-');
      const databaseUrl =
        dialect === 'postgres'
          ? await (server as TempPostgres).createDatabase(`api_${process.pid}`)
          : undefined;
      app = await buildApp({ ...configFromEnv({}), dataDir, databaseUrl });
      // The published cohort, imported as the CLI does, into the database the app uses.
      const registry = await openRegistry(databaseUrl ?? join(dataDir, 'registry.sqlite'));
      await importCohortRows(registry.db, parseCohortCsv(PUBLISHED, { file: 'published.csv' }), {
        file: 'published.csv',
      });
      await registry.close();
    });
    afterAll(async () => app?.close());

    const call = async (method: string, url: string, payload?: unknown) => {
      const r = await app.inject({ method: method as 'GET', url, payload: payload as object });
      return {
        status: r.statusCode,
        body: r.body,
        json: () => r.json(),
        type: String(r.headers['content-type']),
      };
    };
    const patient = async (id: string) =>
      (await call('GET', `${api}/patients/${encodeURIComponent(id)}`)).json();

    it('answers the analyze REPORT of the whole registry and of subsets', async () => {
      const rows = parseCohortCsv(PUBLISHED, { file: 'published.csv' });
      const whole = await call('GET', `${api}/analysis`);
      expect(whole.status).toBe(200);
      expect(whole.json()).toEqual(JSON.parse(JSON.stringify(analyzeCohort(rows))));
      const fluoro = (await call('GET', `${api}/analysis?guidance=fluoro`)).json();
      expect(fluoro.n).toBe(4);
      expect(fluoro.complications.counts).toEqual({ none: 3, cement_extravasation: 1 });
      const women = (await call('GET', `${api}/analysis?sex=F&primary=Breast`)).json();
      expect(women.n).toBe(4);
      const bad = await call('GET', `${api}/analysis?guidance=xray`);
      expect(bad.status).toBe(400);
      expect(bad.json()).toEqual({
        error: "field guidance: 'xray' is not one of fluoro, ct_fluoro, ct_fluoro_oarm, ct_fluoro_seg3d",
      });
      expect((await call('GET', `${api}/analysis?colour=red`)).status).toBe(400);
      const none = await call('GET', `${api}/analysis?primary=melanoma`);
      expect(none.status).toBe(404);
      expect(none.json().error).toMatch(/no patients with a procedure \(primary melanoma\)/);
    });

    it('creates, reads, updates and deletes a patient; refuses bad bodies without changing anything', async () => {
      const created = await call('POST', `${api}/patients`, {
        patient_id: 'N1',
        age: 71,
        sex: 'F',
        primary: 'breast',
      });
      expect(created.status).toBe(201);
      expect(created.json()).toMatchObject({
        patient_id: 'N1',
        age: 71,
        followup_months: 0,
        died: 0,
        procedures: [],
      });
      const cases: [unknown, number, string][] = [
        [
          { patient_id: 'N1', age: 60, sex: 'M', primary: 'lung' },
          409,
          "field patient_id: 'N1' is already in the registry",
        ],
        [{ patient_id: 'N2', age: -3, sex: 'M', primary: 'lung' }, 400, 'field age: -3 is outside 0-120'],
        [{ patient_id: 'N2', age: 60, sex: 'X', primary: 'lung' }, 400, "field sex: 'X' is not one of F, M"],
        [{ patient_id: 'N2', age: 60, sex: 'M', primary: 'lung', pian: 3 }, 400, 'field pian: unknown field'],
        [{ patient_id: 'N2', age: '60', sex: 'M', primary: 'lung' }, 400, "field age: '60' is not a number"],
        [{ patient_id: 'N2', sex: 'M', primary: 'lung' }, 400, 'field age: missing value (required)'],
        [
          { patient_id: ' N2', age: 60, sex: 'M', primary: 'lung' },
          400,
          "field patient_id: ' N2' is not trimmed text without control characters",
        ],
        [
          { patient_id: 'N2', age: 60, sex: 'M', primary: 'lung', died: 0, death_date: '2024-01-01' },
          400,
          'field death_date: a date of death needs died = 1',
        ],
        [
          { patient_id: 'N2', age: 60, sex: 'M', primary: 'lung', last_contact_date: '2023-02-30' },
          400,
          "field last_contact_date: '2023-02-30' is not a date (YYYY-MM-DD)",
        ],
      ];
      for (const [body, status, error] of cases) {
        const r = await call('POST', `${api}/patients`, body);
        expect({ status: r.status, body: r.json() }).toEqual({ status, body: { error } });
      }
      const list = (await call('GET', `${api}/patients`)).json();
      expect(list.map((p: { patient_id: string }) => p.patient_id)).toContain('N1');
      expect(list.map((p: { patient_id: string }) => p.patient_id)).not.toContain('N2');
      expect(list).toHaveLength(19);

      const updated = await call('PATCH', `${api}/patients/N1`, { age: 72, last_contact_date: '2024-05-02' });
      expect(updated.json()).toMatchObject({ age: 72, last_contact_date: '2024-05-02' });
      const refused = await call('PATCH', `${api}/patients/N1`, { age: 73, death_date: '2024-06-01' });
      expect(refused.status).toBe(400);
      expect((await patient('N1')).age).toBe(72);
      expect((await call('PATCH', `${api}/patients/N1`, {})).json()).toEqual({
        error: 'field body: nothing given',
      });
      expect((await call('PATCH', `${api}/patients/N1`, { patient_id: 'N9' })).status).toBe(400);
      expect((await call('DELETE', `${api}/patients/N1`)).status).toBe(204);
      const gone = await call('GET', `${api}/patients/N1`);
      expect(gone.status).toBe(404);
      expect(gone.json()).toEqual({ error: "field patient_id: no patient 'N1' in the registry" });
      expect((await call('DELETE', `${api}/patients/N1`)).status).toBe(404);
    });

    it('records procedures with complications and validates them', async () => {
      await call('POST', `${api}/patients`, { patient_id: 'N3', age: 66, sex: 'M', primary: 'kidney' });
      const lesion = await call('POST', `${api}/patients/N3/lesions`, {
        location: 'S1-S2 left ala',
        side: 'left',
        volume_ml: 24.5,
      });
      expect(lesion.status).toBe(201);
      const lesionId = lesion.json().id;
      const body = {
        performed_on: '2024-03-05',
        guidance: 'ct_fluoro_seg3d',
        ablation_modality: 'microwave',
        ablation_device: 'Emprint',
        cement_volume_ml: 6.5,
        needles: 2,
        needle_gauge: 11,
        lesion_id: lesionId,
        complications: [
          { type: 'Cement_Extravasation', grade: 1, extravasation_location: 'venous', symptomatic: 0 },
        ],
      };
      const created = await call('POST', `${api}/patients/N3/procedures`, body);
      expect(created.status).toBe(201);
      const proc = created.json();
      expect(proc).toMatchObject({
        ...body,
        complications: [
          { type: 'cement_extravasation', grade: 1, extravasation_location: 'venous', symptomatic: 0 },
        ],
      });
      const bad: [unknown, string][] = [
        [
          { ...body, ablation_modality: 'none' },
          'field ablation_device: an ablation device needs ablation_modality rf, microwave or cryo',
        ],
        [{ ...body, cement_volume_ml: 140 }, 'field cement_volume_ml: 140 is outside 0-100'],
        [{ ...body, needles: 1.5 }, 'field needles: 1.5 is not a whole number'],
        [
          { ...body, guidance: 'mri' },
          "field guidance: 'mri' is not one of fluoro, ct_fluoro, ct_fluoro_oarm, ct_fluoro_seg3d",
        ],
        [
          { ...body, complications: [{ type: 'none' }] },
          "field complications.0.type: 'none' is not a complication: leave the list empty instead",
        ],
        [
          { ...body, complications: [{ type: 'haematoma', extravasation_location: 'venous' }] },
          'field complications.0.extravasation_location: an extravasation location needs type cement_extravasation',
        ],
        [
          { ...body, complications: [{ type: 'haematoma', grade: 7 }] },
          'field complications.0.grade: 7 is outside 1-6',
        ],
        [{ ...body, lesion_id: 99999 }, 'field lesion_id: the patient has no lesion 99999'],
      ];
      for (const [b, error] of bad) {
        const r = await call('POST', `${api}/patients/N3/procedures`, b);
        expect({ status: r.status, body: r.json() }).toEqual({ status: 400, body: { error } });
      }
      expect((await patient('N3')).procedures).toHaveLength(1);

      const url = `${api}/patients/N3/procedures/${proc.id}`;
      const patched = await call('PATCH', url, { cement_volume_ml: 8, complications: [] });
      expect(patched.json()).toMatchObject({
        cement_volume_ml: 8,
        ablation_device: 'Emprint',
        complications: [],
      });
      const refused = await call('PATCH', url, { ablation_modality: 'none', cement_volume_ml: 9 });
      expect(refused.status).toBe(400);
      expect((await patient('N3')).procedures[0].cement_volume_ml).toBe(8);
      expect((await call('PATCH', `${api}/patients/P01/procedures/${proc.id}`, { needles: 1 })).status).toBe(
        404,
      );
      expect((await call('PATCH', `${api}/patients/N3/procedures/abc`, { needles: 1 })).status).toBe(400);

      const dated = (await call('GET', `${api}/analysis?from=2024-01-01&to=2024-12-31`)).json();
      expect(dated.n).toBe(1);
      expect((await call('DELETE', url)).status).toBe(204);
      expect((await patient('N3')).procedures).toEqual([]);
    });

    it('saves follow-up visits in one transaction', async () => {
      const url = `${api}/patients/P02/followup`;
      const saved = await call('PUT', url, {
        followup_months: 15,
        last_contact_date: '2024-09-01',
        outcomes: {
          '2w': { pain: 4, analgesic: 'weak_opioid', performance_status: 2, assessed_on: '2023-06-20' },
          '24m': { pain: 3 },
        },
      });
      expect(saved.status).toBe(200);
      const record = saved.json();
      expect(record.followup_months).toBe(15);
      expect(record.outcomes['2w']).toEqual({
        pain: 4,
        analgesic: 'weak_opioid',
        performance_status: 2,
        assessed_on: '2023-06-20',
      });
      expect(Object.keys(record.outcomes)).toEqual(['baseline', '2w', '3m', '6m', '12m', '24m']);

      const bad = await call('PUT', url, { followup_months: 99, outcomes: { '3m': { pain: 14 } } });
      expect(bad.json()).toEqual({ error: 'field outcomes.3m.pain: 14 is outside 0-10' });
      const bad2 = await call('PUT', url, {
        followup_months: 99,
        died: 0,
        death_date: '2024-01-01',
        outcomes: { '24m': null },
      });
      expect(bad2.status).toBe(400);
      const after = await patient('P02');
      expect(after.followup_months).toBe(15);
      expect(after.outcomes['24m']).toEqual({
        pain: 3,
        analgesic: null,
        performance_status: null,
        assessed_on: null,
      });

      const removed = (
        await call('PUT', url, { died: 1, death_date: '2024-10-01', outcomes: { '24m': null } })
      ).json();
      expect(removed.outcomes['24m']).toBeUndefined();
      expect(removed).toMatchObject({ died: 1, death_date: '2024-10-01' });
      expect((await call('PUT', url, { outcomes: { '5y': { pain: 1 } } })).json()).toEqual({
        error: 'field outcomes.5y: unknown field',
      });
      expect((await call('PUT', `${api}/patients/ZZ/followup`, { followup_months: 1 })).status).toBe(404);
    });

    it('serves the figures and the pages', async () => {
      const svg = await call('GET', `${api}/plots/survival.svg?guidance=ct_fluoro`);
      expect(svg.status).toBe(200);
      expect(svg.type).toMatch(/image\/svg\+xml/);
      expect(svg.body).toMatch(/^<svg/);
      expect((await call('GET', `${api}/plots/histogram.svg`)).status).toBe(404);
      const list = await call('GET', '/registry');
      expect(list.type).toMatch(/text\/html/);
      expect(list.body).toContain('href="/registry/patients/P01"');
      expect(list.body).toContain('name="patient_id"');
      const page = await call('GET', '/registry/patients/P01');
      expect(page.body).toContain('name="outcomes.2w.pain"');
      expect(page.body).toContain('min="0" max="10"');
      expect(page.body).toContain('data-action="/api/registry/patients/P01/procedures"');
      // Issue 6: an unknown patient's page answered the API's JSON error instead of a page.
      const missing = await call('GET', '/registry/patients/NOBODY');
      expect(missing.status).toBe(404);
      expect(missing.type).toMatch(/text\/html/);
      expect(missing.body).toContain('field patient_id: no patient &#39;NOBODY&#39; in the registry');
      const tooLong = await call('GET', `/registry/patients/${'x'.repeat(65)}`);
      expect(tooLong.status).toBe(400);
      expect(tooLong.type).toMatch(/text\/html/);
      const dash = await call('GET', '/registry/dashboard?guidance=fluoro');
      expect(dash.status).toBe(200);
      expect(dash.body).toContain('<b>4</b> patients');
      expect(dash.body).toContain('/api/registry/plots/pain.svg?guidance=fluoro');
      const badDash = await call('GET', '/registry/dashboard?from=yesterday');
      expect(badDash.status).toBe(400);
      expect(badDash.body).toContain('field from: &#39;yesterday&#39; is not a date (YYYY-MM-DD)');
      const csv = await call('GET', `${api}/export.csv`);
      expect(csv.body.split('\n')[0]).toBe(PUBLISHED.toString('utf8').split('\n')[0]);
      const dictionary = await call('GET', `${api}/redcap-dictionary.csv`);
      expect(dictionary.body).toMatch(/^Variable \/ Field Name,Form Name,/);
    });
  });
}
