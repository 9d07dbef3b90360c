/**
 * What the viewer needs to redraw after an edit without downloading the whole label map: the
 * current values in the index box of the changed voxels. `box_ijk` = [i0, j0, k0, i1, j1, k1]
 * (inclusive, voxel indices of the study grid); `values_b64` = the box's values, i fastest,
 * base64. Null when nothing changed or the box is too big to be worth it (reload instead).
 */
import type { LabelMap } from '../../core/volume.js';
import type { LabelDelta } from '../../segment/refine/index.js';

export interface LabelPatch {
  box_ijk: [number, number, number, number, number, number];
  values_b64: string;
}

/** Boxes above this many voxels are not sent (the client reloads the map). */
export const MAX_PATCH_VOXELS = 4 * 1024 * 1024;

export function labelPatch(labels: LabelMap, delta: LabelDelta): LabelPatch | null {
  const n = delta.indices.length;
  if (n === 0) return null;
  const [nx, ny] = labels.dims;
  let i0 = Infinity,
    j0 = Infinity,
    k0 = Infinity,
    i1 = -1,
    j1 = -1,
    k1 = -1;
  for (let t = 0; t < n; t++) {
    const idx = delta.indices[t];
    const i = idx % nx;
    const j = Math.floor(idx / nx) % ny;
    const k = Math.floor(idx / (nx * ny));
    if (i < i0) i0 = i;
    if (i > i1) i1 = i;
    if (j < j0) j0 = j;
    if (j > j1) j1 = j;
    if (k < k0) k0 = k;
    if (k > k1) k1 = k;
  }
  const bx = i1 - i0 + 1;
  const by = j1 - j0 + 1;
  const bz = k1 - k0 + 1;
  if (bx * by * bz > MAX_PATCH_VOXELS) return null;
  const values = new Uint8Array(bx * by * bz);
  let o = 0;
  for (let k = k0; k <= k1; k++)
    for (let j = j0; j <= j1; j++) {
      const row = i0 + nx * (j + ny * k);
      values.set(labels.data.subarray(row, row + bx), o);
      o += bx;
    }
  return { box_ijk: [i0, j0, k0, i1, j1, k1], values_b64: Buffer.from(values).toString('base64') };
}
