/**
 * Index-space boxes that limit the work of an edit: the box of a world-space sphere, and the
 * box of one label found by a word-at-a-time scan (4 voxels per 32-bit read, the empty
 * background skipped), about 20 ms for 70 million voxels.
 */
import { worldToIndexMap, applyWorldToIndex } from '../../core/geometry.js';
import type { Vec3 } from '../../core/vec.js';
import type { Grid, LabelMap } from '../../core/volume.js';
import type { BoxLayout } from './row-runs.js';

/** Voxels i0..i1, j0..j1, k0..k1, all bounds inclusive. Empty when i1 < i0 (or j, k). */
export interface IndexBox {
  readonly i0: number;
  readonly j0: number;
  readonly k0: number;
  readonly i1: number;
  readonly j1: number;
  readonly k1: number;
}

export function isEmptyBox(box: IndexBox): boolean {
  return box.i1 < box.i0 || box.j1 < box.j0 || box.k1 < box.k0;
}

/**
 * Half-extent in voxels, along i, j and k, of a world-space ball of radius `radiusMm`: the ball
 * maps to an ellipsoid in index space whose extent along axis d is r·|row d of the world->index
 * matrix| (r / spacing for an orthonormal direction).
 */
export function ballExtentVoxels(grid: Grid, radiusMm: number): Vec3 {
  const m = worldToIndexMap(grid).m;
  return [
    radiusMm * Math.hypot(m[0], m[1], m[2]),
    radiusMm * Math.hypot(m[3], m[4], m[5]),
    radiusMm * Math.hypot(m[6], m[7], m[8]),
  ];
}

/**
 * Distance slack (mm) of every sphere and ball test, so that voxel centres exactly on the
 * sphere count as inside whatever the rounding of an oblique transform.
 */
export const SPHERE_TOLERANCE_MM = 1e-6;

/** Voxels whose centres may lie within `radiusMm` (+ SPHERE_TOLERANCE_MM) of `centerLps`, clamped. */
export function sphereIndexBox(grid: Grid, sphere: { centerLps: Vec3; radiusMm: number }): IndexBox {
  const c = applyWorldToIndex(worldToIndexMap(grid), sphere.centerLps);
  const e = ballExtentVoxels(grid, sphere.radiusMm + SPHERE_TOLERANCE_MM);
  const lo = [0, 1, 2].map((d) => Math.max(0, Math.ceil(c[d] - e[d] - 1e-9)));
  const hi = [0, 1, 2].map((d) => Math.min(grid.dims[d] - 1, Math.floor(c[d] + e[d] + 1e-9)));
  return { i0: lo[0], j0: lo[1], k0: lo[2], i1: hi[0], j1: hi[1], k1: hi[2] };
}

/** The smallest box holding every voxel equal to `value`, or null when there is none. */
export function labelIndexBox(labels: LabelMap, value: number): IndexBox | null {
  const data = labels.data;
  const [nx, ny] = labels.dims;
  const nxy = nx * ny;
  let i0 = Infinity;
  let j0 = Infinity;
  let k0 = Infinity;
  let i1 = -1;
  let j1 = -1;
  let k1 = -1;
  const visit = (idx: number): void => {
    const k = Math.floor(idx / nxy);
    const r = idx - k * nxy;
    const j = Math.floor(r / nx);
    const i = r - j * nx;
    if (i < i0) i0 = i;
    if (i > i1) i1 = i;
    if (j < j0) j0 = j;
    if (j > j1) j1 = j;
    if (k < k0) k0 = k;
    if (k > k1) k1 = k;
  };
  const head = Math.min(data.length, (4 - (data.byteOffset & 3)) & 3);
  for (let idx = 0; idx < head; idx++) if (data[idx] === value) visit(idx);
  const words = new Uint32Array(data.buffer, data.byteOffset + head, (data.length - head) >>> 2);
  const pattern = Math.imul(value & 255, 0x01010101) >>> 0;
  for (let w = 0; w < words.length; w++) {
    const x = words[w];
    if (x === 0 && value !== 0) continue;
    // SWAR "has a zero byte" on x ^ pattern: a byte equal to value (no false negatives).
    const v = (x ^ pattern) >>> 0;
    if (((v - 0x01010101) & ~v & 0x80808080) === 0) continue;
    const base = head + 4 * w;
    for (let b = 0; b < 4; b++) if (((x >>> (8 * b)) & 255) === value) visit(base + b);
  }
  for (let idx = head + 4 * words.length; idx < data.length; idx++) if (data[idx] === value) visit(idx);
  return i1 < 0 ? null : { i0, j0, k0, i1, j1, k1 };
}

/** Layout of `box` in the flat map with local x, y, z along voxel axes `axes`. */
export function boxLayout(grid: Grid, box: IndexBox, axes: Vec3 = [0, 1, 2]): BoxLayout {
  const [nx, ny] = grid.dims;
  const step = [1, nx, nx * ny];
  const size = [box.i1 - box.i0 + 1, box.j1 - box.j0 + 1, box.k1 - box.k0 + 1];
  return {
    base: box.i0 + nx * (box.j0 + ny * box.k0),
    strides: [step[axes[0]], step[axes[1]], step[axes[2]]],
    dims: [size[axes[0]], size[axes[1]], size[axes[2]]],
  };
}
