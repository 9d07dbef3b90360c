/**
 * The resolution a CT really has, per voxel axis. A 3 mm scan resampled to 1 mm voxels (a
 * common export: "isotropic 1 mm" from thick slices) holds no more detail than the 3 mm one,
 * but its voxels look like a fine CT's: a pipeline that trusts the voxel size segments
 * interpolation, on a grid that straddles the real samples. Two measurements tell:
 *
 * 1. `upsamplingFactors`: the correlation of successive differences along an axis. On a native
 *    grid neighbouring differences of soft-tissue noise are nearly uncorrelated (measured
 *    -0.16..0.30 on native 0.8-3 mm CTs); on a linearly upsampled grid the differences inside
 *    one original step are equal (measured 0.52-0.80: 3 mm resampled to 1.5, 1 and 0.8 mm). The
 *    smallest stride whose differences decorrelate is about the upsampling factor; a stride > 1
 *    is only a suspicion, which the comb must confirm.
 * 2. `originalLattice`: where the original samples were. Between them a linear interpolant is
 *    straight, so second differences are concentrated at the original samples: a comb whose
 *    period is the real factor (2, 3, 3.75 = 3 mm to 0.8 mm) and whose phase places the lattice.
 *
 * Both are measured on the CT numbers alone; a native CT reads as factor 1 on every axis (a
 * smooth reconstruction kernel correlates neighbours too, but evenly: no comb, measured <= 0.15
 * against >= 0.78 for upsampled CTs and the 0.3 required).
 */
import type { TypedArray, Volume } from '../core/volume.js';

/** Soft-tissue window (HU) whose noise is measured: no edges of bone or air. */
const SOFT_LO = -150;
const SOFT_HI = 200;
/**
 * Triples with a step larger than this (HU) are left out: one voxel of an interpolated edge ramp
 * inside the soft-tissue window would rule the correlation (a rectangle of small steps keeps
 * independent steps independent, so native noise still reads ~0).
 */
const MAX_STEP = 60;
/** Successive differences more correlated than this are inside one original step. */
export const UPSAMPLED_CORRELATION = 0.4;
/** Fewer soft-tissue samples than this along an axis: no verdict (factor 1). */
const MIN_SAMPLES = 10_000;
/** About this many voxels are visited per measurement (lines are subsampled). */
const SAMPLE_BUDGET = 2_000_000;
/** Largest upsampling looked for (5 mm slices resampled to 0.6 mm). */
const MAX_FACTOR = 8;
/** The lattice comb must carry this fraction of the bend energy (1 = every bend on the lattice). */
const MIN_COMB = 0.3;
/** Bends are measured where CT numbers are in this window: soft tissue and marrow, no edges of air, cortex or metal. */
const BEND_LO = -300;
const BEND_HI = 600;

export interface AxisResolution {
  /** Input voxels per original sample (1 = native); may be fractional (3 mm -> 0.8 mm: 3.75). */
  factor: number;
  /** Continuous input index of one original sample along this axis (0 when native). */
  phase: number;
}

interface AxisLines {
  /** Flat-index stride along the axis. */
  stride: number;
  n: number;
  /** First flat index of every visited line. */
  starts: number[];
}

/** Lines along voxel axis `axis`, subsampled to about SAMPLE_BUDGET voxels. */
function axisLines(dims: readonly number[], axis: number): AxisLines {
  const strides = [1, dims[0], dims[0] * dims[1]];
  const others = [0, 1, 2].filter((d) => d !== axis);
  const [u, w] = others;
  const lines = dims[u] * dims[w];
  const every = Math.max(1, Math.floor((lines * dims[axis]) / SAMPLE_BUDGET));
  const starts: number[] = [];
  for (let line = 0; line < lines; line += every) {
    starts.push((line % dims[u]) * strides[u] + Math.floor(line / dims[u]) * strides[w]);
  }
  return { stride: strides[axis], n: dims[axis], starts };
}

/**
 * Pearson correlation of successive `step`-differences along voxel axis `axis`, over triples
 * of soft-tissue voxels with small steps (constant runs left out: a bone-masked CT's background
 * says nothing).
 * Returns the correlation and how many triples it is over.
 */
export function differenceCorrelation(
  ct: Volume<TypedArray>,
  axis: number,
  step: number,
): { rho: number; samples: number } {
  const { stride, n, starts } = axisLines(ct.dims, axis);
  const v = ct.data;
  const s = stride * step;
  let count = 0;
  let s1 = 0;
  let s2 = 0;
  let s11 = 0;
  let s22 = 0;
  let s12 = 0;
  for (const start of starts) {
    const end = start + stride * (n - 1 - 2 * step);
    for (let p = start; p <= end; p += stride) {
      const a = v[p];
      const b = v[p + s];
      const c = v[p + 2 * s];
      if (a < SOFT_LO || a > SOFT_HI || b < SOFT_LO || b > SOFT_HI || c < SOFT_LO || c > SOFT_HI) continue;
      if (a === b && b === c) continue;
      const d1 = b - a;
      const d2 = c - b;
      if (d1 > MAX_STEP || d1 < -MAX_STEP || d2 > MAX_STEP || d2 < -MAX_STEP) continue;
      count++;
      s1 += d1;
      s2 += d2;
      s11 += d1 * d1;
      s22 += d2 * d2;
      s12 += d1 * d2;
    }
  }
  if (count < 2) return { rho: 0, samples: count };
  const cov = s12 / count - (s1 / count) * (s2 / count);
  const var1 = s11 / count - (s1 / count) ** 2;
  const var2 = s22 / count - (s2 / count) ** 2;
  const rho = var1 > 0 && var2 > 0 ? cov / Math.sqrt(var1 * var2) : 0;
  return { rho, samples: count };
}

/** Integer upsampling factor per voxel axis (1 = native or no verdict). */
export function upsamplingFactors(ct: Volume<TypedArray>): [number, number, number] {
  return [0, 1, 2].map((axis) => {
    for (let f = 1; f <= MAX_FACTOR && 2 * f < ct.dims[axis]; f++) {
      const { rho, samples } = differenceCorrelation(ct, axis, f);
      if (samples < MIN_SAMPLES) return 1;
      if (rho < UPSAMPLED_CORRELATION) return f;
    }
    return 1;
  }) as [number, number, number];
}

/**
 * Mean absolute second difference at every index along `axis` (0 at both ends), over stencils
 * whose three CT numbers are all within the bend window (clamping would add bends of its own
 * where an edge crosses the window, off the lattice).
 */
export function bendProfile(ct: Volume<TypedArray>, axis: number): Float64Array {
  const { stride, n, starts } = axisLines(ct.dims, axis);
  const v = ct.data;
  const sum = new Float64Array(n);
  const count = new Float64Array(n);
  const inside = (x: number) => x >= BEND_LO && x <= BEND_HI;
  for (const start of starts) {
    let prev = v[start];
    let cur = v[start + stride];
    for (let x = 1; x < n - 1; x++) {
      const next = v[start + (x + 1) * stride];
      if (inside(prev) && inside(cur) && inside(next)) {
        sum[x] += Math.abs(prev - 2 * cur + next);
        count[x]++;
      }
      prev = cur;
      cur = next;
    }
  }
  for (let x = 0; x < n; x++) sum[x] = count[x] > 0 ? sum[x] / count[x] : 0;
  return sum;
}

/** The Fourier coefficient of `profile` at `period`, normalised by its total (0..1) and its phase. */
function combAt(profile: Float64Array, period: number): { strength: number; arg: number } {
  let re = 0;
  let im = 0;
  let total = 0;
  const w = (2 * Math.PI) / period;
  for (let x = 0; x < profile.length; x++) {
    re += profile[x] * Math.cos(w * x);
    im -= profile[x] * Math.sin(w * x);
    total += profile[x];
  }
  return { strength: total > 0 ? Math.hypot(re, im) / total : 0, arg: Math.atan2(im, re) };
}

/** `x` as a simple fraction a/b (b <= 8) when it is within 0.2 % of one. */
export function simpleRatioNear(x: number): number {
  for (let b = 1; b <= 8; b++) {
    const a = Math.round(x * b);
    if (a > 0 && Math.abs(a / b - x) <= 0.002 * x) return a / b;
  }
  return x;
}

/**
 * The original sampling lattice along `axis` of a CT whose successive differences decorrelate at
 * stride `factor` (the real factor lies between about that and twice it): its period
 * (input voxels) and the continuous index of one original sample, or null when the bends do not
 * form a comb (not a linear upsampling: native after all, or another interpolation).
 */
export function originalLattice(ct: Volume<TypedArray>, axis: number, factor: number): AxisResolution | null {
  const profile = bendProfile(ct, axis);
  const scan: { period: number; strength: number }[] = [];
  let strongest = 0;
  const longest = Math.min(MAX_FACTOR + 1, 2 * factor + 1);
  for (let period = 1.5; period <= longest + 1e-9; period += 0.005) {
    const { strength } = combAt(profile, period);
    scan.push({ period, strength });
    if (strength > scan[strongest].strength) strongest = scan.length - 1;
  }
  const max = scan[strongest].strength;
  if (max < MIN_COMB) return null;
  // The strongest period is the fundamental or one of its harmonics (period / k: a sharp comb's
  // harmonics are as strong as it is): take the longest multiple of it that is nearly as strong.
  // Not simply the longest strong period: teeth whose height varies with their phase on the
  // voxel grid (period 3.75 = 15/4) leave sidebands as strong as 0.7 of the fundamental (period
  // 5 beside 3.75, measured).
  let q = strongest;
  const base = scan[strongest].period;
  for (let m = Math.floor(longest / base); m >= 2; m--) {
    let local = -1;
    for (let n = 0; n < scan.length; n++)
      if (
        Math.abs(scan[n].period - m * base) <= 0.01 * m * base &&
        (local < 0 || scan[n].strength > scan[local].strength)
      )
        local = n;
    if (local >= 0 && scan[local].strength >= 0.7 * max) {
      q = local;
      break;
    }
  }
  const coarse = scan[q].period;
  let best = coarse;
  let bestStrength = -1;
  for (let period = coarse - 0.01; period <= coarse + 0.01; period += 0.0002) {
    const { strength } = combAt(profile, period);
    if (strength > bestStrength) {
      bestStrength = strength;
      best = period;
    }
  }
  const period = simpleRatioNear(best);
  if (period < 1.5) return null;
  const { arg } = combAt(profile, period);
  // the coefficient of a comb with teeth at x0 + m * period is ~exp(-i 2 pi x0 / period)
  let phase = (-arg / (2 * Math.PI)) * period;
  phase -= Math.floor(phase / period) * period;
  return { factor: period, phase };
}

/** The effective resolution of every voxel axis: native axes read {factor: 1, phase: 0}. */
export function axisResolutions(ct: Volume<TypedArray>): [AxisResolution, AxisResolution, AxisResolution] {
  const factors = upsamplingFactors(ct);
  return factors.map((f, axis) => {
    if (f <= 1) return { factor: 1, phase: 0 };
    return originalLattice(ct, axis, f) ?? { factor: 1, phase: 0 };
  }) as [AxisResolution, AxisResolution, AxisResolution];
}
