/**
 * The stored grid of a NIfTI image as NiiVue read it, in patient LPS (the project's Grid):
 * NIfTI's affine maps voxel (i, j, k) to RAS mm; LPS negates x and y.
 */
import type { Grid } from '../../src/core/volume.js';
import type { Mat3, Vec3 } from '../../src/core/vec.js';

export interface NiftiAffineHeader {
  /** 4 rows of the voxel -> RAS mm matrix. */
  affine: number[][];
  /** NIfTI dim[]: dims[1..3] are the voxel counts. */
  dims: number[];
  scl_slope: number;
  scl_inter: number;
}

export function gridFromNiftiAffine(hdr: NiftiAffineHeader): Grid {
  const a = hdr.affine;
  const sign = [-1, -1, 1];
  const spacing: number[] = [];
  const direction = new Array<number>(9);
  for (let c = 0; c < 3; c++) {
    const col = [0, 1, 2].map((r) => sign[r] * a[r][c]);
    const s = Math.hypot(col[0], col[1], col[2]) || 1;
    spacing.push(s);
    for (let r = 0; r < 3; r++) direction[3 * r + c] = col[r] / s;
  }
  return {
    dims: [hdr.dims[1], hdr.dims[2], hdr.dims[3]] as unknown as Vec3,
    spacingMm: spacing as unknown as Vec3,
    originLps: [0, 1, 2].map((r) => sign[r] * a[r][3]) as unknown as Vec3,
    direction: direction as unknown as Mat3,
  };
}

/** Stored value -> calibrated value (HU for CT): NIfTI scl_slope (0 means 1) and scl_inter. */
export function huScale(hdr: NiftiAffineHeader): { slope: number; inter: number } {
  const slope = Number.isFinite(hdr.scl_slope) && hdr.scl_slope !== 0 ? hdr.scl_slope : 1;
  const inter = Number.isFinite(hdr.scl_inter) ? hdr.scl_inter : 0;
  return { slope, inter };
}
