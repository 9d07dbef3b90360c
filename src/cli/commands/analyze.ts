/** `sacroguide analyze COHORT.csv --out REPORT.json [--plots DIR]`: registry statistics. */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from '../command.js';
import { optFlag, optString } from '../args.js';
import { InputError, withFile } from '../../core/errors.js';
import { writeFilesAtomic } from '../../io/atomic-write-node.js';
import { analyzeCohort, readCohortFile, renderCohortFigures } from '../../registry/index-node.js';
import { stderrProgress } from '../progress-node.js';

/** Refuses, before any work, a report path that is a folder or a --plots path that is a file. */
async function checkOutputs(out: string, plotsDir: string | undefined): Promise<void> {
  const outInfo = await stat(out).catch(() => undefined);
  if (outInfo?.isDirectory())
    throw new InputError('--out needs a file name, this is a folder', { file: out });
  if (plotsDir === undefined) return;
  const dirInfo = await stat(plotsDir).catch(() => undefined);
  if (dirInfo && !dirInfo.isDirectory())
    throw new InputError('--plots needs a folder, this is a file', { file: plotsDir });
}

export const analyzeCommand: Command = {
  spec: {
    name: 'analyze',
    summary:
      'Statistics of a sacroplasty cohort (CONTRACTS.md, analyze): age and follow-up, guidance, primary and ' +
      'complication counts, pain improvement from baseline at 2w/3m/6m/12m/24m (median, IQR, Wilcoxon signed-rank ' +
      'with normal and exact p), Friedman test, Fisher exact test of cement extravasation by guidance, ' +
      'Kaplan-Meier survival. COHORT.csv: UTF-8, comma-separated, a header row naming the columns patient_id, age, ' +
      'sex, primary, guidance, complication, followup_months, died, pain_baseline, pain_2w, pain_3m, pain_6m, ' +
      'pain_12m, pain_24m (pain may be empty).',
    usage: 'analyze COHORT.csv --out REPORT.json [--plots DIR]',
    positionals: [{ name: 'COHORT.csv', description: 'cohort table, one row per patient' }],
    options: [
      {
        name: 'out',
        type: 'string',
        value: 'REPORT.json',
        required: true,
        description: 'report to write (JSON)',
      },
      {
        name: 'plots',
        type: 'string',
        value: 'DIR',
        description: 'also write SVG figures: pain.svg, survival.svg, complications.svg',
      },
      { name: 'quiet', type: 'flag', description: 'no progress on stderr' },
    ],
    examples: [
      'sacroguide analyze cohort.csv --out report.json',
      'sacroguide analyze cohort.csv --out report.json --plots figures/',
    ],
  },
  async run(args) {
    const [input] = args.positionals;
    const out = optString(args, 'out') as string;
    const plotsDir = optString(args, 'plots');
    const started = Date.now();
    const bar = stderrProgress('analyze', optFlag(args, 'quiet'));
    // Progress only once the work has taken a noticeable time (small cohorts finish at once).
    const progress = (fraction: number, message: string): void => {
      if (Date.now() - started > 1000) bar(fraction, message);
    };
    await checkOutputs(out, plotsDir);
    const rows = await readCohortFile(input);
    progress(0.2, 'statistics');
    const report = analyzeCohort(rows);
    const files: { path: string; data: string }[] = [];
    if (plotsDir !== undefined) {
      progress(0.5, 'figures');
      for (const f of await renderCohortFigures(rows))
        files.push({ path: join(plotsDir, f.name), data: f.svg });
    }
    files.push({ path: out, data: JSON.stringify(report, null, 2) + '\n' });
    progress(0.9, 'writing');
    try {
      await writeFilesAtomic(files);
    } catch (e) {
      throw withFile(e, out, 'cannot write');
    }
    progress(1, 'done');
    bar.done();
    return 0;
  },
};
