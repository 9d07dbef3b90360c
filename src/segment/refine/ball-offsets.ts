/**
 * The voxels of a world-space ball as index offsets: every (di, dj, dk) whose LPS length
 * |D·diag(spacing)·(di, dj, dk)| is at most the radius (+1e-6 mm). Used as the structuring
 * element of morphology in millimetres on anisotropic and oblique grids.
 */
import { indexToWorldMatrix } from '../../core/geometry.js';
import type { Vec3 } from '../../core/vec.js';
import type { Grid } from '../../core/volume.js';
import { ballExtentVoxels, SPHERE_TOLERANCE_MM } from './index-box.js';

export interface BallOffsets {
  readonly di: Int32Array;
  readonly dj: Int32Array;
  readonly dk: Int32Array;
  /** Largest |di|, |dj|, |dk| that can occur. */
  readonly extent: Vec3;
}

export function ballOffsets(grid: Grid, radiusMm: number): BallOffsets {
  const toleranceMm = SPHERE_TOLERANCE_MM;
  const a = indexToWorldMatrix(grid);
  const e = ballExtentVoxels(grid, radiusMm + toleranceMm).map((x) => Math.floor(x + 1e-9));
  const r2 = (radiusMm + toleranceMm) ** 2;
  const di: number[] = [];
  const dj: number[] = [];
  const dk: number[] = [];
  for (let k = -e[2]; k <= e[2]; k++)
    for (let j = -e[1]; j <= e[1]; j++)
      for (let i = -e[0]; i <= e[0]; i++) {
        const x = a[0] * i + a[1] * j + a[2] * k;
        const y = a[4] * i + a[5] * j + a[6] * k;
        const z = a[8] * i + a[9] * j + a[10] * k;
        if (x * x + y * y + z * z > r2) continue;
        di.push(i);
        dj.push(j);
        dk.push(k);
      }
  return {
    di: Int32Array.from(di),
    dj: Int32Array.from(dj),
    dk: Int32Array.from(dk),
    extent: [e[0], e[1], e[2]],
  };
}
