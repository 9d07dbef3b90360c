import { describe, expect, it } from 'vitest';
import { makeVolume, type Grid } from '../core/volume.js';
import { jointCosts } from './joint-cost.js';
import { seededCompetition } from './seeded-competition.js';

/**
 * A bar of bone along x at 3 mm, as the sacral ala against the ilium on a thick-slice CT: a dense
 * cortical shell round fatty marrow (20 HU), and at x = 30 | 31 the sacrum's and the ilium's
 * subchondral plates touching, with no joint space between them. The axial seed holds the bar's
 * first three slices, the hip seed its last three.
 */
function alaAgainstIlium(): { grid: Grid; hu: Float32Array; mask: Uint8Array; seeds: Uint8Array } {
  const dims = [40, 9, 9] as const;
  const grid: Grid = {
    dims,
    spacingMm: [3, 3, 3],
    originLps: [0, 0, 0],
    direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
  };
  const n = dims[0] * dims[1] * dims[2];
  const hu = new Float32Array(n).fill(-100);
  const mask = new Uint8Array(n);
  const seeds = new Uint8Array(n);
  for (let k = 1; k <= 7; k++)
    for (let j = 1; j <= 7; j++)
      for (let i = 0; i < dims[0]; i++) {
        const v = i + dims[0] * (j + dims[1] * k);
        const shell = j === 1 || j === 7 || k === 1 || k === 7;
        hu[v] = i === 30 ? 220 : i === 31 ? 600 : shell ? 400 : 20;
        mask[v] = 1;
        if (i <= 2) seeds[v] = 1;
        if (i >= 37) seeds[v] = 2;
      }
  return { grid, hu, mask, seeds };
}

/** The x at which the bar's middle row changes from the axial label to the hip's. */
function boundaryX(grid: Grid, labels: Uint8Array): number {
  const [nx, ny] = grid.dims;
  const row = nx * (4 + ny * 4);
  let x = 0;
  while (x < nx && labels[row + x] === 1) x++;
  return x;
}

describe('jointCosts', () => {
  it('between bones, puts the boundary at the touching plates, not half-way between the seeds', () => {
    const { grid, hu, mask, seeds } = alaAgainstIlium();
    const dense = Uint8Array.from(hu, (h) => (h >= 150 ? 1 : 0));
    const { betweenBones, withinAxial } = jointCosts(makeVolume(grid, hu), dense);
    const between = seededCompetition(grid, { mask, seeds, cost: betweenBones });
    // the first hip voxel is one of the two plates
    expect(boundaryX(grid, between)).toBeGreaterThanOrEqual(30);
    expect(boundaryX(grid, between)).toBeLessThanOrEqual(31);
    // with deep marrow as costly as a cortex of 120 HU, the nearer hip seed takes the ala's marrow
    const within = seededCompetition(grid, { mask, seeds, cost: withinAxial });
    expect(boundaryX(grid, within)).toBeLessThan(26);
  });

  it('costs joint-like voxels (low density next to dense bone) most, dense cortex least', () => {
    const { grid, hu } = alaAgainstIlium();
    const dense = Uint8Array.from(hu, (h) => (h >= 150 ? 1 : 0));
    const { betweenBones } = jointCosts(makeVolume(grid, hu), dense);
    const [nx, ny] = grid.dims;
    const at = (i: number, j: number, k: number): number => betweenBones[i + nx * (j + ny * k)];
    expect(at(10, 1, 4)).toBe(1); // cortex, 400 HU
    expect(at(10, 2, 4)).toBe(8); // marrow against the cortex
    expect(at(10, 4, 4)).toBe(0.25); // deep marrow
    expect(at(30, 4, 4)).toBeCloseTo(1 + (6 * 130) / 300, 5); // the sacral plate, 220 HU
  });
});

describe("jointCosts with a bone-only CT's joint spaces", () => {
  it('costs its joint spaces as joints, and marrow next to dense bone as marrow between bones', () => {
    const { grid, hu, mask } = alaAgainstIlium();
    const dense = Uint8Array.from(hu, (h) => (h >= 150 ? 1 : 0));
    const jointSpace = new Uint8Array(hu.length);
    const joint = 30 + 40 * (4 + 9 * 4);
    jointSpace[joint] = 1;
    const marrowByCortex = 10 + 40 * (2 + 9 * 4); // 3 mm inside the shell
    const plain = jointCosts(makeVolume(grid, hu), dense);
    const boneOnly = jointCosts(makeVolume(grid, hu), dense, jointSpace);
    expect(mask[marrowByCortex]).toBe(1);
    expect(plain.betweenBones[marrowByCortex]).toBe(8);
    expect(boneOnly.betweenBones[marrowByCortex]).toBe(0.25);
    expect(boneOnly.withinAxial[marrowByCortex]).toBe(8);
    expect(plain.betweenBones[joint]).toBeLessThan(8);
    expect(boneOnly.betweenBones[joint]).toBe(8);
    expect(boneOnly.withinAxial[joint]).toBe(8);
  });
});
