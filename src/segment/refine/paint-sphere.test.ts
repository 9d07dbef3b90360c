import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { InputError } from '../../core/errors.js';
import { transformIndexToWorld } from '../../core/geometry.js';
import type { Vec3 } from '../../core/vec.js';
import type { Grid, LabelMap } from '../../core/volume.js';
import { makeLabelMap } from '../../core/volume.js';
import { paintSphere } from './paint-sphere.js';
import { SPHERE_TOLERANCE_MM, sphereIndexBox } from './index-box.js';
import { cubeGrid, DIRECTIONS, emptyMap, setAtWorld, worldSet } from './test-grids.js';

/** The obvious answer: every voxel of the grid whose centre is within r of c. */
function bruteForceSphere(grid: Grid, c: Vec3, r: number): number[] {
  const [nx, ny, nz] = grid.dims;
  const out: number[] = [];
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        const p = transformIndexToWorld(grid, [i, j, k]);
        if (Math.hypot(p[0] - c[0], p[1] - c[1], p[2] - c[2]) <= r + SPHERE_TOLERANCE_MM)
          out.push(i + nx * (j + ny * k));
      }
  return out;
}

describe('paintSphere', () => {
  // Radius 2 mm on a 1 mm grid, centre on a voxel centre: offsets with di²+dj²+dk² <= 4:
  // 1 (centre) + 6 (distance 1) + 12 (√2) + 8 (√3) + 6 (distance 2) = 33 voxels.
  for (const [name, direction] of Object.entries(DIRECTIONS)) {
    it(`paints exactly the 33 voxels within 2 mm on a 1 mm ${name} grid`, () => {
      const labels = emptyMap(cubeGrid(direction, { n: 9, spacingMm: 1 }));
      const delta = paintSphere(labels, { label: 1, centerLps: [0, 0, 0], radiusMm: 2, mode: 'paint' });
      expect(delta.indices.length).toBe(33);
      expect(labels.data.reduce((s, v) => s + v, 0)).toBe(33);
      expect([...delta.before]).toEqual(new Array(33).fill(0));
      expect([...delta.after]).toEqual(new Array(33).fill(1));
      for (let t = 1; t < delta.indices.length; t++)
        expect(delta.indices[t]).toBeGreaterThan(delta.indices[t - 1]);
    });
    it(`paints the 7-voxel cross for radius 1 mm (${name})`, () => {
      const labels = emptyMap(cubeGrid(direction, { n: 5, spacingMm: 1 }));
      expect(
        paintSphere(labels, { label: 2, centerLps: [0, 0, 0], radiusMm: 1, mode: 'paint' }).indices.length,
      ).toBe(7);
    });
  }

  it('gives the same world voxels for LPS, RAS and PIR axes (same lattice)', () => {
    const sets = (['LPS', 'RAS', 'PIR'] as const).map((name) => {
      const labels = emptyMap(cubeGrid(DIRECTIONS[name], { n: 12, spacingMm: 1.5 }));
      paintSphere(labels, { label: 1, centerLps: [0.4, -1.1, 2.3], radiusMm: 4.2, mode: 'paint' });
      return worldSet(labels, 1);
    });
    expect(sets[0].length).toBeGreaterThan(50);
    expect(sets[1]).toEqual(sets[0]);
    expect(sets[2]).toEqual(sets[0]);
  });

  it('equals the brute-force sphere on anisotropic and oblique grids, incl. spheres cut by the edge', () => {
    const grids: Grid[] = Object.values(DIRECTIONS).map((direction) => ({
      dims: [13, 9, 7],
      spacingMm: [0.7, 1.3, 2.1],
      originLps: [-4, 3, -6],
      direction,
    }));
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: grids.length - 1 }),
        fc.tuple(
          fc.double({ min: -12, max: 12, noNaN: true }),
          fc.double({ min: -5, max: 20, noNaN: true }),
          fc.double({ min: -20, max: 10, noNaN: true }),
        ),
        fc.double({ min: 0.3, max: 9, noNaN: true }),
        (g, c, r) => {
          const labels = emptyMap(grids[g]);
          const delta = paintSphere(labels, { label: 13, centerLps: c, radiusMm: r, mode: 'paint' });
          expect([...delta.indices]).toEqual(bruteForceSphere(grids[g], c, r));
        },
      ),
      { seed: 4, numRuns: 150 },
    );
  });

  it('visits only the index box of the sphere, which is tight on an axis-aligned grid', () => {
    const grid = cubeGrid(DIRECTIONS.PIR, { n: 20, spacingMm: 1 });
    const box = sphereIndexBox(grid, { centerLps: [0.5, 0.5, 0.5], radiusMm: 3 }); // voxel centre
    expect([box.i1 - box.i0, box.j1 - box.j0, box.k1 - box.k0]).toEqual([6, 6, 6]);
  });

  it('erase removes only voxels of that label; paint keeps protected labels', () => {
    const labels = emptyMap(cubeGrid(DIRECTIONS.RAS, { n: 7, spacingMm: 1 }));
    setAtWorld(labels, [1, 0, 0], 2); // lesion inside the brush
    setAtWorld(labels, [0, 1, 0], 13); // hip inside the brush
    const painted = paintSphere(labels, {
      label: 1,
      centerLps: [0, 0, 0],
      radiusMm: 1,
      mode: 'paint',
      protect: [2],
    });
    expect(painted.indices.length).toBe(6); // 7 - the protected lesion voxel
    expect(worldSet(labels, 2)).toEqual(['1.000000,0.000000,0.000000']);
    expect([...painted.before].sort()).toEqual([0, 0, 0, 0, 0, 13]);
    const erased = paintSphere(labels, { label: 1, centerLps: [0, 0, 0], radiusMm: 5, mode: 'erase' });
    expect(erased.indices.length).toBe(6);
    expect([...erased.after]).toEqual([0, 0, 0, 0, 0, 0]);
    expect(worldSet(labels, 2).length).toBe(1);
  });

  it('returns an empty delta for a sphere outside the grid and when nothing changes', () => {
    const labels = emptyMap(cubeGrid(DIRECTIONS.LPS, { n: 5, spacingMm: 1 }));
    expect(
      paintSphere(labels, { label: 1, centerLps: [100, 0, 0], radiusMm: 3, mode: 'paint' }).indices.length,
    ).toBe(0);
    paintSphere(labels, { label: 1, centerLps: [0, 0, 0], radiusMm: 1, mode: 'paint' });
    expect(
      paintSphere(labels, { label: 1, centerLps: [0, 0, 0], radiusMm: 1, mode: 'paint' }).indices.length,
    ).toBe(0);
  });

  it('refuses bad edits with an InputError naming the field, leaving the map untouched', () => {
    const labels = emptyMap(cubeGrid(DIRECTIONS.LPS, { n: 5, spacingMm: 1 }));
    const bad: [Partial<Parameters<typeof paintSphere>[1]>, string][] = [
      [{ label: 0 }, 'label'],
      [{ label: 300 }, 'label'],
      [{ radiusMm: -1 }, 'radiusMm'],
      [{ radiusMm: NaN }, 'radiusMm'],
      [{ centerLps: [0, Infinity, 0] }, 'centerLps'],
      [{ mode: 'fill' as 'paint' }, 'mode'],
      [{ protect: [1.5] }, 'protect'],
    ];
    for (const [patch, field] of bad) {
      const edit = { label: 1, centerLps: [0, 0, 0] as Vec3, radiusMm: 2, mode: 'paint' as const, ...patch };
      let error: unknown;
      try {
        paintSphere(labels, edit);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).where.field).toBe(field);
    }
    expect(labels.data.every((v) => v === 0)).toBe(true);
  });

  it('works on a map whose data is a view into a larger buffer', () => {
    const grid = cubeGrid(DIRECTIONS.LPS, { n: 5, spacingMm: 1 });
    const buffer = new Uint8Array(200);
    const labels: LabelMap = makeLabelMap(grid, { sacrum: 1 }, buffer.subarray(3, 128));
    paintSphere(labels, { label: 1, centerLps: [0, 0, 0], radiusMm: 1, mode: 'paint' });
    expect(buffer.reduce((s, v) => s + v, 0)).toBe(7);
  });
});
