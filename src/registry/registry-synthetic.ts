/**
 * Seeded synthetic cohorts with the structure of a sacroplasty series, for benchmarks and
 * tests of scale (not for any clinical figure): ages around 65, the four guidance set-ups, a
 * few complications (about 3% cement extravasation), pain falling from about 7.5 at baseline,
 * visits missing as patients die or are lost, follow-up up to 36 months.
 */
import { createRandom } from '../core/random.js';
import { GUIDANCE_LEVELS, PAIN_TIMES } from './cohort.js';
import type { CohortRow, PainTime } from './cohort.js';

const PRIMARIES = ['lung', 'breast', 'prostate', 'myeloma', 'kidney', 'colorectal', 'thyroid', 'other'];
const VISIT_MONTHS: Record<PainTime, number> = {
  baseline: 0,
  '2w': 0.5,
  '3m': 3,
  '6m': 6,
  '12m': 12,
  '24m': 24,
};

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

/** `n` patients P00001... numbered as rows 2.. of a CSV. */
export function syntheticCohort(n: number, seed = 1): CohortRow[] {
  const rnd = createRandom(seed);
  const width = Math.max(5, String(n).length);
  const rows: CohortRow[] = [];
  for (let i = 0; i < n; i++) {
    const followupMonths = Math.round(rnd.uniform(0.5, 36) * 2) / 2;
    const died: 0 | 1 = rnd.next() < 0.6 ? 1 : 0;
    const baseline = clamp(Math.round(7.5 + 1.2 * rnd.normal()), 3, 10);
    const pain = {} as Record<PainTime, number | null>;
    for (const t of PAIN_TIMES) {
      const seen = VISIT_MONTHS[t] <= followupMonths && rnd.next() < 0.92;
      const relief = t === 'baseline' ? 0 : 3 + rnd.normal() * 1.5;
      pain[t] = seen ? clamp(Math.round(baseline - relief), 0, 10) : null;
    }
    const c = rnd.next();
    rows.push({
      row: i + 2,
      patientId: `P${String(i + 1).padStart(width, '0')}`,
      ageYears: Math.round(clamp(65 + 10 * rnd.normal(), 25, 95)),
      sex: rnd.next() < 0.5 ? 'F' : 'M',
      primary: PRIMARIES[rnd.int(PRIMARIES.length)],
      guidance: GUIDANCE_LEVELS[rnd.int(GUIDANCE_LEVELS.length)],
      complication: c < 0.03 ? 'cement_extravasation' : c < 0.05 ? 'haematoma' : 'none',
      followupMonths,
      died,
      pain,
    });
  }
  return rows;
}
