/**
 * `sacroguide registry import FILE.csv [--db URL|PATH] [--replace]` and
 * `sacroguide registry export --out FILE.csv [--format cohort|redcap] [--dictionary DICT.csv]`:
 * COHORT.csv into the outcomes registry (all rows or none) and back out, or out as REDCap
 * records with their data dictionary. The database defaults to the server's: DATABASE_URL, else
 * `<data dir>/registry.sqlite` (SACROGUIDE_DATA, default .data in the checkout).
 */
import { stat } from 'node:fs/promises';
import type { Command } from '../command.js';
import { optFlag, optString } from '../args.js';
import { InputError, withFile } from '../../core/errors.js';
import { writeFilesAtomic } from '../../io/atomic-write-node.js';
import {
  defaultRegistrySpec,
  exportRegistry,
  importCohortRows,
  openRegistry,
  readCohortFile,
} from '../../registry/index-node.js';
import type { ExportFormat, RegistryDb } from '../../registry/index-node.js';
import { configFromEnv } from '../../server/config.js';
import { stderrProgress, warn } from '../progress-node.js';

const ACTIONS = ['import', 'export'] as const;

async function withRegistry<T>(
  spec: string,
  work: (registry: RegistryDb) => Promise<T>,
  options: { create?: boolean } = {},
): Promise<T> {
  const registry = await openRegistry(spec, options);
  try {
    return await work(registry);
  } finally {
    await registry.close();
  }
}

async function refuseFolder(path: string, option: string): Promise<void> {
  const info = await stat(path).catch(() => undefined);
  if (info?.isDirectory())
    throw new InputError(`${option} needs a file name, this is a folder`, { file: path });
}

async function runImport(
  input: string,
  options: { db: string; replace: boolean; quiet: boolean },
): Promise<number> {
  const started = Date.now();
  const bar = stderrProgress('registry import', options.quiet);
  const progress = (fraction: number, message: string): void => {
    if (Date.now() - started > 1000) bar(fraction, message);
  };
  const rows = await readCohortFile(input);
  progress(0.3, 'writing to the database');
  const counts = await withRegistry(options.db, (registry) =>
    importCohortRows(registry.db, rows, {
      file: input,
      replace: options.replace,
      onProgress: (f) => progress(0.3 + 0.7 * f, 'writing to the database'),
    }),
  );
  bar.done();
  process.stdout.write(
    `imported ${counts.patients} patients (${counts.procedures} procedures, ${counts.complications} ` +
      `complications, ${counts.outcomes} outcome visits)\n`,
  );
  return 0;
}

async function runExport(options: {
  db: string;
  out: string;
  format: ExportFormat;
  dictionary?: string;
}): Promise<number> {
  await refuseFolder(options.out, '--out');
  if (options.dictionary !== undefined) await refuseFolder(options.dictionary, '--dictionary');
  // Export only reads: a SQLite path that does not exist is a mistake, not a new empty registry.
  const result = await withRegistry(options.db, (registry) => exportRegistry(registry.db, options.format), {
    create: false,
  });
  const files: { path: string; data: string }[] = [{ path: options.out, data: result.csv }];
  if (options.dictionary !== undefined && result.dictionary !== undefined)
    files.push({ path: options.dictionary, data: result.dictionary });
  try {
    await writeFilesAtomic(files);
  } catch (e) {
    throw withFile(e, options.out, 'cannot write');
  }
  if (result.skipped > 0)
    warn(`${result.skipped} patient(s) without a procedure left out (COHORT.csv needs a guidance)`);
  if (result.patients === 0) warn('the registry has no patients: only the header was written');
  return 0;
}

export const registryCommand: Command = {
  spec: {
    name: 'registry',
    summary:
      'The outcomes registry database. `import` reads a COHORT.csv (the columns of `sacroguide analyze`) into ' +
      'the registry: every row or none (one transaction); a patient_id already in the registry is refused. ' +
      '`export` writes the registry as COHORT.csv (same columns, reads back to the same rows) or as a ' +
      'REDCap flat record CSV (--format redcap) with its data dictionary (--dictionary). The database is the ' +
      "server's: DATABASE_URL (postgres://...) when set, else <data dir>/registry.sqlite.",
    usage:
      'registry import FILE.csv [--db URL|PATH] [--replace]\n' +
      '       sacroguide registry export --out FILE.csv [--format cohort|redcap] [--dictionary DICT.csv] [--db URL|PATH]',
    positionals: [
      { name: 'import|export', description: 'what to do' },
      { name: 'FILE.csv', description: 'import: the COHORT.csv to read', optional: true },
    ],
    options: [
      {
        name: 'db',
        type: 'string',
        value: 'URL|PATH',
        description:
          'registry database: postgres://user@host:port/db or a SQLite file (default: the server’s)',
      },
      { name: 'replace', type: 'flag', description: 'import: empty the registry first (same transaction)' },
      { name: 'out', type: 'string', value: 'FILE.csv', description: 'export: the CSV to write' },
      {
        name: 'format',
        type: 'string',
        value: 'cohort|redcap',
        choices: ['cohort', 'redcap'],
        default: 'cohort',
        description: 'export: COHORT.csv columns or REDCap records',
      },
      {
        name: 'dictionary',
        type: 'string',
        value: 'DICT.csv',
        description: 'export --format redcap: also write the REDCap data dictionary',
      },
      { name: 'quiet', type: 'flag', description: 'no progress on stderr' },
    ],
    examples: [
      'sacroguide registry import cohort.csv',
      'sacroguide registry import cohort.csv --db postgres://sacroguide@127.0.0.1:5432/registry',
      'sacroguide registry export --out registry.csv',
      'sacroguide registry export --format redcap --out redcap.csv --dictionary redcap-dictionary.csv',
    ],
  },
  async run(args) {
    const [action, file] = args.positionals;
    if (!(ACTIONS as readonly string[]).includes(action))
      throw new InputError(
        `unknown action '${action}' (registry import or registry export)`,
        {},
        'BAD_OPTION',
      );
    const db = optString(args, 'db') ?? defaultRegistrySpec(configFromEnv());
    const out = optString(args, 'out');
    const dictionary = optString(args, 'dictionary');
    const format = (optString(args, 'format') ?? 'cohort') as ExportFormat;
    if (action === 'import') {
      if (file === undefined)
        throw new InputError('missing FILE.csv (registry import FILE.csv)', {}, 'BAD_OPTION');
      for (const name of ['out', 'dictionary'])
        if (optString(args, name) !== undefined)
          throw new InputError('only for registry export', { field: `--${name}` }, 'BAD_OPTION');
      return runImport(file, { db, replace: optFlag(args, 'replace'), quiet: optFlag(args, 'quiet') });
    }
    if (file !== undefined)
      throw new InputError(
        `unexpected argument '${file}' (registry export writes to --out)`,
        {},
        'BAD_OPTION',
      );
    if (out === undefined) throw new InputError('missing required option --out', {}, 'BAD_OPTION');
    if (optFlag(args, 'replace'))
      throw new InputError('only for registry import', { field: '--replace' }, 'BAD_OPTION');
    if (dictionary !== undefined && format !== 'redcap')
      throw new InputError(
        'a data dictionary goes with --format redcap',
        { field: '--dictionary' },
        'BAD_OPTION',
      );
    return runExport({ db, out, format, dictionary });
  },
};
