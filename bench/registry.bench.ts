/**
 * Issue 6 figures, medians of 5 runs (after one warm-up for in-process timings):
 *   - `sacroguide analyze` on a generated 10,000-patient cohort (goal <= 2 s), end to end as a
 *     process (without and with the three SVG figures), and in process (read + parse + report);
 *   - `sacroguide registry import` of the same file into a new SQLite registry (goal <= 5 s), as
 *     a process and in process, and in process into PostgreSQL when its binaries are installed;
 *   - the exact Wilcoxon signed-rank p for n = 50 differences with ties (goal <= 50 ms).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRandom } from '../src/core/random.js';
import {
  analyzeCohort,
  formatCohortCsv,
  importCohortRows,
  openRegistry,
  parseCohortCsv,
  signedRankTest,
  syntheticCohort,
} from '../src/registry/index-node.js';
import { findPostgresBin, startTempPostgres } from '../src/registry/db/temp-postgres-node.js';
import { median, timeRuns } from './stats.js';
import { measureProcess } from './process-stats.js';

const REPO = join(import.meta.dirname, '..', '..');
const CLI = join(REPO, 'bin', 'sacroguide.js');
const RUNS = 5;
const N = 10_000;

function line(name: string, ms: readonly number[], goalMs: number): void {
  const m = median(ms);
  const verdict = m <= goalMs ? 'within' : 'OVER';
  const show = (t: number): string => (goalMs < 1000 ? `${t.toFixed(3)} ms` : `${(t / 1000).toFixed(3)} s`);
  console.log(
    `  ${name.padEnd(48)} ${show(m)}  (runs ${ms.map(show).join(', ')}; goal <= ${show(goalMs)}: ${verdict})`,
  );
}

async function importFigures(dir: string, csvPath: string): Promise<void> {
  console.log(`import of the same cohort (medians of ${RUNS}):`);
  let k = 0;
  const processMs = Array.from({ length: RUNS }, () => {
    const db = join(dir, `cli-${k++}.sqlite`);
    return (
      measureProcess(process.execPath, [CLI, 'registry', 'import', csvPath, '--db', db, '--quiet']).seconds *
      1000
    );
  });
  line('sacroguide registry import (process, SQLite)', processMs, 5000);
  const rows = parseCohortCsv(readFileSync(csvPath), { file: csvPath });
  const sqliteMs = await timeRuns(async () => {
    const registry = await openRegistry(join(dir, `in-${k++}.sqlite`));
    await importCohortRows(registry.db, rows, { file: csvPath });
    await registry.close();
  }, RUNS);
  line('importCohortRows, new SQLite file (in process)', sqliteMs, 5000);
  if (!findPostgresBin()) return console.log('  PostgreSQL not installed: no PostgreSQL figure');
  const server = await startTempPostgres();
  try {
    const pgMs = await timeRuns(async () => {
      const registry = await openRegistry(await server.createDatabase(`bench_${k++}`));
      await importCohortRows(registry.db, rows, { file: csvPath });
      await registry.close();
    }, RUNS);
    line('importCohortRows, new PostgreSQL database (in process)', pgMs, 5000);
  } finally {
    await server.stop();
  }
}

/** n = 50 non-zero integer differences from -3..8: many ties, a typical pain improvement. */
function tiedDifferences(): number[] {
  const rnd = createRandom(50);
  const d: number[] = [];
  while (d.length < 50) {
    const v = rnd.int(12) - 3;
    if (v !== 0) d.push(v);
  }
  return d;
}

export async function bench(): Promise<void> {
  const dir = join(tmpdir(), 'sacroguide-bench', 'registry');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const csvPath = join(dir, 'cohort-10000.csv');
  writeFileSync(csvPath, formatCohortCsv(syntheticCohort(N, 2024)));
  console.log(`generated cohort: ${N} patients, ${(readFileSync(csvPath).length / 1e6).toFixed(2)} MB`);

  console.log(`analyze on ${N} patients (medians of ${RUNS}):`);
  const out = join(dir, 'report.json');
  const analyzeProcess = Array.from(
    { length: RUNS },
    () => measureProcess(process.execPath, [CLI, 'analyze', csvPath, '--out', out, '--quiet']).seconds * 1000,
  );
  line('sacroguide analyze (process)', analyzeProcess, 2000);
  const plots = join(dir, 'plots');
  const analyzePlots = Array.from(
    { length: RUNS },
    () =>
      measureProcess(process.execPath, [CLI, 'analyze', csvPath, '--out', out, '--plots', plots, '--quiet'])
        .seconds * 1000,
  );
  line('sacroguide analyze --plots (process)', analyzePlots, 2000);
  const bytes = readFileSync(csvPath);
  line(
    'parse + analyzeCohort (in process)',
    await timeRuns(() => analyzeCohort(parseCohortCsv(bytes, { file: csvPath })), RUNS),
    2000,
  );

  await importFigures(dir, csvPath);

  const d = tiedDifferences();
  const result = signedRankTest(d);
  const single = await timeRuns(() => signedRankTest(d), RUNS);
  console.log(
    `exact Wilcoxon p, n = 50 with ties (V = ${result?.V}, p_exact = ${result?.pExact?.toPrecision(6)}):`,
  );
  line('signedRankTest (in process)', single, 50);
  rmSync(dir, { recursive: true, force: true });
}
