/**
 * Binary masks the segmentation builds on: the patient's body, bone (with the marrow inside
 * cortical shells filled), holes. All on the working grid, 0/1 Uint8Array.
 */
import type { Grid, Volume } from '../core/volume.js';
import { connectedComponents, largestComponent } from '../core/connected-components.js';

/** The body: the largest 6-connected region above -400 HU (drops the table and air). */
export function bodyMask(hu: Volume<Float32Array>): Uint8Array {
  const m = new Uint8Array(hu.data.length);
  for (let i = 0; i < m.length; i++) m[i] = hu.data[i] > -400 ? 1 : 0;
  return largestComponent(hu, m, 6);
}

/** Voxels at or above `thresholdHu` inside `within`. */
export function thresholdMask(
  hu: Volume<Float32Array>,
  options: { thresholdHu: number; within?: Uint8Array },
): Uint8Array {
  const m = new Uint8Array(hu.data.length);
  const w = options.within;
  for (let i = 0; i < m.length; i++) m[i] = hu.data[i] >= options.thresholdHu && (!w || w[i]) ? 1 : 0;
  return m;
}

/**
 * Fills 3D holes: background regions (6-connected) that do not touch the grid border and are
 * smaller than `maxHoleMl`. A new mask; the input is untouched.
 */
export function fillHoles3d(grid: Grid, mask: Uint8Array, maxHoleMl = Infinity): Uint8Array {
  const [nx, ny, nz] = grid.dims;
  const background = new Uint8Array(mask.length);
  for (let i = 0; i < mask.length; i++) background[i] = mask[i] ? 0 : 1;
  const { ids, sizes } = connectedComponents(grid, background, 6);
  const touches = new Uint8Array(sizes.length);
  let idx = 0;
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++, idx++) {
        if (i === 0 || j === 0 || k === 0 || i === nx - 1 || j === ny - 1 || k === nz - 1)
          touches[ids[idx]] = 1;
      }
  const voxelMl = (grid.spacingMm[0] * grid.spacingMm[1] * grid.spacingMm[2]) / 1000;
  const out = mask.slice();
  for (let i = 0; i < out.length; i++) {
    const id = ids[i];
    if (id && !touches[id] && sizes[id] * voxelMl <= maxHoleMl) out[i] = 1;
  }
  return out;
}

/**
 * The holes of `mask` in every slice across `axis` (0: sagittal slices, 1: coronal, 2: axial):
 * 4-connected background regions of a slice that do not touch its edge and cover at most
 * `maxHoleMm2`. Returns the hole voxels only (not the mask).
 */
export function holesInSlices(
  grid: Grid,
  mask: Uint8Array,
  options: { axis: 0 | 1 | 2; maxHoleMm2: number },
): Uint8Array {
  const { axis } = options;
  const dims = grid.dims;
  const strides = [1, dims[0], dims[0] * dims[1]];
  const [ua, ub] = axis === 0 ? [1, 2] : axis === 1 ? [0, 2] : [0, 1];
  const [na, nb, ns] = [dims[ua], dims[ub], dims[axis]];
  const [sa, sb, ss] = [strides[ua], strides[ub], strides[axis]];
  const maxPixels = options.maxHoleMm2 / (grid.spacingMm[ua] * grid.spacingMm[ub]);
  const holes = new Uint8Array(mask.length);
  const background = new Uint8Array(na * nb);
  const sliceGrid = { dims: [na, nb, 1] as const };
  for (let s = 0; s < ns; s++) {
    const off = s * ss;
    for (let b = 0; b < nb; b++)
      for (let a = 0; a < na; a++) background[a + na * b] = mask[off + a * sa + b * sb] ? 0 : 1;
    // 6-connected within one slice is 4-connected; a region touching the slice's edge is open
    const { ids, sizes } = connectedComponents(sliceGrid, background, 6);
    const open = new Uint8Array(sizes.length);
    for (let a = 0; a < na; a++) open[ids[a]] = open[ids[a + na * (nb - 1)]] = 1;
    for (let b = 0; b < nb; b++) open[ids[na * b]] = open[ids[na - 1 + na * b]] = 1;
    for (let b = 0, p = 0; b < nb; b++)
      for (let a = 0; a < na; a++, p++) {
        const id = ids[p];
        if (id && !open[id] && sizes[id] <= maxPixels) holes[off + a * sa + b * sb] = 1;
      }
  }
  return holes;
}

/** Fills holes slice by slice along k (2D, 4-connected background not touching the slice edge). */
export function fillHolesAxial(grid: Grid, mask: Uint8Array, maxHoleMm2 = Infinity): Uint8Array {
  const holes = holesInSlices(grid, mask, { axis: 2, maxHoleMm2 });
  const out = mask.slice();
  for (let i = 0; i < out.length; i++) if (holes[i]) out[i] = 1;
  return out;
}
