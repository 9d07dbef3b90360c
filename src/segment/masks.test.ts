import { describe, expect, it } from 'vitest';
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

describe('holesInSlices', () => {
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
