import { describe, expect, it } from 'vitest';
import type { Grid } from '../core/volume.js';
import { boneEnclosure, enclosedByBone } from './enclosed-by-bone.js';

const n = 14;
const grid: Grid = {
  dims: [n, n, n],
  spacingMm: [2, 2, 2],
  originLps: [0, 0, 0],
  direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
};
const at = (i: number, j: number, k: number) => i + n * (j + n * k);

/** A closed box shell, walls at 3 and 10 on every axis (interior 4..9). */
function boxShell(): Uint8Array {
  const m = new Uint8Array(n ** 3);
  for (let k = 3; k <= 10; k++)
    for (let j = 3; j <= 10; j++)
      for (let i = 3; i <= 10; i++) if ([i, j, k].some((c) => c === 3 || c === 10)) m[at(i, j, k)] = 1;
  return m;
}

describe('boneEnclosure', () => {
  it('counts every direction inside a closed shell and the walls straight up and down', () => {
    const { hits, axialGapMm } = boneEnclosure(grid, boxShell(), 30);
    expect(hits[at(6, 6, 6)]).toBe(10);
    expect(hits[at(3, 3, 3)]).toBe(10); // on the wall
    // 3 voxels (6 mm) down to the wall at k = 3, 4 voxels (8 mm) up to k = 10
    expect(axialGapMm[at(6, 6, 6)]).toBeCloseTo(14, 5);
  });

  it('sees only the directions that meet the shell from outside it', () => {
    const { hits, axialGapMm } = boneEnclosure(grid, boxShell(), 30);
    // beside the +i wall, outside: only the -i direction and the two diagonals towards -i meet it
    // (the shell spans j 3..10: from j = 6 the diagonals reach it at i = 10 at j = 5 and 7)
    expect(hits[at(12, 6, 6)]).toBe(3);
    expect(axialGapMm[at(12, 6, 6)]).toBe(Infinity);
    // a corner of the grid far from the shell along every direction it looks
    expect(hits[at(0, 0, 0)]).toBe(0);
  });

  it('respects the distance limit', () => {
    const near = boneEnclosure(grid, boxShell(), 4).hits;
    // from the centre (6,6,6) the walls are 6-8 mm away along the axes: none within 4 mm
    expect(near[at(6, 6, 6)]).toBe(0);
    expect(near[at(4, 4, 4)]).toBe(6); // 2 mm to the walls at 3 along -i, -j, -k and the 3 diagonals
  });
});

describe('enclosedByBone', () => {
  it('fills the inside of a shell but not a disc-like gap between two plates', () => {
    const filled = enclosedByBone(grid, boxShell(), { maxDistanceMm: 30, minDirections: 9 });
    expect(filled[at(6, 6, 6)]).toBe(1);
    expect(filled[at(12, 6, 6)]).toBe(0);
    const noDiscs = enclosedByBone(grid, boxShell(), {
      maxDistanceMm: 30,
      minDirections: 9,
      minAxialGapMm: 16,
    });
    expect(noDiscs[at(6, 6, 6)]).toBe(0);
    expect(noDiscs[at(3, 3, 3)]).toBe(1);
  });
});
