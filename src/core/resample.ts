/**
 * Resampling a volume onto another grid through patient space: nearest neighbour (label maps)
 * or trilinear (images). Voxels of the target that map outside the source get `fill`.
 */
import { worldToIndexMap, indexToWorldMatrix } from './geometry.js';
import { makeVolume, voxelCount, type Grid, type TypedArray, type Volume } from './volume.js';

export type Interpolation = 'nearest' | 'linear';

export interface ResampleOptions {
  interpolation?: Interpolation;
  /** Value for target voxels outside the source grid (default 0). */
  fill?: number;
}

/** Samples `source` at every voxel centre of `target`; returns the source's array type. */
export function resampleVolume<T extends TypedArray>(
  source: Volume<T>,
  target: Grid,
  options: ResampleOptions = {},
): Volume<T> {
  const interpolation = options.interpolation ?? 'linear';
  const fill = options.fill ?? 0;
  const ctor = source.data.constructor as new (n: number) => T;
  const out = new ctor(voxelCount(target));
  const isInt = !(source.data instanceof Float32Array || source.data instanceof Float64Array);
  const A = targetToSourceIndex(target, source);
  const [nx, ny, nz] = target.dims;
  const [sx, sy, sz] = source.dims;
  const sxy = sx * sy;
  const src = source.data;
  let idx = 0;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      let x = A[1] * j + A[2] * k + A[3];
      let y = A[5] * j + A[6] * k + A[7];
      let z = A[9] * j + A[10] * k + A[11];
      for (let i = 0; i < nx; i++, idx++, x += A[0], y += A[4], z += A[8]) {
        if (interpolation === 'nearest') {
          const xi = Math.round(x);
          const yi = Math.round(y);
          const zi = Math.round(z);
          out[idx] =
            xi < 0 || yi < 0 || zi < 0 || xi >= sx || yi >= sy || zi >= sz
              ? fill
              : src[xi + sx * yi + sxy * zi];
          continue;
        }
        // trilinear; points within half a voxel outside the edge clamp to the edge
        if (x < -0.5 || y < -0.5 || z < -0.5 || x > sx - 0.5 || y > sy - 0.5 || z > sz - 0.5) {
          out[idx] = fill;
          continue;
        }
        const xc = x < 0 ? 0 : x > sx - 1 ? sx - 1 : x;
        const yc = y < 0 ? 0 : y > sy - 1 ? sy - 1 : y;
        const zc = z < 0 ? 0 : z > sz - 1 ? sz - 1 : z;
        let x0 = Math.floor(xc);
        let y0 = Math.floor(yc);
        let z0 = Math.floor(zc);
        if (x0 >= sx - 1) x0 = Math.max(0, sx - 2);
        if (y0 >= sy - 1) y0 = Math.max(0, sy - 2);
        if (z0 >= sz - 1) z0 = Math.max(0, sz - 2);
        const fx = sx > 1 ? xc - x0 : 0;
        const fy = sy > 1 ? yc - y0 : 0;
        const fz = sz > 1 ? zc - z0 : 0;
        const dx = sx > 1 ? 1 : 0;
        const dy = sy > 1 ? sx : 0;
        const dz = sz > 1 ? sxy : 0;
        const b = x0 + sx * y0 + sxy * z0;
        const c00 = src[b] + fx * (src[b + dx] - src[b]);
        const c10 = src[b + dy] + fx * (src[b + dy + dx] - src[b + dy]);
        const c01 = src[b + dz] + fx * (src[b + dz + dx] - src[b + dz]);
        const c11 = src[b + dz + dy] + fx * (src[b + dz + dy + dx] - src[b + dz + dy]);
        const c0 = c00 + fy * (c10 - c00);
        const c1 = c01 + fy * (c11 - c01);
        const v = c0 + fz * (c1 - c0);
        out[idx] = isInt ? Math.round(v) : v;
      }
    }
  }
  return makeVolume(target, out);
}

/**
 * The affine from `target` voxel indices to (continuous) `source` voxel indices through patient
 * space, row-major 3x4: source index r = A[4r] i + A[4r+1] j + A[4r+2] k + A[4r+3].
 */
export function targetToSourceIndex(target: Grid, source: Grid): Float64Array {
  const a = indexToWorldMatrix(target);
  const w = worldToIndexMap(source);
  const m = w.m;
  const o = w.originLps;
  const A = new Float64Array(12);
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 3; c++)
      A[4 * r + c] = m[3 * r] * a[c] + m[3 * r + 1] * a[4 + c] + m[3 * r + 2] * a[8 + c];
    A[4 * r + 3] = m[3 * r] * (a[3] - o[0]) + m[3 * r + 1] * (a[7] - o[1]) + m[3 * r + 2] * (a[11] - o[2]);
  }
  return A;
}

/**
 * For each row r of an index affine from `targetToSourceIndex`: the target axis (0..2) whose
 * coefficient is the largest in magnitude, i.e. the target axis that drives source axis r.
 */
export function dominantTargetAxes(A: Float64Array): [number, number, number] {
  return [0, 1, 2].map((r) => {
    let best = 0;
    for (let c = 1; c < 3; c++) if (Math.abs(A[4 * r + c]) > Math.abs(A[4 * r + best])) best = c;
    return best;
  }) as [number, number, number];
}

/** A grid covering the same field as `grid` with isotropic (or given) spacing, same direction. */
export function regridWithSpacing(grid: Grid, spacingMm: readonly [number, number, number]): Grid {
  const dims = [0, 1, 2].map((d) =>
    Math.max(1, Math.round((grid.dims[d] * grid.spacingMm[d]) / spacingMm[d])),
  );
  // keep the field's outer edge: first centre sits half a new voxel inside the old edge
  const shift = [0, 1, 2].map((d) => (spacingMm[d] - grid.spacingMm[d]) / 2);
  const dir = grid.direction;
  const origin = [0, 1, 2].map(
    (r) => grid.originLps[r] + dir[3 * r] * shift[0] + dir[3 * r + 1] * shift[1] + dir[3 * r + 2] * shift[2],
  );
  return {
    dims: dims as unknown as Grid['dims'],
    spacingMm: [...spacingMm] as unknown as Grid['spacingMm'],
    originLps: origin as unknown as Grid['originLps'],
    direction: grid.direction,
  };
}
