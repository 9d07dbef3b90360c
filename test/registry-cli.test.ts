/**
 * `sacroguide registry import|export` as a user runs it (issue 6), on a SQLite file and on a
 * PostgreSQL server started here: round trip to the same bytes, REDCap records + dictionary,
 * one `sacroguide:` line naming file, row and column for bad input, and a failed import that
 * leaves the database as it was. Needs `npx tsc -p tsconfig.build.json` first.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findPostgresBin, startTempPostgres } from '../src/registry/db/temp-postgres-node.js';
import type { TempPostgres } from '../src/registry/db/temp-postgres-node.js';
import {
  REDCAP_DICTIONARY_COLUMNS,
  formatCohortCsv,
  parseCsv,
  syntheticCohort,
} from '../src/registry/index.js';
import { REPO, errorLines, runCli, tempDir } from './cli-helpers.js';

const PUBLISHED = join(REPO, 'test', 'fixtures', 'cohort', 'published.csv');
const HEADER =
  'patient_id,age,sex,primary,guidance,complication,followup_months,died,' +
  'pain_baseline,pain_2w,pain_3m,pain_6m,pain_12m,pain_24m';
const PG_BIN = findPostgresBin();
if (!PG_BIN)
  console.warn(
    'registry-cli: no PostgreSQL binaries: the PostgreSQL half is SKIPPED (apt-get install -y postgresql)',
  );

let server: TempPostgres | null = null;
let databases = 0;
beforeAll(async () => {
  if (PG_BIN) server = await startTempPostgres();
});
afterAll(async () => server?.stop());

/** The exported COHORT.csv of a database (the way to look into it from outside). */
function exported(db: string, dir: string): string {
  const out = join(dir, `export-${Math.random().toString(36).slice(2)}.csv`);
  const r = runCli(['registry', 'export', '--out', out, '--db', db]);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return readFileSync(out, 'utf8');
}

for (const dialect of ['sqlite', 'postgres'] as const) {
  describe.skipIf(dialect === 'postgres' && !PG_BIN)(`sacroguide registry on ${dialect}`, () => {
    const freshDb = async (dir: string): Promise<string> =>
      dialect === 'sqlite'
        ? join(dir, 'registry.sqlite')
        : (server as TempPostgres).createDatabase(`cli_${process.pid}_${++databases}`);

    it('imports COHORT.csv and exports the same bytes, or REDCap records with their dictionary', async () => {
      const dir = tempDir('sg-registry-cli-');
      const db = await freshDb(dir);
      const r = runCli(['registry', 'import', PUBLISHED, '--db', db]);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toBe('imported 18 patients (18 procedures, 1 complications, 77 outcome visits)\n');
      expect(exported(db, dir)).toBe(readFileSync(PUBLISHED, 'utf8'));

      const records = join(dir, 'redcap.csv');
      const dictionary = join(dir, 'dictionary.csv');
      const x = runCli([
        'registry',
        'export',
        '--format',
        'redcap',
        '--out',
        records,
        '--dictionary',
        dictionary,
        '--db',
        db,
      ]);
      expect(x.stderr).toBe('');
      const dict = parseCsv(readFileSync(dictionary, 'utf8'));
      expect(dict[0].fields).toEqual([...REDCAP_DICTIONARY_COLUMNS]);
      const variables = dict.slice(1).map((d) => d.fields[0]);
      const flat = parseCsv(readFileSync(records, 'utf8'));
      expect(flat[0].fields).toEqual(variables);
      expect(flat).toHaveLength(19);
      const p01 = Object.fromEntries(variables.map((v, i) => [v, flat[1].fields[i]]));
      expect(p01).toMatchObject({
        patient_id: 'P01',
        age: '67',
        sex: '2',
        guidance: '1',
        complication: '2',
        pain_baseline: '8',
        pain_2w: '6',
        pain_3m: '',
        died: '1',
      });
    });

    it('refuses bad rows naming file, row and column, and leaves the database unchanged', async () => {
      const dir = tempDir('sg-registry-cli-');
      const db = await freshDb(dir);
      expect(runCli(['registry', 'import', PUBLISHED, '--db', db]).status).toBe(0);
      const before = exported(db, dir);
      const good = formatCohortCsv(syntheticCohort(30, 9)).trimEnd().split('\n').slice(1);
      const cases: [string, string][] = [
        [
          `${good.join('\n')}\nP00003,64,M,lung,fluoro,none,6,1,8,,,,,`,
          "row 32 column patient_id: 'P00003' is already used in row 4",
        ],
        [
          `${good.join('\n')}\nX1,64,M,lung,fluoro,none,6,1,8,6,14,,,`,
          'row 32 column pain_3m: 14 is outside 0-10',
        ],
        [`${good.join('\n')}\nX1,-3,M,lung,fluoro,none,6,1,8,,,,,`, 'row 32 column age: -3 is outside 0-120'],
        [
          `${good.join('\n')}\nP05,64,M,lung,fluoro,none,6,1,8,,,,,`,
          "row 32 column patient_id: 'P05' is already in the registry",
        ],
        [
          `${good.join('\n')}\nX1,64,M,lung,fluoro,none,six,1,8,,,,,`,
          "row 32 column followup_months: 'six' is not a number",
        ],
      ];
      for (const [body, message] of cases) {
        const file = join(dir, 'bad.csv');
        writeFileSync(file, `${HEADER}\n${body}\n`);
        const r = runCli(['registry', 'import', file, '--db', db]);
        expect(r.status).not.toBe(0);
        expect(errorLines(r.stderr)).toEqual([`sacroguide: ${file} ${message}`]);
        expect(r.stderr).not.toMatch(/\n\s+at /);
      }
      const latin1 = join(dir, 'latin1.csv');
      writeFileSync(
        latin1,
        Buffer.concat([
          Buffer.from(`${HEADER}\nP99,64,M,`),
          Buffer.from([0xe9]),
          Buffer.from('t,fluoro,none,6,1,8,,,,,\n'),
        ]),
      );
      const r = runCli(['registry', 'import', latin1, '--db', db]);
      expect(errorLines(r.stderr)[0]).toMatch(
        new RegExp(`^sacroguide: ${latin1} row 2 column primary: .*UTF-8`),
      );
      expect(exported(db, dir)).toBe(before);

      const replaced = runCli([
        'registry',
        'import',
        join(REPO, 'test', 'fixtures', 'cohort', 'tiny.csv'),
        '--replace',
        '--db',
        db,
      ]);
      expect(replaced.status).toBe(0);
      expect(exported(db, dir).split('\n')).toHaveLength(5);
    });
  });
}

describe('sacroguide registry options', () => {
  it('uses the server database by default and refuses wrong options with one line', () => {
    const dir = tempDir('sg-registry-cli-');
    const previous = process.env.SACROGUIDE_DATA;
    const previousUrl = process.env.DATABASE_URL;
    process.env.SACROGUIDE_DATA = dir;
    delete process.env.DATABASE_URL;
    try {
      expect(runCli(['registry', 'import', PUBLISHED]).status).toBe(0);
      expect(existsSync(join(dir, 'registry.sqlite'))).toBe(true);
      const out = join(dir, 'out.csv');
      expect(runCli(['registry', 'export', '--out', out]).status).toBe(0);
      expect(readFileSync(out, 'utf8')).toBe(readFileSync(PUBLISHED, 'utf8'));
      const bad: [string[], RegExp][] = [
        [['registry', 'frob'], /^sacroguide: unknown action 'frob'/],
        [['registry', 'export'], /^sacroguide: missing required option --out$/],
        [['registry', 'import'], /^sacroguide: missing FILE\.csv/],
        [
          ['registry', 'export', '--out', out, '--dictionary', join(dir, 'd.csv')],
          /^sacroguide: option --dictionary: a data dictionary goes with --format redcap$/,
        ],
        [
          ['registry', 'export', '--out', out, '--format', 'xml'],
          /^sacroguide: option --format: 'xml' is not one of cohort, redcap$/,
        ],
        [['registry', 'import', join(dir, 'missing.csv')], /^sacroguide: .*missing\.csv: no such file$/],
        [['registry', 'export', '--out', dir], /^sacroguide: .*: --out needs a file name, this is a folder$/],
        [
          ['registry', 'import', PUBLISHED, '--db', 'mysql://x/y'],
          /^sacroguide: mysql:\/\/x\/y: unsupported database URL/,
        ],
        // Issue 6: export from a mistyped path made a new empty registry there and wrote a header.
        [
          [
            'registry',
            'export',
            '--out',
            join(dir, 'typo.csv'),
            '--db',
            join(dir, 'typo', 'registry.sqlite'),
          ],
          /^sacroguide: .*registry\.sqlite: no registry database here \(sacroguide registry import creates one\)$/,
        ],
      ];
      for (const [args, pattern] of bad) {
        const r = runCli(args);
        expect(r.status, args.join(' ')).not.toBe(0);
        expect(errorLines(r.stderr), args.join(' ')).toHaveLength(1);
        expect(errorLines(r.stderr)[0]).toMatch(pattern);
      }
      expect(existsSync(join(dir, 'typo'))).toBe(false);
      expect(existsSync(join(dir, 'typo.csv'))).toBe(false);
    } finally {
      if (previous === undefined) delete process.env.SACROGUIDE_DATA;
      else process.env.SACROGUIDE_DATA = previous;
      if (previousUrl !== undefined) process.env.DATABASE_URL = previousUrl;
    }
  });
});
