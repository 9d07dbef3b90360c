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
  // per slice: 0 = mask, 1 = background not yet reached, 2 = reached; one flood fill from the
  // edge (open background), then one per remaining region, its pixels left in the queue
  const state = new Uint8Array(na * nb);
  const queue = new Int32Array(na * nb);
  for (let s = 0; s < ns; s++) {
    const off = s * ss;
    for (let b = 0; b < nb; b++)
      for (let a = 0; a < na; a++) state[a + na * b] = mask[off + a * sa + b * sb] ? 0 : 1;
    let tail = 0;
    const push = (p: number): void => {
      if (state[p] === 1) {
        state[p] = 2;
        queue[tail++] = p;
      }
    };
    for (let a = 0; a < na; a++) {
      push(a);
      push(a + na * (nb - 1));
    }
    for (let b = 0; b < nb; b++) {
      push(na * b);
      push(na - 1 + na * b);
    }
    flood({ state, queue, na, nb }, 0, tail);
    for (let p = 0; p < na * nb; p++) {
      if (state[p] !== 1) continue;
      state[p] = 2;
      queue[0] = p;
      const size = flood({ state, queue, na, nb }, 0, 1);
      if (size > maxPixels) continue;
      for (let q = 0; q < size; q++) {
        const px = queue[q];
        holes[off + (px % na) * sa + Math.floor(px / na) * sb] = 1;
      }
    }
  }
  return holes;
}

/**
 * Breadth-first flood over 4-connected pixels of state 1 from queue[head .. tail), marking
 * them 2; returns the queue's final length (the pixels reached, seeds included, stay in it).
 */
function flood(
  slice: { state: Uint8Array; queue: Int32Array; na: number; nb: number },
  head: number,
  tail: number,
): number {
  const { state, queue, na, nb } = slice;
  while (head < tail) {
    const p = queue[head++];
    const a = p % na;
    if (a > 0 && state[p - 1] === 1) {
      state[p - 1] = 2;
      queue[tail++] = p - 1;
    }
    if (a < na - 1 && state[p + 1] === 1) {
      state[p + 1] = 2;
      queue[tail++] = p + 1;
    }
    if (p >= na && state[p - na] === 1) {
      state[p - na] = 2;
      queue[tail++] = p - na;
    }
    if (p < na * (nb - 1) && state[p + na] === 1) {
      state[p + na] = 2;
      queue[tail++] = p + na;
    }
  }
  return tail;
}

/** Fills holes slice by slice along k (2D, 4-connected background not touching the slice edge). */
export function fillHolesAxial(grid: Grid, mask: Uint8Array, maxHoleMm2 = Infinity): Uint8Array {
  const holes = holesInSlices(grid, mask, { axis: 2, maxHoleMm2 });
  const out = mask.slice();
  for (let i = 0; i < out.length; i++) if (holes[i]) out[i] = 1;
  return out;
}
