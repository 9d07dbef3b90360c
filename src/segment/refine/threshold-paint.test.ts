import { describe, expect, it } from 'vitest';
import { InputError } from '../../core/errors.js';
import { transformIndexToWorld } from '../../core/geometry.js';
import { makeVolume, voxelCount } from '../../core/volume.js';
import { thresholdPaint } from './threshold-paint.js';
import { cubeGrid, DIRECTIONS, emptyMap, worldSet } from './test-grids.js';

describe('thresholdPaint', () => {
  for (const [name, direction] of Object.entries(DIRECTIONS)) {
    it(`paints only in-range voxels inside the sphere (${name})`, () => {
      const grid = cubeGrid(direction, { n: 9, spacingMm: 1 });
      const labels = emptyMap(grid);
      // HU = 100 * patient x (mm): the sphere of radius 2 at 0 holds x = -2..2
      const hu = new Int16Array(voxelCount(grid));
      const [nx, ny] = grid.dims;
      for (let k = 0; k < 9; k++)
        for (let j = 0; j < 9; j++)
          for (let i = 0; i < 9; i++)
            hu[i + nx * (j + ny * k)] = Math.round(100 * transformIndexToWorld(grid, [i, j, k])[0]);
      const ct = makeVolume(grid, hu);
      const delta = thresholdPaint(labels, ct, {
        label: 1,
        centerLps: [0, 0, 0],
        radiusMm: 2,
        minHu: 100,
        maxHu: 1000,
      });
      // brute force: voxels within 2 mm whose HU is in range
      let expected = 0;
      for (let idx = 0; idx < hu.length; idx++) {
        const i = idx % nx;
        const j = Math.floor(idx / nx) % ny;
        const k = Math.floor(idx / (nx * ny));
        const p = transformIndexToWorld(grid, [i, j, k]);
        if (Math.hypot(...p) <= 2 + 1e-6 && hu[idx] >= 100) expected++;
      }
      expect(delta.indices.length).toBe(expected);
      for (const idx of delta.indices) expect(ct.data[idx]).toBeGreaterThanOrEqual(100);
      if (name !== 'oblique') {
        // x = 1 mm: the 9 offsets (1, dj, dk) with |dj|, |dk| <= 1 (1 + 2 <= 4); x = 2 mm: 1
        expect(delta.indices.length).toBe(10);
        expect(worldSet(labels, 1).every((p) => Number(p.split(',')[0]) >= 1)).toBe(true);
      }
      const erased = thresholdPaint(labels, ct, {
        label: 1,
        centerLps: [0, 0, 0],
        radiusMm: 2,
        minHu: 150,
        maxHu: 1000,
        mode: 'erase',
      });
      for (const idx of erased.indices) expect(ct.data[idx]).toBeGreaterThanOrEqual(150);
    });
  }

  it('refuses a CT on another grid and an inverted range', () => {
    const grid = cubeGrid(DIRECTIONS.LPS, { n: 5, spacingMm: 1 });
    const labels = emptyMap(grid);
    const other = makeVolume(cubeGrid(DIRECTIONS.RAS, { n: 5, spacingMm: 1 }), new Int16Array(125));
    const edit = { label: 1, centerLps: [0, 0, 0] as const, radiusMm: 2, minHu: 0, maxHu: 10 };
    expect(() => thresholdPaint(labels, other, edit)).toThrow(InputError);
    const ct = makeVolume(grid, new Int16Array(125));
    expect(() => thresholdPaint(labels, ct, { ...edit, minHu: 20 })).toThrow(/minHu 20 is above maxHu 10/);
  });
});
