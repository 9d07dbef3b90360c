/**
 * The `analyze` report (contract: CONTRACTS.md, `analyze`): cohort rows in, the REPORT.json
 * object out, with exactly the contract's field names. Undefined statistics are null.
 */
import { EXTRAVASATION, GUIDANCE_LEVELS } from './cohort.js';
import type { CohortRow, PainTime } from './cohort.js';
import { mean, medianIqr, minMax, sd } from './stats/descriptive.js';
import { fisherExactTest } from './stats/fisher.js';
import { friedmanTest } from './stats/friedman.js';
import { kaplanMeier, kmMedian, survivalAt } from './stats/km.js';
import type { SurvivalPoint } from './stats/km.js';
import { signedRankTest } from './stats/wilcoxon.js';

export type FollowUpTime = Exclude<PainTime, 'baseline'>;
export const FOLLOW_UP_TIMES: readonly FollowUpTime[] = ['2w', '3m', '6m', '12m', '24m'];
/** Months at which `km.survival_at` reports S. */
export const SURVIVAL_MONTHS = [6, 12, 24] as const;

export interface PainReport {
  /** Patients with both baseline and this time point. */
  n: number;
  /** baseline - follow-up (positive = less pain), type 7 quantiles. */
  improvement: { median: number | null; q1: number | null; q3: number | null; iqr: number | null };
  wilcoxon: { V: number | null; p_normal: number | null; p_exact: number | null };
}

export interface AnalyzeReport {
  n: number;
  age: { mean: number; sd: number | null };
  followup_months: { mean: number; sd: number | null; min: number; max: number };
  guidance: { counts: Record<string, number> };
  primary: { counts: Record<string, number> };
  complications: { counts: Record<string, number> };
  pain: Record<FollowUpTime, PainReport>;
  friedman: { n: number; statistic: number | null; df: number; p: number | null };
  fisher_extravasation_by_guidance: { p: number };
  km: { median_months: number | null; survival_at: Record<string, SurvivalPoint> };
}

export interface AnalyzeOptions {
  /** Passed to the exact Wilcoxon test (see SignedRankOptions). */
  exactMaxWork?: number;
}

const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);

/** Counts of each value; keys in `order` first (when present), the rest alphabetically. */
function counts(values: readonly string[], order: readonly string[] = []): Record<string, number> {
  const m = new Map<string, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  const keys = [...order.filter((k) => m.has(k)), ...[...m.keys()].filter((k) => !order.includes(k)).sort()];
  const out: Record<string, number> = {};
  for (const k of keys) out[k] = m.get(k) as number;
  return out;
}

/** Improvement and Wilcoxon signed-rank test of baseline - pain at `time`. */
export function painReport(
  rows: readonly CohortRow[],
  time: FollowUpTime,
  options: AnalyzeOptions = {},
): PainReport {
  const diffs: number[] = [];
  for (const r of rows) {
    const b = r.pain.baseline;
    const f = r.pain[time];
    if (b !== null && f !== null) diffs.push(b - f);
  }
  const n = diffs.length;
  const q = medianIqr(diffs);
  const test = signedRankTest(diffs, { exactMaxWork: options.exactMaxWork });
  return {
    n,
    improvement:
      n === 0
        ? { median: null, q1: null, q3: null, iqr: null }
        : { median: q.median, q1: q.q1, q3: q.q3, iqr: q.iqr },
    wilcoxon: test
      ? { V: test.V, p_normal: finite(test.pNormal), p_exact: test.pExact }
      : { V: null, p_normal: null, p_exact: null },
  };
}

/** Friedman test over complete cases of pain at baseline, 2w, 3m and 6m (df always 3). */
export function friedmanReport(rows: readonly CohortRow[]): AnalyzeReport['friedman'] {
  const times: readonly PainTime[] = ['baseline', '2w', '3m', '6m'];
  const data: number[] = [];
  for (const r of rows) {
    if (times.every((t) => r.pain[t] !== null)) for (const t of times) data.push(r.pain[t] as number);
  }
  const f = friedmanTest(data, times.length);
  return { n: f.n, statistic: f.statistic, df: f.df, p: f.p };
}

/** Two-sided Fisher exact p of guidance x (complication = cement_extravasation). */
export function extravasationFisherP(rows: readonly CohortRow[]): number {
  const table = GUIDANCE_LEVELS.map((g) => {
    let yes = 0;
    let no = 0;
    for (const r of rows) {
      if (r.guidance !== g) continue;
      if (r.complication === EXTRAVASATION) yes++;
      else no++;
    }
    return [yes, no];
  });
  return fisherExactTest(table.filter(([yes, no]) => yes + no > 0));
}

/** The whole REPORT.json object for a cohort (at least one row). */
export function analyzeCohort(rows: readonly CohortRow[], options: AnalyzeOptions = {}): AnalyzeReport {
  if (rows.length === 0) throw new RangeError('analyzeCohort: no rows');
  const ages = rows.map((r) => r.ageYears);
  const followup = rows.map((r) => r.followupMonths);
  const pain = {} as Record<FollowUpTime, PainReport>;
  for (const t of FOLLOW_UP_TIMES) pain[t] = painReport(rows, t, options);
  const fit = kaplanMeier(
    followup,
    rows.map((r) => r.died),
  );
  const [minFollowup, maxFollowup] = minMax(followup);
  const survival: Record<string, SurvivalPoint> = {};
  for (const m of SURVIVAL_MONTHS) survival[String(m)] = survivalAt(fit, m);
  return {
    n: rows.length,
    age: { mean: mean(ages), sd: finite(sd(ages)) },
    followup_months: {
      mean: mean(followup),
      sd: finite(sd(followup)),
      min: minFollowup,
      max: maxFollowup,
    },
    guidance: {
      counts: counts(
        rows.map((r) => r.guidance),
        GUIDANCE_LEVELS,
      ),
    },
    primary: { counts: counts(rows.map((r) => r.primary)) },
    complications: {
      counts: counts(
        rows.map((r) => r.complication),
        ['none', EXTRAVASATION],
      ),
    },
    pain,
    friedman: friedmanReport(rows),
    fisher_extravasation_by_guidance: { p: extravasationFisherP(rows) },
    km: { median_months: kmMedian(fit), survival_at: survival },
  };
}
