/**
 * A box of the label map copied into a small local array of codes (a 256-entry table maps each
 * label value to a code), and the write-back of a local result in memory order. Used where an
 * operation needs random access around voxels of a bounded region (grow-cut).
 */
import type { Vec3 } from '../../core/vec.js';
import type { LabelMap } from '../../core/volume.js';
import { boxLayout, type IndexBox } from './index-box.js';
import type { DeltaBuilder } from './label-delta.js';

export interface BoxCodes {
  /** codes[x + dims[0] * (y + dims[1] * z)], local x, y, z along voxel i, j, k. */
  readonly codes: Uint8Array;
  readonly dims: Vec3;
  /** Flat label-map index of local (0, 0, 0). */
  readonly base: number;
  /** Flat label-map index step of one local step along x, y, z. */
  readonly strides: Vec3;
}

/** codes = table[value] for the voxels of `box`. */
export function boxCodes(labels: LabelMap, box: IndexBox, table: Uint8Array): BoxCodes {
  const { base, strides, dims } = boxLayout(labels, box);
  const codes = new Uint8Array(dims[0] * dims[1] * dims[2]);
  const data = labels.data;
  let o = 0;
  for (let z = 0; z < dims[2]; z++) {
    for (let y = 0; y < dims[1]; y++) {
      let g = base + y * strides[1] + z * strides[2];
      for (let x = 0; x < dims[0]; x++) codes[o++] = table[data[g++]];
    }
  }
  return { codes, dims, base, strides };
}

/**
 * Writes back a local result in memory order (so the delta comes out sorted): where `target`
 * holds c > 0 the voxel becomes `values[c]`; 0 leaves it alone.
 */
export function commitTargets(
  b: BoxCodes,
  target: Uint8Array,
  write: { values: ArrayLike<number>; builder: DeltaBuilder },
): void {
  const { builder, values } = write;
  const [dx, dy, dz] = b.dims;
  let l = 0;
  for (let z = 0; z < dz; z++) {
    for (let y = 0; y < dy; y++) {
      const g = b.base + y * b.strides[1] + z * b.strides[2];
      for (let x = 0; x < dx; x++, l++) {
        const c = target[l];
        if (c !== 0) builder.set(g + x, values[c]);
      }
    }
  }
}
