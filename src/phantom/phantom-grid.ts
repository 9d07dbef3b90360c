/**
 * The voxel grid a phantom is sampled on: any spacing, any axis orientation (a three-letter
 * code such as LPS, RAS or PIR, plus an optional oblique rotation), a field of view in mm.
 */
import type { Grid } from '../core/volume.js';
import type { Mat3, Vec3 } from '../core/vec.js';
import { mat3MulVec } from '../core/vec.js';
import { gridFromAxes } from '../core/geometry.js';

export interface PhantomGridOptions {
  /** Voxel size along i, j, k (mm). */
  spacingMm: Vec3;
  /** Field of view along patient x (L-R), y (A-P), z (S-I), mm. */
  fovMm: Vec3;
  /** Where each voxel axis points: 'LPS' means +i to patient left, +j posterior, +k superior. */
  orientation: string;
  /** Rotation of all voxel axes (degrees) about an oblique axis, 0 for an axis-aligned grid. */
  obliqueDeg: number;
  /** LPS centre of the field of view. */
  centreLps: Vec3;
}

const LETTER_AXES: Record<string, Vec3> = {
  L: [1, 0, 0],
  R: [-1, 0, 0],
  P: [0, 1, 0],
  A: [0, -1, 0],
  S: [0, 0, 1],
  I: [0, 0, -1],
};

/** Throws RangeError naming the problem when `code` is not a valid orientation code. */
export function parseOrientationCode(code: string): [Vec3, Vec3, Vec3] {
  const upper = code.toUpperCase();
  if (upper.length !== 3 || [...upper].some((c) => !(c in LETTER_AXES))) {
    throw new RangeError(`orientation "${code}" must be three letters from L/R, P/A, S/I, e.g. LPS or RAS`);
  }
  const axes = [...upper].map((c) => LETTER_AXES[c]) as [Vec3, Vec3, Vec3];
  const used = new Set(axes.map((a) => a.findIndex((v) => v !== 0)));
  if (used.size !== 3) throw new RangeError(`orientation "${code}" uses one body axis twice`);
  return axes;
}

function rotationAboutAxis(axis: Vec3, deg: number): Mat3 {
  const l = Math.hypot(axis[0], axis[1], axis[2]);
  const [x, y, z] = [axis[0] / l, axis[1] / l, axis[2] / l];
  const a = (deg * Math.PI) / 180;
  const c = Math.cos(a);
  const s = Math.sin(a);
  const t = 1 - c;
  return [
    t * x * x + c,
    t * x * y - s * z,
    t * x * z + s * y,
    t * x * y + s * z,
    t * y * y + c,
    t * y * z - s * x,
    t * x * z - s * y,
    t * y * z + s * x,
    t * z * z + c,
  ];
}

/** The grid of a phantom: the field of view covered by the requested axes and spacing. */
export function phantomGrid(options: PhantomGridOptions): Grid {
  const axes = parseOrientationCode(options.orientation);
  const rot = rotationAboutAxis([1, 0.6, 0.3], options.obliqueDeg);
  const dims = axes.map((a, k) => {
    const body = a.findIndex((v) => v !== 0);
    const s = options.spacingMm[k];
    if (!(s > 0)) throw new RangeError(`spacing ${s} must be a positive number of mm`);
    return Math.max(1, Math.round(options.fovMm[body] / s));
  }) as unknown as Vec3;
  const scaled = axes.map((a, k) => {
    const r = mat3MulVec(rot, a);
    const s = options.spacingMm[k];
    return [r[0] * s, r[1] * s, r[2] * s] as Vec3;
  }) as [Vec3, Vec3, Vec3];
  const origin: [number, number, number] = [...options.centreLps];
  for (let k = 0; k < 3; k++) {
    for (let c = 0; c < 3; c++) origin[c] -= ((dims[k] - 1) / 2) * scaled[k][c];
  }
  return gridFromAxes(dims, scaled, origin);
}
