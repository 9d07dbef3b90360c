/**
 * Index <-> world transforms for a Grid. Continuous voxel index (i, j, k) with integers at voxel
 * centres; world = LPS mm. world = origin + D · diag(spacing) · ijk (DICOM PS3.3 C.7.6.2.1.1).
 */
import type { Grid } from './volume.js';
import { invert3, type Mat3, type Vec3 } from './vec.js';

/** 4x4 row-major affine mapping continuous index to LPS mm. */
export function indexToWorldMatrix(grid: Grid): number[] {
  const d = grid.direction;
  const s = grid.spacingMm;
  const o = grid.originLps;
  return [
    d[0] * s[0],
    d[1] * s[1],
    d[2] * s[2],
    o[0],
    d[3] * s[0],
    d[4] * s[1],
    d[5] * s[2],
    o[1],
    d[6] * s[0],
    d[7] * s[1],
    d[8] * s[2],
    o[2],
    0,
    0,
    0,
    1,
  ];
}

/** LPS mm of the continuous index ijk. */
export function transformIndexToWorld(grid: Grid, ijk: Vec3): Vec3 {
  const d = grid.direction;
  const s = grid.spacingMm;
  const o = grid.originLps;
  const a = ijk[0] * s[0];
  const b = ijk[1] * s[1];
  const c = ijk[2] * s[2];
  return [
    o[0] + d[0] * a + d[1] * b + d[2] * c,
    o[1] + d[3] * a + d[4] * b + d[5] * c,
    o[2] + d[6] * a + d[7] * b + d[8] * c,
  ];
}

/**
 * Precomputed world -> continuous index map, for loops over many points:
 * ijk = M · (p - origin) with M = diag(1/spacing) · D^-1.
 */
export interface WorldToIndex {
  readonly m: Mat3;
  readonly originLps: Vec3;
}

export function worldToIndexMap(grid: Grid): WorldToIndex {
  const inv = invert3(grid.direction);
  const s = grid.spacingMm;
  const m: Mat3 = [
    inv[0] / s[0],
    inv[1] / s[0],
    inv[2] / s[0],
    inv[3] / s[1],
    inv[4] / s[1],
    inv[5] / s[1],
    inv[6] / s[2],
    inv[7] / s[2],
    inv[8] / s[2],
  ];
  return { m, originLps: grid.originLps };
}

/** Continuous voxel index of an LPS point. */
export function transformWorldToIndex(grid: Grid, pointLps: Vec3): Vec3 {
  return applyWorldToIndex(worldToIndexMap(grid), pointLps);
}

export function applyWorldToIndex(w: WorldToIndex, p: Vec3): Vec3 {
  const x = p[0] - w.originLps[0];
  const y = p[1] - w.originLps[1];
  const z = p[2] - w.originLps[2];
  const m = w.m;
  return [m[0] * x + m[1] * y + m[2] * z, m[3] * x + m[4] * y + m[5] * z, m[6] * x + m[7] * y + m[8] * z];
}

/** True when the continuous index rounds to a voxel inside the grid. */
export function containsIndex(grid: Grid, ijk: Vec3): boolean {
  for (let d = 0; d < 3; d++) {
    const r = Math.round(ijk[d]);
    if (r < 0 || r >= grid.dims[d]) return false;
  }
  return true;
}

/** The 8 corner voxel centres of a grid, in LPS. */
export function gridCornersLps(grid: Grid): Vec3[] {
  const out: Vec3[] = [];
  const [nx, ny, nz] = grid.dims;
  for (const k of [0, nz - 1])
    for (const j of [0, ny - 1])
      for (const i of [0, nx - 1]) {
        out.push(transformIndexToWorld(grid, [i, j, k]));
      }
  return out;
}

/** Axis-aligned LPS bounding box of the grid's voxel centres: [min, max]. */
export function gridBoundsLps(grid: Grid): [Vec3, Vec3] {
  const c = gridCornersLps(grid);
  const lo = [Infinity, Infinity, Infinity];
  const hi = [-Infinity, -Infinity, -Infinity];
  for (const p of c)
    for (let d = 0; d < 3; d++) {
      lo[d] = Math.min(lo[d], p[d]);
      hi[d] = Math.max(hi[d], p[d]);
    }
  return [lo as unknown as Vec3, hi as unknown as Vec3];
}

/**
 * Three-letter orientation code of the voxel axes in the DICOM/ITK sense of "where the axis
 * points": e.g. 'LPS' means +i points to patient left, +j posterior, +k superior.
 */
export function orientationCode(grid: Grid): string {
  const letters = [
    ['L', 'R'],
    ['P', 'A'],
    ['S', 'I'],
  ];
  let code = '';
  for (let c = 0; c < 3; c++) {
    const v = [grid.direction[c], grid.direction[3 + c], grid.direction[6 + c]];
    let best = 0;
    for (let r = 1; r < 3; r++) if (Math.abs(v[r]) > Math.abs(v[best])) best = r;
    code += letters[best][v[best] >= 0 ? 0 : 1];
  }
  return code;
}

/** True when the direction matrix is a signed permutation (no obliquity) within tolerance. */
export function isAxisAligned(grid: Grid, tolerance = 1e-4): boolean {
  for (const v of grid.direction) {
    const a = Math.abs(v);
    if (a > tolerance && Math.abs(a - 1) > tolerance) return false;
  }
  return true;
}

/**
 * A grid from scaled axis vectors (LPS mm per voxel step along i, j, k): spacing = their
 * lengths, direction = their unit vectors, made exactly orthonormal when within 1e-3 of it.
 * Throws RangeError when the axes are degenerate or clearly not orthogonal (shear).
 */
export function gridFromAxes(dims: Vec3, axesLps: readonly [Vec3, Vec3, Vec3], originLps: Vec3): Grid {
  const spacing = axesLps.map((a) => Math.hypot(a[0], a[1], a[2]));
  if (spacing.some((s) => !(s > 0) || !Number.isFinite(s)))
    throw new RangeError('a voxel axis has zero or invalid length');
  const u = axesLps.map((a, i) => [a[0] / spacing[i], a[1] / spacing[i], a[2] / spacing[i]] as Vec3);
  const off = Math.max(Math.abs(dotv(u[0], u[1])), Math.abs(dotv(u[0], u[2])), Math.abs(dotv(u[1], u[2])));
  if (off > 1e-3) throw new RangeError(`voxel axes are not orthogonal (shear ${off.toFixed(4)})`);
  // Gram-Schmidt keeping the first axis, then the second; third = sign-preserving cross
  const a = u[0];
  const b0 = [u[1][0] - dotv(u[1], a) * a[0], u[1][1] - dotv(u[1], a) * a[1], u[1][2] - dotv(u[1], a) * a[2]];
  const nb = Math.hypot(b0[0], b0[1], b0[2]);
  const b: Vec3 = [b0[0] / nb, b0[1] / nb, b0[2] / nb];
  let c: Vec3 = [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
  if (dotv(c, u[2]) < 0) c = [-c[0], -c[1], -c[2]];
  return {
    dims,
    spacingMm: spacing as unknown as Vec3,
    originLps,
    direction: [a[0], b[0], c[0], a[1], b[1], c[1], a[2], b[2], c[2]],
  };
}

function dotv(a: Vec3, b: Vec3): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}
