import { describe, expect, it } from 'vitest';
import { gaussianSmooth } from './gaussian.js';
import { makeVolume } from './volume.js';

const grid = {
  dims: [21, 1, 1] as const,
  spacingMm: [0.5, 1, 1] as const,
  originLps: [0, 0, 0] as const,
  direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] as const,
};

describe('gaussianSmooth', () => {
  it('spreads an impulse into a normalised Gaussian of the given width in mm', () => {
    const data = new Float32Array(21);
    data[10] = 1;
    const out = gaussianSmooth(makeVolume(grid, data), 1).data; // sigma 2 voxels
    const sum = out.reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(1, 3); // edge renormalisation adds < 1e-3 here
    expect(out[12] / out[10]).toBeCloseTo(Math.exp(-0.5), 5);
    expect(data[10]).toBe(1);
  });

  it('keeps a constant image constant, edges included', () => {
    const out = gaussianSmooth(makeVolume(grid, new Float32Array(21).fill(7)), 2).data;
    for (const v of out) expect(v).toBeCloseTo(7, 5);
  });
});
