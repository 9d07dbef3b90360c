import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { connectedComponents } from '../../core/connected-components.js';
import { InputError } from '../../core/errors.js';
import { transformIndexToWorld } from '../../core/geometry.js';
import type { Vec3 } from '../../core/vec.js';
import type { Grid } from '../../core/volume.js';
import { makeVolume, voxelCount } from '../../core/volume.js';
import { growFromSeeds } from './grow-from-seeds.js';
import { cubeGrid, DIRECTIONS, emptyMap, indexAtWorld, worldSet } from './test-grids.js';
import { visitedBits } from './visited-bits.js';

const lpsGrid = (dims: Vec3): Grid => ({
  dims,
  spacingMm: [1, 1, 1],
  originLps: [0, 0, 0],
  direction: DIRECTIONS.LPS,
});

/** CT of `dims` (1 mm, LPS, origin 0) with 500 HU in the listed index boxes, 0 elsewhere. */
function blocksCt(dims: Vec3, blocks: [Vec3, Vec3][]) {
  const grid = lpsGrid(dims);
  const hu = new Int16Array(voxelCount(grid));
  for (const [lo, hi] of blocks)
    for (let k = lo[2]; k <= hi[2]; k++)
      for (let j = lo[1]; j <= hi[1]; j++)
        for (let i = lo[0]; i <= hi[0]; i++) hu[i + dims[0] * (j + dims[1] * k)] = 500;
  return makeVolume(grid, hu);
}

const bone = { minHu: 200, maxHu: 3000 };

describe('growFromSeeds', () => {
  it('fills the connected in-range region: two 27-voxel blocks and a one-voxel bridge = 55', () => {
    const ct = blocksCt(
      [10, 6, 4],
      [
        [
          [1, 1, 0],
          [3, 3, 2],
        ],
        [
          [5, 1, 0],
          [7, 3, 2],
        ],
        [
          [4, 2, 1],
          [4, 2, 1],
        ],
      ],
    );
    const labels = emptyMap(ct);
    const delta = growFromSeeds(labels, ct, { label: 1, seedsLps: [[2, 2, 1]], ...bone });
    expect(delta.indices.length).toBe(55);
    expect(labels.data.reduce((s, v) => s + v, 0)).toBe(55);
    expect(visitedBits(1).every((w) => w === 0)).toBe(true);
  });

  it('honours connectivity: an edge contact joins only with 18 or 26', () => {
    const blocks: [Vec3, Vec3][] = [
      [
        [1, 1, 0],
        [3, 3, 2],
      ],
      [
        [4, 0, 0],
        [4, 0, 0],
      ], // touches (3, 1, 0) along an edge
    ];
    const ct = blocksCt([10, 6, 4], blocks);
    for (const [connectivity, n] of [
      [6, 27],
      [18, 28],
      [26, 28],
    ] as const) {
      const labels = emptyMap(ct);
      expect(
        growFromSeeds(labels, ct, { label: 1, seedsLps: [[2, 2, 1]], ...bone, connectivity }).indices.length,
      ).toBe(n);
    }
  });

  it('stops at maxVolumeMl (exactly floor(limit / voxel volume) voxels, connected)', () => {
    const ct = blocksCt(
      [33, 5, 5],
      [
        [
          [0, 0, 0],
          [32, 4, 4],
        ],
      ],
    );
    const labels = emptyMap(ct);
    const delta = growFromSeeds(labels, ct, {
      label: 1,
      seedsLps: [[16, 2, 2]],
      ...bone,
      maxVolumeMl: 0.0105,
    });
    expect(delta.indices.length).toBe(10);
    const { sizes } = connectedComponents(labels, labels.data, 6);
    expect(sizes.slice(1)).toEqual([10]);
    expect(visitedBits(1).every((w) => w === 0)).toBe(true);
  });

  it('treats protected labels as walls and counts voxels already of the label as region', () => {
    const ct = blocksCt(
      [9, 3, 3],
      [
        [
          [0, 0, 0],
          [8, 2, 2],
        ],
      ],
    );
    const labels = emptyMap(ct);
    for (let j = 0; j < 3; j++) for (let k = 0; k < 3; k++) labels.data[4 + 9 * (j + 3 * k)] = 2; // a wall at i = 4
    labels.data[0] = 1;
    const delta = growFromSeeds(labels, ct, { label: 1, seedsLps: [[1, 1, 1]], ...bone, protect: [2] });
    expect(delta.indices.length).toBe(4 * 9 - 1);
    expect([...new Set(delta.before)]).toEqual([0]);
  });

  it('gives the same world region on LPS, RAS and PIR grids', () => {
    const sets = (['LPS', 'RAS', 'PIR'] as const).map((name) => {
      const grid = cubeGrid(DIRECTIONS[name], { n: 8, spacingMm: 1 });
      const hu = new Int16Array(voxelCount(grid));
      for (let idx = 0; idx < hu.length; idx++) {
        const [nx, ny] = grid.dims;
        const p = transformIndexToWorld(grid, [
          idx % nx,
          Math.floor(idx / nx) % ny,
          Math.floor(idx / (nx * ny)),
        ]);
        // an L-shaped bone in world space plus a detached speck
        if ((p[0] < 0 && p[1] < 1) || (p[2] > 2 && p[0] < 0) || (p[0] > 3 && p[1] > 3)) hu[idx] = 700;
      }
      const labels = emptyMap(grid);
      const ct = makeVolume(grid, hu);
      growFromSeeds(labels, ct, { label: 1, seedsLps: [[-1.5, -1.5, -1.5]], ...bone });
      return worldSet(labels, 1);
    });
    expect(sets[0].length).toBeGreaterThan(20);
    expect(sets[1]).toEqual(sets[0]);
    expect(sets[2]).toEqual(sets[0]);
  });

  it('equals the component of the seed (core flood fill) on random volumes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 13 * 7 * 5, maxLength: 13 * 7 * 5 }),
        fc.integer({ min: 0, max: 13 * 7 * 5 - 1 }),
        fc.constantFrom(6, 18, 26),
        (cells, seed, connectivity) => {
          const grid = lpsGrid([13, 7, 5]);
          const hu = Int16Array.from(cells, (c) => (c < 6 ? 500 : 0));
          const labels = emptyMap(grid);
          for (let i = 0; i < cells.length; i++) if (cells[i] === 0) labels.data[i] = 2;
          const ct = makeVolume(grid, hu);
          const open = Uint8Array.from(cells, (_c, i) => (hu[i] >= 200 && labels.data[i] !== 2 ? 1 : 0));
          const seedLps = transformIndexToWorld(grid, [
            seed % 13,
            Math.floor(seed / 13) % 7,
            Math.floor(seed / 91),
          ]);
          if (!open[seed]) {
            expect(() =>
              growFromSeeds(labels, ct, { label: 1, seedsLps: [seedLps], ...bone, protect: [2] }),
            ).toThrow(InputError);
            return;
          }
          const { ids } = connectedComponents(grid, open, connectivity);
          const expected = [...ids.keys()].filter((i) => ids[i] === ids[seed]);
          const delta = growFromSeeds(labels, ct, {
            label: 1,
            seedsLps: [seedLps],
            ...bone,
            protect: [2],
            connectivity,
          });
          expect([...delta.indices]).toEqual(expected);
          expect(visitedBits(1).every((w) => w === 0)).toBe(true);
        },
      ),
      { seed: 7, numRuns: 120 },
    );
  });

  it('refuses seeds outside the grid and seeds on no in-range voxel', () => {
    const ct = blocksCt(
      [5, 5, 5],
      [
        [
          [0, 0, 0],
          [1, 1, 1],
        ],
      ],
    );
    const labels = emptyMap(ct);
    expect(() => growFromSeeds(labels, ct, { label: 1, seedsLps: [[40, 0, 0]], ...bone })).toThrow(
      /outside the 5x5x5 grid/,
    );
    expect(() => growFromSeeds(labels, ct, { label: 1, seedsLps: [[4, 4, 4]], ...bone })).toThrow(
      /no seed lies/,
    );
    expect(() => growFromSeeds(labels, ct, { label: 1, seedsLps: [], ...bone })).toThrow(InputError);
    expect(indexAtWorld(ct, [1, 1, 1])).toBe(31);
  });
});
