/**
 * The registry database (issue 6), one suite run on embedded SQLite and on a real PostgreSQL
 * server started here (initdb in a temp folder, 127.0.0.1, random port; as root it runs as
 * `nobody`). Import/export round trips, all-or-nothing imports, errors naming row and column,
 * CHECK constraints equal to the API's limits. The HTTP API is in registry-api.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { InputError, formatInputError } from '../src/core/errors.js';
import {
  COMPLICATION_FIELDS,
  OUTCOME_FIELDS,
  PATIENT_FIELDS,
  PROCEDURE_FIELDS,
  countPatients,
  exportRegistry,
  formatCohortCsv,
  importCohortRows,
  loadCohortRows,
  openRegistry,
  parseCohortCsv,
  parseCohortText,
  registryDbError,
  syntheticCohort,
} from '../src/registry/index-node.js';
import type { CohortRow, FieldSpec, RegistryDb } from '../src/registry/index-node.js';
import { findPostgresBin, startTempPostgres } from '../src/registry/db/temp-postgres-node.js';
import type { TempPostgres } from '../src/registry/db/temp-postgres-node.js';
import { REPO, tempDir } from './cli-helpers.js';

const PUBLISHED = readFileSync(join(REPO, 'test', 'fixtures', 'cohort', 'published.csv'));
const HEADER =
  'patient_id,age,sex,primary,guidance,complication,followup_months,died,' +
  'pain_baseline,pain_2w,pain_3m,pain_6m,pain_12m,pain_24m';
const PG_BIN = findPostgresBin();
if (!PG_BIN)
  console.warn(
    'registry-db: no PostgreSQL binaries (/usr/lib/postgresql/*/bin or initdb on PATH): the PostgreSQL ' +
      'half of this suite is SKIPPED. Install them: apt-get install -y postgresql',
  );

let server: TempPostgres | null = null;
let databases = 0;
beforeAll(async () => {
  if (PG_BIN) server = await startTempPostgres();
});
afterAll(async () => server?.stop());

function errorLine(e: unknown): string {
  if (e instanceof InputError) return formatInputError(e);
  throw e;
}

async function failure(work: () => Promise<unknown>): Promise<string> {
  try {
    await work();
  } catch (e) {
    return errorLine(e);
  }
  throw new Error('expected a failure');
}

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe.skipIf(dialect === 'postgres' && !PG_BIN)(`registry database on ${dialect}`, () => {
    const opened: RegistryDb[] = [];
    async function fresh(): Promise<RegistryDb & { spec: string }> {
      const spec =
        dialect === 'sqlite'
          ? join(tempDir('sg-registry-'), 'registry.sqlite')
          : await (server as TempPostgres).createDatabase(`registry_${process.pid}_${++databases}`);
      const registry = await openRegistry(spec);
      opened.push(registry);
      return { ...registry, spec };
    }
    afterAll(async () => {
      for (const r of opened) await r.close();
    });

    it('imports COHORT.csv and exports the same bytes', async () => {
      const { db, dialect: engine } = await fresh();
      expect(engine).toBe(dialect);
      const rows = parseCohortCsv(PUBLISHED, { file: 'published.csv' });
      const counts = await importCohortRows(db, rows, { file: 'published.csv' });
      expect(counts).toEqual({ patients: 18, procedures: 18, complications: 1, outcomes: 77 });
      const out = await exportRegistry(db, 'cohort');
      expect(out.csv).toBe(PUBLISHED.toString('utf8'));
      expect(out.skipped).toBe(0);
      expect(await loadCohortRows(db)).toEqual(rows);
    });

    it('round-trips what spreadsheets write (BOM, CRLF, quotes, other column order) to canonical CSV', async () => {
      const { db } = await fresh();
      const text =
        '\ufeffpain_2w,patient_id,age,sex,primary,guidance,complication,followup_months,died,' +
        'pain_baseline,pain_3m,pain_6m,pain_12m,pain_24m,note\r\n' +
        '5,"P ""7""",70.5,f,"lung, NSCLC",CT_FLUORO,Hematoma,6,1,8,,,,,x\r\n' +
        ',P8,64,M,breast,fluoro,NONE,12,0,,,,,,\r\n';
      const rows = parseCohortText(text, { file: 'excel.csv' });
      await importCohortRows(db, rows, { file: 'excel.csv' });
      const csv = (await exportRegistry(db, 'cohort')).csv;
      expect(csv).toBe(
        `${HEADER}\n"P ""7""",70.5,F,"lung, NSCLC",ct_fluoro,Hematoma,6,1,8,5,,,,\nP8,64,M,breast,fluoro,none,12,0,,,,,,\n`,
      );
      expect(parseCohortText(csv, { file: 'x' }).map(({ row: _r, ...r }) => r)).toEqual(
        rows.map(({ row: _r, ...r }) => r),
      );
    });

    it('imports 1,200 patients in batches and reads them back unchanged', async () => {
      const { db } = await fresh();
      const rows = syntheticCohort(1200, 7);
      await importCohortRows(db, rows, { file: 'synthetic.csv' });
      expect(await countPatients(db)).toBe(1200);
      expect(await loadCohortRows(db)).toEqual(rows);
      expect((await exportRegistry(db, 'cohort')).csv).toBe(formatCohortCsv(rows));
    });

    it('leaves the database unchanged when the last row fails inside the transaction', async () => {
      const { db } = await fresh();
      await importCohortRows(db, parseCohortCsv(PUBLISHED, { file: 'published.csv' }), {
        file: 'published.csv',
      });
      const before = (await exportRegistry(db, 'cohort')).csv;
      // Batches of 500 rows: the first two are written before the database refuses the last row.
      const rows: CohortRow[] = syntheticCohort(1201, 3);
      const last = rows[1200];
      rows[1200] = { ...last, pain: { ...last.pain, baseline: 14 } }; // past the parser: the CHECK catches it
      const line = await failure(() => importCohortRows(db, rows, { file: 'bad.csv' }));
      expect(line).toMatch(/^bad\.csv field pain: .*CHECK/);
      expect((await exportRegistry(db, 'cohort')).csv).toBe(before);

      rows[1200] = { ...last, patientId: 'P05' }; // already in the registry
      expect(await failure(() => importCohortRows(db, rows, { file: 'bad.csv' }))).toBe(
        "bad.csv row 1202 column patient_id: 'P05' is already in the registry",
      );
      expect(await countPatients(db)).toBe(18);
      expect((await exportRegistry(db, 'cohort')).csv).toBe(before);

      await importCohortRows(db, syntheticCohort(40, 5), { file: 'new.csv', replace: true });
      expect(await countPatients(db)).toBe(40);
    });

    it('names row and column for a duplicated patient_id, pain 14 and age -3', async () => {
      const { db } = await fresh();
      const good = 'P1,70,F,lung,fluoro,none,6,1,8,6,5,4,,';
      const cases: [string, string][] = [
        [
          `${good}\nP2,60,M,lung,fluoro,none,6,1,8,6,,,,\nP1,61,M,lung,fluoro,none,6,1,8,6,,,,`,
          "cohort.csv row 4 column patient_id: 'P1' is already used in row 2",
        ],
        [
          `${good}\nP2,60,M,lung,fluoro,none,6,1,8,6,14,,,`,
          'cohort.csv row 3 column pain_3m: 14 is outside 0-10',
        ],
        [`${good}\nP2,-3,M,lung,fluoro,none,6,1,8,6,,,,`, 'cohort.csv row 3 column age: -3 is outside 0-120'],
      ];
      for (const [body, message] of cases) {
        const line = await failure(async () =>
          importCohortRows(db, parseCohortText(`${HEADER}\n${body}\n`, { file: 'cohort.csv' }), {
            file: 'cohort.csv',
          }),
        );
        expect(line).toBe(message);
      }
      const long = `${HEADER}\n${'X'.repeat(65)},70,F,lung,fluoro,none,6,1,,,,,,\n`;
      expect(
        await failure(() =>
          importCohortRows(db, parseCohortText(long, { file: 'c.csv' }), { file: 'c.csv' }),
        ),
      ).toBe('c.csv row 2 column patient_id: longer than 64 characters');
      expect(await countPatients(db)).toBe(0);
    });

    it('has CHECK constraints at exactly the limits of the API fields', async () => {
      const { db } = await fresh();
      const now = new Date().toISOString();
      const patient = {
        age: 60,
        sex: 'F',
        primary_site: 'lung',
        followup_months: 1,
        died: 0,
        created_at: now,
        updated_at: now,
      };
      let n = 0;
      const insertPatient = async (values: Record<string, unknown>) =>
        (
          await db
            .insertInto('registry_patients')
            .values({ ...patient, patient_id: `C${++n}`, ...values })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id;
      const pk = await insertPatient({});
      const procedure = (
        await db
          .insertInto('registry_procedures')
          .values({ patient_pk: pk, guidance: 'fluoro' })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      let visits = 0;
      const tables: Record<string, (v: Record<string, unknown>) => Promise<unknown>> = {
        patient: (v) => insertPatient(v),
        procedure: (v) =>
          db
            .insertInto('registry_procedures')
            .values({ patient_pk: pk, guidance: 'fluoro', ...v })
            .execute(),
        complication: (v) =>
          db
            .insertInto('registry_complications')
            .values({ procedure_id: procedure, type: 'pain flare', ...v })
            .execute(),
        outcome: async (v) => {
          const p = await insertPatient({});
          await db
            .insertInto('registry_outcomes')
            .values({ patient_pk: p, time_point: '2w', ...v })
            .execute();
          visits++;
        },
      };
      const column = (f: FieldSpec): string => (f.name === 'primary' ? 'primary_site' : f.name);
      const accepts = async (table: string, values: Record<string, unknown>) => {
        await expect(tables[table](values), `${table} ${JSON.stringify(values)}`).resolves.not.toThrow();
      };
      const refuses = async (table: string, values: Record<string, unknown>, field: string) => {
        const error = await tables[table](values).then(
          () => null,
          (e: unknown) => e,
        );
        expect(error, `${table} ${JSON.stringify(values)} should be refused`).not.toBeNull();
        expect(registryDbError(error)?.where.field).toBe(field);
      };
      const groups: [string, readonly FieldSpec[]][] = [
        ['patient', PATIENT_FIELDS.filter((f) => f.name !== 'patient_id')],
        ['procedure', PROCEDURE_FIELDS.filter((f) => f.name !== 'lesion_id')],
        ['complication', COMPLICATION_FIELDS],
        ['outcome', OUTCOME_FIELDS],
      ];
      for (const [table, fields] of groups) {
        for (const f of fields) {
          const c = column(f);
          const step = f.kind === 'integer' ? 1 : 0.5;
          if (f.min !== undefined) {
            await accepts(table, { [c]: f.min });
            await refuses(table, { [c]: f.min - step }, f.name);
          }
          if (f.max !== undefined) {
            await accepts(table, { [c]: f.max });
            await refuses(table, { [c]: f.max + step }, f.name);
          }
          if (f.kind === 'choice' && f.choices) {
            for (const choice of f.choices)
              if (f.name !== 'extravasation_location') await accepts(table, { [c]: choice.value });
            await refuses(table, { [c]: 'xray' }, f.name);
          }
          if (f.kind === 'flag') await refuses(table, { [c]: 2 }, f.name);
          if (f.kind === 'date' && f.name !== 'death_date') {
            await accepts(table, { [c]: '2024-02-29' });
            await refuses(table, { [c]: '2023-02-30' }, f.name);
          }
          if (f.kind === 'text' && f.maxLength !== undefined) {
            await accepts(table, { [c]: 'x'.repeat(f.maxLength) });
            await refuses(table, { [c]: 'x'.repeat(f.maxLength + 1) }, f.name);
            await refuses(table, { [c]: ' padded' }, f.name);
          }
        }
      }
      // Rules between fields (registry-rules.ts).
      await refuses('patient', { died: 0, death_date: '2024-01-01' }, 'death_date');
      await accepts('patient', { died: 1, death_date: '2024-01-01', last_contact_date: '2023-12-01' });
      await refuses(
        'patient',
        { died: 1, death_date: '2024-01-01', last_contact_date: '2024-02-01' },
        'last_contact_date',
      );
      await refuses('procedure', { ablation_modality: 'none', ablation_device: 'probe' }, 'ablation_device');
      await accepts('procedure', { ablation_modality: 'microwave', ablation_device: 'Emprint' });
      await refuses('complication', { type: 'None' }, 'type');
      await refuses(
        'complication',
        { type: 'haematoma', extravasation_location: 'venous' },
        'extravasation_location',
      );
      await accepts('complication', { type: 'cement_extravasation', extravasation_location: 'venous' });
      await refuses('outcome', { time_point: '5y' } as Record<string, unknown>, 'time_point');
      if (dialect === 'sqlite') await refuses('outcome', { pain: 2.5 }, 'pain'); // STRICT table
      expect(visits).toBeGreaterThan(0);
      await expect(sql`select 1`.execute(db)).resolves.toBeTruthy();
    });

    it('keeps its data when opened again (migrations run once)', async () => {
      const first = await fresh();
      await importCohortRows(first.db, syntheticCohort(3, 1), { file: 's.csv' });
      const again = await openRegistry(first.spec);
      opened.push(again);
      expect(await countPatients(again.db)).toBe(3);
    });
  });
}
