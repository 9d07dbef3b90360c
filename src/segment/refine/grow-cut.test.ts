import { describe, expect, it } from 'vitest';
import { InputError } from '../../core/errors.js';
import { transformIndexToWorld } from '../../core/geometry.js';
import type { Vec3 } from '../../core/vec.js';
import { makeVolume, voxelCount } from '../../core/volume.js';
import { growCut } from './grow-cut.js';
import { cubeGrid, DIRECTIONS, emptyMap, worldSet } from './test-grids.js';

/** A 12-voxel cube lattice (1 mm) where HU = 400 for patient x > 0 and 0 elsewhere, + ripple. */
function halves(direction: (typeof DIRECTIONS)['LPS']) {
  const grid = cubeGrid(direction, { n: 12, spacingMm: 1 });
  const hu = new Int16Array(voxelCount(grid));
  const [nx, ny] = grid.dims;
  for (let idx = 0; idx < hu.length; idx++) {
    const p = transformIndexToWorld(grid, [idx % nx, Math.floor(idx / nx) % ny, Math.floor(idx / (nx * ny))]);
    hu[idx] = (p[0] > 0 ? 400 : 0) + ((idx * 7) % 5); // a little texture, far below the edge
  }
  return { labels: emptyMap(grid), ct: makeVolume(grid, hu) };
}

describe('growCut', () => {
  for (const name of ['LPS', 'RAS', 'PIR'] as const) {
    it(`splits the region of interest along the strong edge (${name})`, () => {
      const { labels, ct } = halves(DIRECTIONS[name]);
      const delta = growCut(labels, ct, {
        label: 2,
        foregroundLps: [[3.5, 0.5, 0.5]],
        backgroundLps: [[-3.5, 0.5, 0.5]],
        marginMm: 50,
      });
      const set = worldSet(labels, 2);
      expect(set.length).toBe(6 * 12 * 12);
      expect(set.every((p) => Number(p.split(',')[0]) > 0)).toBe(true);
      expect(delta.indices.length).toBe(864);
    });
  }

  it('gives foreground to the label and takes the label away where the background wins', () => {
    const { labels, ct } = halves(DIRECTIONS.LPS);
    labels.data.fill(2); // all lesion to begin with
    labels.data[0] = 1; // a protected sacrum voxel (at patient x < 0)
    const delta = growCut(labels, ct, {
      label: 2,
      foregroundLps: [[3.5, 0.5, 0.5]],
      backgroundLps: [[-3.5, 0.5, 0.5]],
      marginMm: 50,
      protect: [1],
    });
    expect(delta.indices.length).toBe(6 * 144 - 1);
    expect(labels.data[0]).toBe(1);
    expect(worldSet(labels, 2).every((p) => Number(p.split(',')[0]) > 0)).toBe(true);
  });

  it('changes only the region of interest around the seeds', () => {
    const { labels, ct } = halves(DIRECTIONS.LPS);
    const fg: Vec3 = [1.5, 0.5, 0.5];
    growCut(labels, ct, { label: 2, foregroundLps: [fg], backgroundLps: [[-1.5, 0.5, 0.5]], marginMm: 2 });
    for (const p of worldSet(labels, 2)) {
      const [x, y, z] = p.split(',').map(Number);
      expect(Math.abs(x - 0) <= 4 && Math.abs(y - 0.5) <= 2 && Math.abs(z - 0.5) <= 2).toBe(true);
    }
    expect(worldSet(labels, 2).length).toBeGreaterThan(0);
  });

  it('refuses a seed outside the grid with the field named', () => {
    const { labels, ct } = halves(DIRECTIONS.LPS);
    expect(() =>
      growCut(labels, ct, { label: 2, foregroundLps: [[3.5, 0.5, 0.5]], backgroundLps: [[500, 0, 0]] }),
    ).toThrow(/outside the 12x12x12 grid/);
  });

  it('needs seeds of both kinds on editable voxels', () => {
    const { labels, ct } = halves(DIRECTIONS.LPS);
    expect(() =>
      growCut(labels, ct, { label: 2, foregroundLps: [[3.5, 0.5, 0.5]], backgroundLps: [] }),
    ).toThrow(InputError);
    labels.data.fill(1);
    expect(() =>
      growCut(labels, ct, {
        label: 2,
        foregroundLps: [[3.5, 0.5, 0.5]],
        backgroundLps: [[-3.5, 0.5, 0.5]],
        protect: [1],
      }),
    ).toThrow(/foreground and a background seed/);
  });
});
