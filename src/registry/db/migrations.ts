/**
 * Registry migrations, defined in code and run at start by Kysely's Migrator (tables
 * `registry_migration` and `registry_migration_lock`, so other Kysely users of a shared
 * PostgreSQL database keep their own history). A migration, once released, never changes:
 * add a new one. CHECK constraints repeat the limits of registry-fields.ts and the rules of
 * registry-rules.ts; each is named `<field>_check` so a violation can name the field.
 * SQLite tables are STRICT (an integer column refuses 2.5, as the API does).
 */
import { Migrator, sql } from 'kysely';
import type { CreateTableBuilder, Kysely, Migration, MigrationResultSet } from 'kysely';
import { InputError } from '../../core/errors.js';
import type { RegistryDialect } from './schema.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run on an untyped Kysely */
type Db = Kysely<any>;
type Table = CreateTableBuilder<any, any>;

const list = (values: readonly (string | number)[]): string =>
  values.map((v) => (typeof v === 'number' ? String(v) : `'${v}'`)).join(', ');

/** SQL pieces that differ between the two engines. */
function dialectSql(dialect: RegistryDialect): {
  real: 'real' | 'double precision';
  idColumn: (t: Table) => Table;
  date: (column: string) => string;
  finish: (t: Table) => Table;
} {
  const pg = dialect === 'postgres';
  return {
    real: pg ? 'double precision' : 'real',
    idColumn: (t) =>
      pg
        ? t.addColumn('id', 'serial', (c) => c.primaryKey())
        : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement()),
    // A calendar date written YYYY-MM-DD (SQLite's date() normalizes 2023-02-30 to 2023-03-02).
    date: (c) => (pg ? `${c} IS NULL OR registry_is_date(${c})` : `${c} IS NULL OR date(${c}) IS ${c}`),
    finish: (t) => (pg ? t : t.modifyEnd(sql`strict`)),
  };
}

function check(t: Table, name: string, expression: string): Table {
  return t.addCheckConstraint(`${name}_check`, sql.raw(expression));
}

const text = (c: string, maxLength: number, nullable = false): string =>
  `${nullable ? `${c} IS NULL OR ` : ''}(length(${c}) BETWEEN 1 AND ${maxLength} AND ${c} = trim(${c}))`;
const range = (c: string, min: number, max?: number): string =>
  `${c} IS NULL OR (${c} >= ${min}${max === undefined ? '' : ` AND ${c} <= ${max}`})`;
const oneOf = (c: string, values: readonly (string | number)[]): string =>
  `${c} IS NULL OR ${c} IN (${list(values)})`;

function initialSchema(dialect: RegistryDialect): Migration {
  const d = dialectSql(dialect);
  return {
    async up(db: Db) {
      if (dialect === 'postgres') {
        // A cast of a bad date raises an error instead of failing the CHECK: catch it here so
        // the violation names its constraint (and so its field) like every other one.
        await sql`CREATE FUNCTION registry_is_date(t text) RETURNS boolean LANGUAGE plpgsql IMMUTABLE AS $$
          BEGIN
            RETURN t ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' AND to_char(t::date, 'YYYY-MM-DD') = t;
          EXCEPTION WHEN others THEN
            RETURN false;
          END $$`.execute(db);
      }
      let patients = d.idColumn(db.schema.createTable('registry_patients'));
      patients = patients
        .addColumn('patient_id', 'text', (c) => c.notNull().unique())
        .addColumn('age', d.real, (c) => c.notNull())
        .addColumn('sex', 'text', (c) => c.notNull())
        .addColumn('primary_site', 'text', (c) => c.notNull())
        .addColumn('followup_months', d.real, (c) => c.notNull())
        .addColumn('died', 'integer', (c) => c.notNull())
        .addColumn('death_date', 'text')
        .addColumn('last_contact_date', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull());
      patients = check(patients, 'patient_id', text('patient_id', 64));
      patients = check(patients, 'age', range('age', 0, 120));
      patients = check(patients, 'sex', oneOf('sex', ['F', 'M']));
      patients = check(patients, 'primary', text('primary_site', 200));
      patients = check(patients, 'followup_months', range('followup_months', 0));
      patients = check(patients, 'died', oneOf('died', [0, 1]));
      patients = check(
        patients,
        'death_date',
        `(${d.date('death_date')}) AND (death_date IS NULL OR died = 1)`,
      );
      patients = check(
        patients,
        'last_contact_date',
        `(${d.date('last_contact_date')}) AND (death_date IS NULL OR last_contact_date IS NULL OR last_contact_date <= death_date)`,
      );
      await d.finish(patients).execute();

      let lesions = d.idColumn(db.schema.createTable('registry_lesions'));
      lesions = lesions
        .addColumn('patient_pk', 'integer', (c) =>
          c.notNull().references('registry_patients.id').onDelete('cascade'),
        )
        .addColumn('location', 'text', (c) => c.notNull())
        .addColumn('side', 'text')
        .addColumn('volume_ml', d.real)
        .addColumn('study_id', 'text');
      lesions = check(lesions, 'location', text('location', 200));
      lesions = check(lesions, 'side', oneOf('side', ['left', 'right', 'bilateral', 'midline']));
      lesions = check(lesions, 'volume_ml', range('volume_ml', 0, 2000));
      lesions = check(lesions, 'study_id', text('study_id', 200, true));
      await d.finish(lesions).execute();

      let procedures = d.idColumn(db.schema.createTable('registry_procedures'));
      procedures = procedures
        .addColumn('patient_pk', 'integer', (c) =>
          c.notNull().references('registry_patients.id').onDelete('cascade'),
        )
        .addColumn('lesion_id', 'integer', (c) => c.references('registry_lesions.id').onDelete('set null'))
        .addColumn('performed_on', 'text')
        .addColumn('guidance', 'text', (c) => c.notNull())
        .addColumn('ablation_modality', 'text')
        .addColumn('ablation_device', 'text')
        .addColumn('cement_volume_ml', d.real)
        .addColumn('needles', 'integer')
        .addColumn('needle_gauge', 'integer');
      procedures = check(procedures, 'performed_on', d.date('performed_on'));
      procedures = check(
        procedures,
        'guidance',
        oneOf('guidance', ['fluoro', 'ct_fluoro', 'ct_fluoro_oarm', 'ct_fluoro_seg3d']),
      );
      procedures = check(
        procedures,
        'ablation_modality',
        oneOf('ablation_modality', ['rf', 'microwave', 'cryo', 'none']),
      );
      procedures = check(
        procedures,
        'ablation_device',
        `(${text('ablation_device', 200, true)}) AND (ablation_device IS NULL OR ablation_modality IN ('rf', 'microwave', 'cryo'))`,
      );
      procedures = check(procedures, 'cement_volume_ml', range('cement_volume_ml', 0, 100));
      procedures = check(procedures, 'needles', range('needles', 0, 20));
      procedures = check(procedures, 'needle_gauge', range('needle_gauge', 8, 22));
      await d.finish(procedures).execute();

      let complications = d.idColumn(db.schema.createTable('registry_complications'));
      complications = complications
        .addColumn('procedure_id', 'integer', (c) =>
          c.notNull().references('registry_procedures.id').onDelete('cascade'),
        )
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('grade', 'integer')
        .addColumn('extravasation_location', 'text')
        .addColumn('symptomatic', 'integer');
      complications = check(complications, 'type', `(${text('type', 200)}) AND lower(type) <> 'none'`);
      complications = check(complications, 'grade', range('grade', 1, 6));
      complications = check(
        complications,
        'extravasation_location',
        `(${oneOf('extravasation_location', [
          'spinal_canal',
          'neural_foramen',
          'presacral',
          'venous',
          'sacroiliac_joint',
          'intervertebral_disc',
          'soft_tissue',
        ])}) AND (extravasation_location IS NULL OR type = 'cement_extravasation')`,
      );
      complications = check(complications, 'symptomatic', oneOf('symptomatic', [0, 1]));
      await d.finish(complications).execute();

      let outcomes = db.schema
        .createTable('registry_outcomes')
        .addColumn('patient_pk', 'integer', (c) =>
          c.notNull().references('registry_patients.id').onDelete('cascade'),
        )
        .addColumn('time_point', 'text', (c) => c.notNull())
        .addColumn('pain', 'integer')
        .addColumn('analgesic', 'text')
        .addColumn('performance_status', 'integer')
        .addColumn('assessed_on', 'text')
        .addPrimaryKeyConstraint('registry_outcomes_pk', ['patient_pk', 'time_point']);
      outcomes = check(outcomes, 'time_point', `time_point IN ('baseline', '2w', '3m', '6m', '12m', '24m')`);
      outcomes = check(outcomes, 'pain', range('pain', 0, 10));
      outcomes = check(
        outcomes,
        'analgesic',
        oneOf('analgesic', ['none', 'non_opioid', 'weak_opioid', 'strong_opioid']),
      );
      outcomes = check(outcomes, 'performance_status', range('performance_status', 0, 4));
      outcomes = check(outcomes, 'assessed_on', d.date('assessed_on'));
      await d.finish(outcomes).execute();

      await db.schema
        .createIndex('registry_lesions_patient')
        .on('registry_lesions')
        .column('patient_pk')
        .execute();
      await db.schema
        .createIndex('registry_procedures_patient')
        .on('registry_procedures')
        .column('patient_pk')
        .execute();
      await db.schema
        .createIndex('registry_complications_procedure')
        .on('registry_complications')
        .column('procedure_id')
        .execute();
    },
    async down(db: Db) {
      for (const t of [
        'registry_outcomes',
        'registry_complications',
        'registry_procedures',
        'registry_lesions',
      ])
        await db.schema.dropTable(t).execute();
      await db.schema.dropTable('registry_patients').execute();
      if (dialect === 'postgres') await sql`DROP FUNCTION registry_is_date(text)`.execute(db);
    },
  };
}

/** Every migration, by name (applied in name order). */
export function registryMigrations(dialect: RegistryDialect): Record<string, Migration> {
  return { '0001_initial_schema': initialSchema(dialect) };
}

/** Brings the database to the latest schema; a failure is an InputError naming the database. */
export async function migrateRegistry(
  db: Db,
  options: { dialect: RegistryDialect; name: string },
): Promise<MigrationResultSet> {
  const migrations = registryMigrations(options.dialect);
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'registry_migration',
    migrationLockTableName: 'registry_migration_lock',
  });
  const result = await migrator.migrateToLatest();
  if (result.error) {
    const message = result.error instanceof Error ? result.error.message : String(result.error);
    throw new InputError(`cannot bring the registry schema up to date: ${message}`, { file: options.name });
  }
  return result;
}
