/**
 * Grids for the refinement tests: the same world lattice of voxel centres (LPS mm) stored with
 * LPS, RAS and PIR voxel axes, plus an oblique grid, so that a world-space edit can be checked
 * to give the same world result whatever the voxel axes. Test support only.
 */
import { transformIndexToWorld } from '../../core/geometry.js';
import { cross, fromColumns, mat3MulVec, normalize, type Mat3, type Vec3 } from '../../core/vec.js';
import type { Grid, LabelMap } from '../../core/volume.js';
import { makeLabelMap } from '../../core/volume.js';

const OBLIQUE: Mat3 = (() => {
  const a = normalize([0.9, 0.3, 0.1]);
  const c = normalize(cross(a, normalize([-0.2, 0.8, 0.4])));
  return fromColumns(a, cross(c, a), c);
})();

export const DIRECTIONS: Record<'LPS' | 'RAS' | 'PIR' | 'oblique', Mat3> = {
  LPS: [1, 0, 0, 0, 1, 0, 0, 0, 1],
  RAS: [-1, 0, 0, 0, -1, 0, 0, 0, 1],
  PIR: fromColumns([0, 1, 0], [0, 0, -1], [-1, 0, 0]),
  oblique: OBLIQUE,
};

/**
 * A grid of `n` voxels per side and `spacingMm` whose voxel centres are the same set of LPS
 * points for every axis-aligned direction: the lattice centred on `centreLps`.
 */
export function cubeGrid(direction: Mat3, opts: { n: number; spacingMm: number; centreLps?: Vec3 }): Grid {
  const { n, spacingMm } = opts;
  const c = opts.centreLps ?? [0, 0, 0];
  const h = ((n - 1) / 2) * spacingMm;
  const offset = mat3MulVec(direction, [h, h, h]);
  return {
    dims: [n, n, n],
    spacingMm: [spacingMm, spacingMm, spacingMm],
    originLps: [c[0] - offset[0], c[1] - offset[1], c[2] - offset[2]],
    direction,
  };
}

export function emptyMap(grid: Grid): LabelMap {
  return makeLabelMap(grid, { sacrum: 1, lesion: 2, hip_left: 13 });
}

/** LPS centres of the voxels holding `value`, as sorted strings rounded to 1e-6 mm. */
export function worldSet(labels: LabelMap, value: number): string[] {
  const [nx, ny, nz] = labels.dims;
  const out: string[] = [];
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        if (labels.data[i + nx * (j + ny * k)] !== value) continue;
        const p = transformIndexToWorld(labels, [i, j, k]);
        out.push(p.map((x) => (Math.round(x * 1e6) / 1e6 + 0).toFixed(6)).join(','));
      }
  return out.sort();
}

/** Sets `value` at the voxel whose centre is the LPS point p (must lie on a voxel centre). */
export function setAtWorld(labels: LabelMap, p: Vec3, value: number): void {
  const idx = indexAtWorld(labels, p);
  labels.data[idx] = value;
}

export function indexAtWorld(grid: Grid, p: Vec3): number {
  const d = grid.direction;
  const s = grid.spacingMm;
  const q = [p[0] - grid.originLps[0], p[1] - grid.originLps[1], p[2] - grid.originLps[2]];
  // D is orthonormal: D^-1 = D^T
  const ijk = [0, 1, 2].map((c) => Math.round((d[c] * q[0] + d[3 + c] * q[1] + d[6 + c] * q[2]) / s[c]));
  const [nx, ny] = grid.dims;
  return ijk[0] + nx * (ijk[1] + ny * ijk[2]);
}
