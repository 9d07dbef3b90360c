/**
 * Index boxes for working on the part of the grid that matters: a box around a mask with a
 * margin in mm, arrays cut to the box and pasted back. Keeps per-structure steps (femoral heads,
 * the L5/S1 split) proportional to the structure, not to the scan.
 */
import type { Grid, TypedArray } from '../core/volume.js';
import type { Vec3 } from '../core/vec.js';

export interface IndexBox {
  lo: Vec3;
  hi: Vec3;
}

/** The box of the mask's voxels grown by `marginMm` (clamped to the grid); null when empty. */
export function boxAround(grid: Grid, mask: ArrayLike<number>, marginMm: number): IndexBox | null {
  const [nx, ny, nz] = grid.dims;
  const lo: [number, number, number] = [nx, ny, nz];
  const hi: [number, number, number] = [-1, -1, -1];
  let v = 0;
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++, v++) {
        if (!mask[v]) continue;
        if (i < lo[0]) lo[0] = i;
        if (i > hi[0]) hi[0] = i;
        if (j < lo[1]) lo[1] = j;
        if (j > hi[1]) hi[1] = j;
        if (k < lo[2]) lo[2] = k;
        if (k > hi[2]) hi[2] = k;
      }
  if (hi[0] < 0) return null;
  for (let a = 0; a < 3; a++) {
    const m = Math.ceil(marginMm / grid.spacingMm[a]);
    lo[a] = Math.max(0, lo[a] - m);
    hi[a] = Math.min(grid.dims[a] - 1, hi[a] + m);
  }
  return { lo, hi };
}

/** The grid of the box (same spacing and direction; origin at the box's first voxel). */
export function boxGrid(grid: Grid, box: IndexBox): Grid {
  const dims: Vec3 = [0, 1, 2].map((a) => box.hi[a] - box.lo[a] + 1) as unknown as Vec3;
  const originLps: [number, number, number] = [0, 0, 0];
  for (let r = 0; r < 3; r++) {
    originLps[r] = grid.originLps[r];
    for (let c = 0; c < 3; c++) originLps[r] += grid.direction[3 * r + c] * grid.spacingMm[c] * box.lo[c];
  }
  return { dims, spacingMm: grid.spacingMm, direction: grid.direction, originLps };
}

/** The box's part of `data` (a new array of the same type). */
export function cutBox<T extends TypedArray>(grid: Grid, data: T, box: IndexBox): T {
  const [nx, ny] = grid.dims;
  const [bx, by, bz] = [0, 1, 2].map((a) => box.hi[a] - box.lo[a] + 1);
  const ctor = data.constructor as new (n: number) => T;
  const out = new ctor(bx * by * bz);
  let o = 0;
  for (let k = 0; k < bz; k++)
    for (let j = 0; j < by; j++) {
      const start = box.lo[0] + nx * (box.lo[1] + j + ny * (box.lo[2] + k));
      out.set(data.subarray(start, start + bx) as never, o);
      o += bx;
    }
  return out;
}

/** Writes `part` (the box's voxels, as cutBox returns them) into `data`. */
export function pasteBox<T extends TypedArray>(grid: Grid, data: T, from: { box: IndexBox; part: T }): void {
  const { box, part } = from;
  const [nx, ny] = grid.dims;
  const [bx, by, bz] = [0, 1, 2].map((a) => box.hi[a] - box.lo[a] + 1);
  let o = 0;
  for (let k = 0; k < bz; k++)
    for (let j = 0; j < by; j++) {
      const start = box.lo[0] + nx * (box.lo[1] + j + ny * (box.lo[2] + k));
      data.set(part.subarray(o, o + bx) as never, start);
      o += bx;
    }
}
