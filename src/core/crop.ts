/** Cropping a volume to an index box, keeping world positions. */
import { transformIndexToWorld } from './geometry.js';
import { makeVolume, type TypedArray, type Volume } from './volume.js';
import type { Vec3 } from './vec.js';

/** Sub-volume of voxels lo..hi inclusive (clamped to the grid); world positions unchanged. */
export function cropVolume<T extends TypedArray>(vol: Volume<T>, lo: Vec3, hi: Vec3): Volume<T> {
  const l = [0, 1, 2].map((d) => Math.max(0, Math.min(vol.dims[d] - 1, Math.floor(lo[d]))));
  const h = [0, 1, 2].map((d) => Math.max(l[d], Math.min(vol.dims[d] - 1, Math.ceil(hi[d]))));
  const dims: Vec3 = [h[0] - l[0] + 1, h[1] - l[1] + 1, h[2] - l[2] + 1];
  const ctor = vol.data.constructor as new (n: number) => T;
  const out = new ctor(dims[0] * dims[1] * dims[2]);
  const [nx, ny] = vol.dims;
  let o = 0;
  for (let k = 0; k < dims[2]; k++) {
    for (let j = 0; j < dims[1]; j++) {
      const start = l[0] + nx * (l[1] + j + ny * (l[2] + k));
      out.set(vol.data.subarray(start, start + dims[0]) as never, o);
      o += dims[0];
    }
  }
  return makeVolume(
    {
      dims,
      spacingMm: vol.spacingMm,
      direction: vol.direction,
      originLps: transformIndexToWorld(vol, [l[0], l[1], l[2]]),
    },
    out,
  );
}

/**
 * Index bounding box [lo, hi] of the non-zero voxels (or of those equal to `value` when it is
 * given), or null when there are none.
 */
export function nonZeroBounds(vol: Volume<TypedArray>, value?: number): [Vec3, Vec3] | null {
  const [nx, ny, nz] = vol.dims;
  let x0 = nx,
    y0 = ny,
    z0 = nz,
    x1 = -1,
    y1 = -1,
    z1 = -1;
  const d = vol.data;
  let idx = 0;
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++, idx++) {
        if (value === undefined ? d[idx] !== 0 : d[idx] === value) {
          if (i < x0) x0 = i;
          if (i > x1) x1 = i;
          if (j < y0) y0 = j;
          if (j > y1) y1 = j;
          if (k < z0) z0 = k;
          if (k > z1) z1 = k;
        }
      }
  return x1 < 0
    ? null
    : [
        [x0, y0, z0],
        [x1, y1, z1],
      ];
}
