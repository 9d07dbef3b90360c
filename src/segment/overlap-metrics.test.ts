import { describe, expect, it } from 'vitest';
import { dice, hausdorff95 } from './overlap-metrics.js';

const grid = {
  dims: [10, 1, 1] as const,
  spacingMm: [2, 1, 1] as const,
  originLps: [0, 0, 0] as const,
  direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] as const,
};

describe('overlap metrics', () => {
  it('gives Dice 2|A∩B|/(|A|+|B|)', () => {
    expect(dice([1, 1, 1, 1, 0], [0, 1, 1, 1, 1])).toBeCloseTo(0.75, 10);
    expect(dice([0, 0], [0, 0])).toBe(1);
  });

  it('measures surface distance in mm', () => {
    const a = [0, 1, 1, 1, 0, 0, 0, 0, 0, 0];
    const b = [0, 0, 0, 1, 1, 1, 0, 0, 0, 0];
    // surfaces: a {1,3}, b {3,5}: distances a->b {2 voxels, 0}, b->a {0, 2 voxels}; 2 voxels = 4 mm
    expect(hausdorff95(grid, a, b)).toBe(4);
    expect(hausdorff95(grid, a, a)).toBe(0);
    expect(hausdorff95(grid, a, new Array(10).fill(0))).toBe(Infinity);
  });
});
