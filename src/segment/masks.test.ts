import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Grid } from '../core/volume.js';
import { fillHolesAxial, holesInSlices } from './masks.js';

const grid: Grid = {
  dims: [12, 12, 12],
  spacingMm: [1, 1, 1],
  originLps: [0, 0, 0],
  direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
};
const at = (i: number, j: number, k: number) => i + 12 * (j + 12 * k);

/** A closed box shell (voxels 2..9 on every axis, walls one voxel thick). */
function boxShell(): Uint8Array {
  const m = new Uint8Array(12 ** 3);
  for (let k = 2; k <= 9; k++)
    for (let j = 2; j <= 9; j++)
      for (let i = 2; i <= 9; i++) if ([i, j, k].some((c) => c === 2 || c === 9)) m[at(i, j, k)] = 1;
  return m;
}

/** A square tube along k (walls at i, j = 2 and 9), open at both ends. */
function tubeAlongK(): Uint8Array {
  const m = new Uint8Array(12 ** 3);
  for (let k = 0; k < 12; k++)
    for (let j = 2; j <= 9; j++)
      for (let i = 2; i <= 9; i++) if (i === 2 || i === 9 || j === 2 || j === 9) m[at(i, j, k)] = 1;
  return m;
}

const count = (m: Uint8Array) => m.reduce((s, v) => s + v, 0);

/** Holes of every slice by breadth-first flood fill of each background region (the plain way). */
function holesByFlood(
  g: Grid,
  mask: Uint8Array,
  { axis, maxPixels }: { axis: 0 | 1 | 2; maxPixels: number },
): Uint8Array {
  const [nx, ny] = g.dims;
  const [ua, ub] = axis === 0 ? [1, 2] : axis === 1 ? [0, 2] : [0, 1];
  const [na, nb, ns] = [g.dims[ua], g.dims[ub], g.dims[axis]];
  const index = (a: number, b: number, s: number): number => {
    const c = [0, 0, 0];
    [c[ua], c[ub], c[axis]] = [a, b, s];
    return c[0] + nx * (c[1] + ny * c[2]);
  };
  const out = new Uint8Array(mask.length);
  for (let s = 0; s < ns; s++) {
    const seen = new Uint8Array(na * nb);
    for (let p0 = 0; p0 < na * nb; p0++) {
      if (seen[p0] || mask[index(p0 % na, Math.floor(p0 / na), s)]) continue;
      const region = [p0];
      seen[p0] = 1;
      let edge = false;
      for (let h = 0; h < region.length; h++) {
        const [a, b] = [region[h] % na, Math.floor(region[h] / na)];
        if (a === 0 || b === 0 || a === na - 1 || b === nb - 1) edge = true;
        for (const [x, y] of [
          [a - 1, b],
          [a + 1, b],
          [a, b - 1],
          [a, b + 1],
        ]) {
          if (x < 0 || y < 0 || x >= na || y >= nb || seen[x + na * y] || mask[index(x, y, s)]) continue;
          seen[x + na * y] = 1;
          region.push(x + na * y);
        }
      }
      if (!edge && region.length <= maxPixels)
        for (const p of region) out[index(p % na, Math.floor(p / na), s)] = 1;
    }
  }
  return out;
}

describe('holesInSlices', () => {
  it('equals a flood fill of each slice on random masks, every axis and hole-size limit', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 7 * 6 * 5, maxLength: 7 * 6 * 5, max: 2 }),
        fc.constantFrom<0 | 1 | 2>(0, 1, 2),
        fc.constantFrom(1, 3, 8, Infinity),
        (bits, axis, maxPixels) => {
          const g: Grid = { ...grid, dims: [7, 6, 5], spacingMm: [1, 2, 0.5] };
          const mask = Uint8Array.from(bits, (v) => (v > 0 ? 1 : 0));
          const [ua, ub] = axis === 0 ? [1, 2] : axis === 1 ? [0, 2] : [0, 1];
          const mm2 = maxPixels * g.spacingMm[ua] * g.spacingMm[ub];
          expect([...holesInSlices(g, mask, { axis, maxHoleMm2: mm2 })]).toEqual([
            ...holesByFlood(g, mask, { axis, maxPixels }),
          ]);
        },
      ),
      { numRuns: 300, seed: 3 },
    );
  });

  it('finds the inside of a closed box in every plane', () => {
    for (const axis of [0, 1, 2] as const) {
      const holes = holesInSlices(grid, boxShell(), { axis, maxHoleMm2: Infinity });
      // slices 3..8 across the axis hold a 6 x 6 hole; the walls' slices none
      expect(count(holes), `axis ${axis}`).toBe(6 * 6 * 6);
      expect(holes[at(5, 5, 5)]).toBe(1);
      expect(holes[at(0, 0, 0)]).toBe(0);
    }
  });

  it('sees a tube as a hole only in the slices across it', () => {
    const tube = tubeAlongK();
    expect(count(holesInSlices(grid, tube, { axis: 2, maxHoleMm2: Infinity }))).toBe(6 * 6 * 12);
    expect(count(holesInSlices(grid, tube, { axis: 0, maxHoleMm2: Infinity }))).toBe(0);
    expect(count(holesInSlices(grid, tube, { axis: 1, maxHoleMm2: Infinity }))).toBe(0);
  });

  it('leaves holes larger than the area limit, in mm² of the slice', () => {
    const coarse: Grid = { ...grid, spacingMm: [2, 1, 3] };
    // a 6 x 6 voxel hole in an axial slice covers 36 * 2 * 1 = 72 mm²
    expect(count(holesInSlices(coarse, boxShell(), { axis: 2, maxHoleMm2: 72 }))).toBe(216);
    expect(count(holesInSlices(coarse, boxShell(), { axis: 2, maxHoleMm2: 71 }))).toBe(0);
    // in a sagittal slice the same hole covers 36 * 1 * 3 = 108 mm²
    expect(count(holesInSlices(coarse, boxShell(), { axis: 0, maxHoleMm2: 107 }))).toBe(0);
    expect(count(holesInSlices(coarse, boxShell(), { axis: 0, maxHoleMm2: 108 }))).toBe(216);
  });

  it('fillHolesAxial returns the mask with its axial holes filled', () => {
    const filled = fillHolesAxial(grid, tubeAlongK());
    expect(count(filled)).toBe(count(tubeAlongK()) + 6 * 6 * 12);
    expect(filled[at(5, 5, 0)]).toBe(1);
  });
});
