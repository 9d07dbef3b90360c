import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { InputError } from '../../core/errors.js';
import { transformIndexToWorld } from '../../core/geometry.js';
import { mat3MulVec, type Vec3 } from '../../core/vec.js';
import type { Grid, LabelMap } from '../../core/volume.js';
import { makeLabelMap } from '../../core/volume.js';
import { ballOffsets } from './ball-offsets.js';
import { smoothLabel } from './smooth-label.js';
import { cubeGrid, DIRECTIONS, emptyMap, setAtWorld, worldSet } from './test-grids.js';

/**
 * The textbook definition, O(N²): erosion keeps x when no in-grid background voxel lies within
 * r; dilation adds p when a set voxel lies within r; opening then closing.
 */
function naiveSmooth(grid: Grid, mask: Uint8Array, r: number): Uint8Array {
  const [nx, ny, nz] = grid.dims;
  const n = nx * ny * nz;
  const pts: Vec3[] = [];
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) pts.push(transformIndexToWorld(grid, [i, j, k]));
  const near = (a: number, b: number): boolean =>
    Math.hypot(pts[a][0] - pts[b][0], pts[a][1] - pts[b][1], pts[a][2] - pts[b][2]) <= r + 1e-6;
  const erode = (m: Uint8Array): Uint8Array =>
    Uint8Array.from(m, (v, p) => {
      if (!v) return 0;
      for (let q = 0; q < n; q++) if (!m[q] && near(p, q)) return 0;
      return 1;
    });
  const dilate = (m: Uint8Array): Uint8Array =>
    Uint8Array.from(m, (v, p) => {
      if (v) return 1;
      for (let q = 0; q < n; q++) if (m[q] && near(p, q)) return 1;
      return 0;
    });
  return erode(dilate(dilate(erode(mask))));
}

describe('smoothLabel', () => {
  it('rounds off the 12 edges of a 9x9x9 cube with a 1 mm ball (729 - 12 x 7 - 8 = 637 voxels)', () => {
    const labels = emptyMap(cubeGrid(DIRECTIONS.LPS, { n: 15, spacingMm: 1 }));
    for (let x = -4; x <= 4; x++)
      for (let y = -4; y <= 4; y++) for (let z = -4; z <= 4; z++) setAtWorld(labels, [x, y, z], 1);
    const delta = smoothLabel(labels, { label: 1, radiusMm: 1 });
    expect(delta.indices.length).toBe(92);
    expect(worldSet(labels, 1).length).toBe(637);
  });

  for (const [name, direction] of Object.entries(DIRECTIONS)) {
    it(`removes a speck and a one-voxel spike, fills a cavity, keeps other labels (${name})`, () => {
      const labels = emptyMap(cubeGrid(direction, { n: 17, spacingMm: 1 }));
      const set = (p: Vec3, v: number): void => setAtWorld(labels, mat3MulVec(direction, p), v);
      // a ball of radius 5 mm, a spike on it, a one-voxel cavity, a speck, and a lesion voxel in it
      for (let x = -5; x <= 5; x++)
        for (let y = -5; y <= 5; y++)
          for (let z = -5; z <= 5; z++) if (x * x + y * y + z * z <= 25) set([x, y, z], 1);
      for (let z = 6; z <= 7; z++) set([0, 0, z], 1);
      set([0, 0, -3], 0);
      set([6, 6, 6], 1);
      set([-4, 0, 3], 2);
      const before = emptyMap(labels);
      before.data.set(labels.data);
      smoothLabel(labels, { label: 1, radiusMm: 1.5 });
      const at = (p: Vec3): number => {
        const probe = emptyMap(labels);
        setAtWorld(probe, mat3MulVec(direction, p), 1);
        return labels.data[probe.data.indexOf(1)];
      };
      expect(at([0, 0, 7])).toBe(0);
      expect(at([6, 6, 6])).toBe(0);
      expect(at([0, 0, -3])).toBe(1);
      expect(at([0, 0, 0])).toBe(1);
      expect(at([-4, 0, 3])).toBe(2);
      expect(worldSet(labels, 2)).toEqual(worldSet(before, 2));
    });
  }

  it('equals the textbook opening + closing on random masks, grids and radii', () => {
    const grids: Grid[] = Object.values(DIRECTIONS).map((direction) => ({
      dims: [9, 7, 6],
      spacingMm: [0.8, 1.1, 1.6],
      originLps: [3, -2, 5],
      direction,
    }));
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: grids.length - 1 }),
        fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 378, maxLength: 378 }),
        fc.double({ min: 0.7, max: 3.6, noNaN: true }),
        (g, cells, r) => {
          const grid = grids[g];
          const labels: LabelMap = makeLabelMap(
            grid,
            { sacrum: 1, lesion: 2 },
            Uint8Array.from(cells, (c) => (c < 6 ? 1 : c === 9 ? 2 : 0)),
          );
          const mask = Uint8Array.from(labels.data, (v) => (v === 1 ? 1 : 0));
          const expected = naiveSmooth(grid, mask, r);
          const original = labels.data.slice();
          const delta = smoothLabel(labels, { label: 1, radiusMm: r });
          for (let p = 0; p < original.length; p++) {
            const want = expected[p] ? (original[p] === 2 ? 2 : 1) : original[p] === 1 ? 0 : original[p];
            if (labels.data[p] !== want) expect({ p, got: labels.data[p], want }).toBeNull();
          }
          for (let t = 1; t < delta.indices.length; t++)
            expect(delta.indices[t]).toBeGreaterThan(delta.indices[t - 1]);
        },
      ),
      { seed: 11, numRuns: 60 },
    );
  });

  it('equals the definition with ball offsets for blobs well inside a larger grid (box margins)', () => {
    fc.assert(
      fc.property(
        fc.record({
          direction: fc.constantFrom(...Object.values(DIRECTIONS)),
          cells: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 512, maxLength: 512 }),
          r: fc.double({ min: 0.8, max: 3.2, noNaN: true }),
          shift: fc.integer({ min: 0, max: 14 }),
        }),
        ({ direction, cells, r, shift }) => {
          const grid: Grid = {
            dims: [26, 22, 24],
            spacingMm: [0.9, 1, 1.2],
            originLps: [0, 0, 0],
            direction,
          };
          const [nx, ny] = grid.dims;
          const labels = makeLabelMap(grid, { sacrum: 1 });
          // an 8x8x8 random blob somewhere inside, plus a far speck
          for (let t = 0; t < 512; t++) {
            const i = 2 + shift + (t % 8);
            const j = 7 + (Math.floor(t / 8) % 8);
            const k = 8 + Math.floor(t / 64);
            if (cells[t] < 6) labels.data[i + nx * (j + ny * k)] = 1;
          }
          labels.data[25 + nx * (21 + ny * 23)] = 1;
          const mask = Uint8Array.from(labels.data);
          const ball = ballOffsets(grid, r);
          const n = mask.length;
          const step = (m: Uint8Array, erode: boolean): Uint8Array =>
            Uint8Array.from({ length: n }, (_, p) => {
              if (erode ? !m[p] : m[p]) return m[p];
              const i = p % nx;
              const j = Math.floor(p / nx) % ny;
              const k = Math.floor(p / (nx * ny));
              for (let t = 0; t < ball.di.length; t++) {
                const a = i + ball.di[t];
                const b = j + ball.dj[t];
                const c = k + ball.dk[t];
                if (a < 0 || a >= nx || b < 0 || b >= ny || c < 0 || c >= grid.dims[2]) continue;
                const q = a + nx * (b + ny * c);
                if (erode ? !m[q] : m[q]) return erode ? 0 : 1;
              }
              return m[p];
            });
          const expected = step(step(step(step(mask, true), false), false), true);
          smoothLabel(labels, { label: 1, radiusMm: r });
          let wrong = 0;
          for (let p = 0; p < n; p++) if (labels.data[p] !== expected[p]) wrong++;
          expect(wrong).toBe(0);
        },
      ),
      { seed: 21, numRuns: 25 },
    );
  });

  it('refuses a bad radius and does nothing for an absent label', () => {
    const labels = emptyMap(cubeGrid(DIRECTIONS.LPS, { n: 5, spacingMm: 1 }));
    expect(() => smoothLabel(labels, { label: 1, radiusMm: 0 })).toThrow(InputError);
    expect(smoothLabel(labels, { label: 1, radiusMm: 2 }).indices.length).toBe(0);
  });
});
