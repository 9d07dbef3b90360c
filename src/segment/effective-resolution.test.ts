import { describe, expect, it } from 'vitest';
import type { Grid, Volume } from '../core/volume.js';
import { makeVolume } from '../core/volume.js';
import { resampleVolume } from '../core/resample.js';
import { createRandom } from '../core/random.js';
import { gaussianSmooth } from '../core/gaussian.js';
import {
  axisResolutions,
  differenceCorrelation,
  originalLattice,
  simpleRatioNear,
  upsamplingFactors,
} from './effective-resolution.js';
import { latticeResample } from './lattice-resample.js';
import { toWorkingGrid } from './working-grid.js';

/**
 * A native "CT" of soft tissue: white noise box-smoothed over two voxels along each axis (as a
 * reconstruction kernel correlates neighbours; successive differences then are uncorrelated),
 * around 40 HU, with a few denser blobs so that there is structure as well as noise.
 */
function nativeCt(dims: [number, number, number], spacing: number, seed = 1): Volume<Float32Array> {
  const [nx, ny, nz] = dims;
  const rnd = createRandom(seed);
  let v = Float32Array.from({ length: nx * ny * nz }, () => 30 * rnd.normal());
  const strides = [1, nx, nx * ny];
  for (let a = 0; a < 3; a++) {
    const s = new Float32Array(v.length);
    for (let p = 0; p < v.length; p++) {
      const c = Math.floor(p / strides[a]) % dims[a];
      s[p] = c + 1 < dims[a] ? (v[p] + v[p + strides[a]]) / 2 : v[p];
    }
    v = s;
  }
  const blobs = [0, 1, 2, 3].map(() => [rnd.uniform(0, nx), rnd.uniform(0, ny), rnd.uniform(0, nz)]);
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        let h = 40;
        for (const [bx, by, bz] of blobs)
          h += 80 * Math.exp(-((i - bx) ** 2 + (j - by) ** 2 + (k - bz) ** 2) / 20);
        v[i + nx * (j + ny * k)] += h;
      }
  const grid: Grid = {
    dims,
    spacingMm: [spacing, spacing, spacing],
    originLps: [-10, 20, 100],
    direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
  };
  return makeVolume(grid, v);
}

/** `ct` linearly resampled to `spacing` per axis over its field of view, from `offsetMm` on. */
function upsampled(ct: Volume<Float32Array>, spacing: number[], offsetMm = [0, 0, 0]): Volume<Float32Array> {
  const dims = [0, 1, 2].map(
    (a) => Math.floor(((ct.dims[a] - 1) * ct.spacingMm[a] - offsetMm[a]) / spacing[a] + 1e-6) + 1,
  ) as unknown as Grid['dims'];
  const grid: Grid = {
    dims,
    spacingMm: spacing as unknown as Grid['spacingMm'],
    originLps: [0, 1, 2].map((a) => ct.originLps[a] + offsetMm[a]) as unknown as Grid['originLps'],
    direction: ct.direction,
  };
  return resampleVolume(ct, grid, { interpolation: 'linear' });
}

describe('effective resolution', () => {
  const coarse = nativeCt([40, 40, 30], 3);

  it('reads a native CT as native on every axis', () => {
    for (let a = 0; a < 3; a++) expect(Math.abs(differenceCorrelation(coarse, a, 1).rho)).toBeLessThan(0.15);
    expect(upsamplingFactors(coarse)).toEqual([1, 1, 1]);
    expect(axisResolutions(coarse).map((r) => r.factor)).toEqual([1, 1, 1]);
  });

  it('finds an upsampling along one axis only (thick slices resampled to thin ones)', () => {
    const ct = upsampled(coarse, [3, 3, 1]);
    expect(upsamplingFactors(ct)).toEqual([1, 1, 3]);
    const z = axisResolutions(ct)[2];
    expect(z.factor).toBe(3);
    expect(Math.min(z.phase, 3 - z.phase)).toBeLessThan(0.05);
  });

  it('finds a fractional factor and where the original samples are (3 mm -> 0.8 mm, offset grid)', () => {
    // the fine grid starts 1.2 mm past the first original sample: the next is at fine index 2.25
    const ct = upsampled(coarse, [0.8, 0.8, 0.8], [1.2, 1.2, 1.2]);
    for (const r of axisResolutions(ct)) {
      expect(r.factor).toBe(3.75);
      const d = Math.abs(r.phase - 2.25);
      expect(Math.min(d, 3.75 - d)).toBeLessThan(0.06);
    }
  });

  it('finds the lattice of a CT full of air and cortex edges (3 mm -> 0.8 mm over 30 cm)', () => {
    // a third of the original samples air or cortex: clamping the CT numbers for the bends would
    // add bends wherever an interpolated edge crosses the clamp, off the lattice, and hide it
    const tall = nativeCt([14, 14, 100], 3, 9);
    const rnd = createRandom(4);
    for (let i = 0; i < tall.data.length; i++) {
      const u = rnd.next();
      if (u < 0.15) tall.data[i] = -1000;
      else if (u < 0.3) tall.data[i] = 1200;
    }
    const up = upsampled(tall, [3, 3, 0.8]);
    // the steps stay correlated (edge ramps left out) and the comb stands (bends inside the window)
    expect(differenceCorrelation(up, 2, 1).rho).toBeGreaterThan(0.4);
    expect(originalLattice(up, 2, 4)?.factor).toBe(3.75);
    const z = axisResolutions(up)[2];
    expect(z.factor).toBe(3.75);
    expect(Math.min(z.phase, 3.75 - z.phase)).toBeLessThan(0.05);
  });

  it('does not take a smooth reconstruction for an upsampling: no lattice of bends', () => {
    // a soft kernel or overlapping slices correlate neighbours as upsampling does, but evenly
    const smooth = gaussianSmooth(nativeCt([40, 40, 40], 1, 5), 1.5);
    expect(upsamplingFactors(smooth).some((f) => f > 1)).toBe(true);
    expect(axisResolutions(smooth).map((r) => r.factor)).toEqual([1, 1, 1]);
  });

  it('snaps a measured period to a simple fraction only when it is one', () => {
    expect(simpleRatioNear(3.7497)).toBe(3.75);
    expect(simpleRatioNear(2.0012)).toBe(2);
    expect(simpleRatioNear(2.47)).toBe(2.47);
  });
});

describe('working grid of an upsampled CT', () => {
  const coarse = nativeCt([40, 40, 30], 3, 7);

  it('lies on the original samples and gives their values back', () => {
    const ct = upsampled(coarse, [0.8, 0.8, 0.8], [1.2, 0, 2.4]);
    const work = toWorkingGrid(ct);
    expect(work.upsampling).toEqual([3.75, 3.75, 3.75]);
    expect([...work.grid.spacingMm]).toEqual([3, 3, 3]);
    // every working voxel is an original sample: compare with the coarse CT at the same point
    const truth = resampleVolume(coarse, work.grid, { interpolation: 'linear' });
    let worst = 0;
    for (let i = 0; i < truth.data.length; i++)
      worst = Math.max(worst, Math.abs(truth.data[i] - work.hu.data[i]));
    expect(worst).toBeLessThan(3);
    // plain trilinear resampling of the fine CT at the same points cuts the corners
    const plain = resampleVolume(ct, work.grid, { interpolation: 'linear', fill: -1024 });
    let plainWorst = 0;
    for (let i = 0; i < truth.data.length; i++)
      if (plain.data[i] > -1024) plainWorst = Math.max(plainWorst, Math.abs(truth.data[i] - plain.data[i]));
    expect(plainWorst).toBeGreaterThan(5 * worst);
  });

  it('keeps a native fine CT at the usual ~1.6 mm', () => {
    const work = toWorkingGrid(nativeCt([30, 30, 30], 0.8, 3));
    expect(work.upsampling).toEqual([1, 1, 1]);
    expect([...work.grid.spacingMm]).toEqual([1.6, 1.6, 1.6]);
  });
});

describe('latticeResample', () => {
  it('is exact on linear data along native axes and extrapolates only along upsampled ones', () => {
    const grid: Grid = {
      dims: [5, 1, 1],
      spacingMm: [1, 1, 1],
      originLps: [0, 0, 0],
      direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
    };
    const ct = makeVolume(grid, Float32Array.from([0, 10, 20, 30, 40]));
    const at = (x: number, f: number) =>
      latticeResample(ct, { ...grid, dims: [1, 1, 1], originLps: [x, 0, 0] }, [f, 1, 1]).data[0];
    expect(at(1.5, 1)).toBeCloseTo(15);
    expect(at(4.3, 1)).toBeCloseTo(40); // clamped within half a voxel
    expect(at(4.8, 1)).toBe(-1024);
    expect(at(4.8, 3)).toBeCloseTo(48); // the edge cell continued
    expect(at(-1.5, 3)).toBeCloseTo(-15);
  });
});
