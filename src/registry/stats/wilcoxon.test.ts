import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { midRanks } from './ranks.js';
import { signedRankExactP, signedRankTest } from './wilcoxon.js';

// Reference values: scripts/r/make-fixtures.R. V and p_normal from
// wilcox.test(d, exact = FALSE, correct = TRUE); p_exact from a convolution over doubled
// ranks in R, itself checked there against wilcox.test(exact = TRUE) without ties and against
// coin::wilcoxsign_test(distribution = "exact") and exactRankTests::wilcox.exact with ties.
const R = JSON.parse(
  readFileSync(new URL('../../../test/fixtures/cohort/r-values.json', import.meta.url), 'utf8'),
);

interface Case {
  name: string;
  d: number | number[];
  n: number;
  V: number | null;
  p_normal: number | null;
  p_exact: number | null;
}

function expectRel(a: number | null, b: number | null, rel: number): void {
  if (b === null) return expect(a).toBeNull();
  expect(a).not.toBeNull();
  expect(Math.abs((a as number) - b)).toBeLessThanOrEqual(rel * Math.abs(b) + 1e-300);
}

/** All 2^n sign assignments: the obvious exact p for small n. */
function bruteForceP(ranks: number[], V: number): number {
  const n = ranks.length;
  const mean = ranks.reduce((a, b) => a + b, 0) / 2;
  let hits = 0;
  for (let mask = 0; mask < 1 << n; mask++) {
    let v = 0;
    for (let i = 0; i < n; i++) if (mask & (1 << i)) v += ranks[i];
    if (Math.abs(v - mean) >= Math.abs(V - mean) - 1e-9) hits++;
  }
  return hits / (1 << n);
}

describe('signedRankTest against R', () => {
  it.each((R.wilcoxon as Case[]).map((c) => [c.name, c]))('%s', (_, c) => {
    const d = Array.isArray(c.d) ? c.d : [c.d];
    const r = signedRankTest(d);
    if (c.V === null) return expect(r).toBeNull();
    expect(r).not.toBeNull();
    expect(r?.n).toBe(c.n);
    expect(r?.V).toBe(c.V);
    expectRel(r?.pNormal ?? null, c.p_normal, 1e-9);
    expectRel(r?.pExact ?? null, c.p_exact, 1e-9);
  });
});

describe('signedRankExactP', () => {
  it('equals brute-force enumeration with ties (seeded)', () => {
    let seed = 7;
    const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let trial = 0; trial < 30; trial++) {
      const n = 1 + Math.floor(rand() * 12);
      const d = Array.from({ length: n }, () => Math.floor(rand() * 9) - 3).filter((x) => x !== 0);
      const r = signedRankTest(d);
      if (!r) continue;
      const abs = d.map(Math.abs);
      const ranks = abs.map(
        (a) => abs.filter((b) => b < a).length + (abs.filter((b) => b === a).length + 1) / 2,
      );
      expect(r.pExact).toBeCloseTo(bruteForceP(ranks, r.V), 12);
    }
  });

  it('hand-worked: ranks 1, 2, 3 all positive, p = 2 / 8', () => {
    expect(signedRankExactP([1, 2, 3], { V: 6 })).toBe(0.25);
    expect(signedRankExactP([1, 2, 3], { V: 3 })).toBe(1);
  });

  it('gives 0 above the work limit only when a Hoeffding bound proves p < 1e-300, else null', () => {
    const ranks = Array.from({ length: 3000 }, (_, i) => i + 1);
    const all = (ranks.length * (ranks.length + 1)) / 2;
    expect(signedRankExactP(ranks, { V: all, maxWork: 1e6 })).toBe(0);
    expect(signedRankExactP(ranks, { V: all / 2 + 10, maxWork: 1e6 })).toBeNull();
  });

  it('is 0 without the dynamic programme only when the true p rounds to 0 as a double', () => {
    // All 1,070 signs positive: p = 2 / 2^1070 = 2^-1069, a subnormal the programme gets exactly.
    const ranks = Array.from({ length: 1070 }, (_, i) => i + 1);
    expect(signedRankExactP(ranks, { V: (1070 * 1071) / 2 })).toBe(2 ** -1069);
    // A 12-month-like column of a 10,000-patient cohort: 5,734 tied integer differences, nearly
    // all improvements. Hoeffding bounds p by 2 exp(-2 t^2 / sum r^2), far below 2^-1075.
    const d = Array.from({ length: 5734 }, (_, i) => (i % 23 === 0 ? -1 : 1 + (i % 5)));
    const r = signedRankTest(d);
    const { ranks: mid } = midRanks(d.map(Math.abs));
    const sumSq = mid.reduce((a, x) => a + x * x, 0);
    const t = (r?.V ?? 0) - mid.reduce((a, x) => a + x, 0) / 2;
    expect(Math.LN2 - (2 * t * t) / sumSq).toBeLessThan(Math.log(2) * -1075);
    expect(r?.pExact).toBe(0);
  });

  it('n = 50 with ties well within budget (timing lives in bench/)', () => {
    const d = Array.from({ length: 50 }, (_, i) => ((i * 7) % 9) - 3);
    const r = signedRankTest(d);
    expect(r?.pExact).not.toBeNull();
  });
});
