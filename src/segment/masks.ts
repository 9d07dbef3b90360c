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

/** Fills holes slice by slice along k (2D, 4-connected background not touching the slice edge). */
export function fillHolesAxial(grid: Grid, mask: Uint8Array, maxHoleMm2 = Infinity): Uint8Array {
  const [nx, ny, nz] = grid.dims;
  const out = mask.slice();
  const sliceGrid = { dims: [nx, ny, 1] as const };
  const area = grid.spacingMm[0] * grid.spacingMm[1];
  const bg = new Uint8Array(nx * ny);
  for (let k = 0; k < nz; k++) {
    const off = k * nx * ny;
    for (let p = 0; p < nx * ny; p++) bg[p] = mask[off + p] ? 0 : 1;
    const { ids, sizes } = connectedComponents(sliceGrid, bg, 6);
    const touches = new Uint8Array(sizes.length);
    for (let i = 0; i < nx; i++) {
      touches[ids[i]] = 1;
      touches[ids[i + nx * (ny - 1)]] = 1;
    }
    for (let j = 0; j < ny; j++) {
      touches[ids[nx * j]] = 1;
      touches[ids[nx - 1 + nx * j]] = 1;
    }
    for (let p = 0; p < nx * ny; p++) {
      const id = ids[p];
      if (id && !touches[id] && sizes[id] * area <= maxHoleMm2) out[off + p] = 1;
    }
  }
  return out;
}
