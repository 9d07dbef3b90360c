import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Grid } from '../../core/volume.js';
import { makeLabelMap } from '../../core/volume.js';
import { countDelta, labelVolumesMl, labelVoxelCounts } from './label-volumes.js';
import { paintSphere } from './paint-sphere.js';

const grid = (n: number, spacingMm: number): Grid => ({
  dims: [n, n, n],
  spacingMm: [spacingMm, spacingMm, spacingMm],
  originLps: [0, 0, 0],
  direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
});

describe('labelVolumesMl', () => {
  it('gives 8.000 mL for a 10x10x10 cube at 2 mm, 0 for absent labels', () => {
    const labels = makeLabelMap(grid(13, 2), { sacrum: 1, lesion: 2 });
    for (let k = 1; k <= 10; k++)
      for (let j = 2; j <= 11; j++) for (let i = 3; i <= 12; i++) labels.data[i + 13 * (j + 13 * k)] = 1;
    expect(labelVolumesMl(labels)).toEqual({ sacrum: 8, lesion: 0 });
  });

  it('counts every value exactly from any byte offset and length', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 27, maxLength: 27 }),
        fc.integer({ min: 0, max: 5 }),
        (cells, offset) => {
          const buffer = new Uint8Array(40);
          buffer.set(cells, offset);
          buffer.fill(9, 0, offset);
          buffer.fill(9, offset + 27);
          const labels = makeLabelMap(grid(3, 1), { a: 1, b: 5 }, buffer.subarray(offset, offset + 27));
          const counts = labelVoxelCounts(labels);
          for (let v = 0; v <= 9; v++) expect(counts[v]).toBe(cells.filter((c) => c === v).length);
        },
      ),
      { seed: 2, numRuns: 200 },
    );
  });

  it('keeps counts in step with deltas forward and backward', () => {
    const labels = makeLabelMap(grid(20, 1), { sacrum: 1, lesion: 2 });
    const counts = labelVoxelCounts(labels);
    const a = paintSphere(labels, { label: 1, centerLps: [10, 10, 10], radiusMm: 5, mode: 'paint' });
    countDelta(counts, a, 'forward');
    const b = paintSphere(labels, { label: 2, centerLps: [12, 10, 10], radiusMm: 3, mode: 'paint' });
    countDelta(counts, b, 'forward');
    expect([...counts]).toEqual([...labelVoxelCounts(labels)]);
    countDelta(counts, b, 'backward');
    expect(labelVolumesMl(labels, counts).lesion).toBe(0);
    expect(labelVolumesMl(labels, counts).sacrum).toBeCloseTo(a.indices.length / 1000, 12);
  });
});
