/**
 * Samples the analytic pelvis at every voxel centre of a grid: the label map (ground truth)
 * and the tissue of each voxel. Voxel centres are mapped to the anatomy frame incrementally,
 * with no allocation per voxel.
 */
import type { Grid } from '../core/volume.js';
import { voxelCount } from '../core/volume.js';
import type { Vec3 } from '../core/vec.js';
import { transpose3, mat3MulVec } from '../core/vec.js';
import type { ProgressFn } from '../core/progress.js';
import type { PelvisModel } from './pelvis-model.js';
import { classifyPoint, classifyScratch } from './pelvis-model.js';

export interface RasterizedPelvis {
  labels: Uint8Array;
  tissue: Uint8Array;
}

/** Anatomy-frame point = a0 + i·di + j·dj + k·dk for voxel (i, j, k). */
export function anatomyStepping(model: PelvisModel, grid: Grid): { a0: Vec3; di: Vec3; dj: Vec3; dk: Vec3 } {
  const rt = transpose3(model.rotation);
  const d = grid.direction;
  const axis = (c: number): Vec3 => {
    const s = grid.spacingMm[c];
    return mat3MulVec(rt, [d[c] * s, d[3 + c] * s, d[6 + c] * s]);
  };
  const o = grid.originLps;
  const t = model.translationMm;
  return {
    a0: mat3MulVec(rt, [o[0] - t[0], o[1] - t[1], o[2] - t[2]]),
    di: axis(0),
    dj: axis(1),
    dk: axis(2),
  };
}

/** Anatomy-frame point of an LPS world point, and back. */
export function worldToAnatomy(model: PelvisModel, pLps: Vec3): Vec3 {
  const t = model.translationMm;
  return mat3MulVec(transpose3(model.rotation), [pLps[0] - t[0], pLps[1] - t[1], pLps[2] - t[2]]);
}

export function anatomyToWorld(model: PelvisModel, p: Vec3): Vec3 {
  const r = mat3MulVec(model.rotation, p);
  const t = model.translationMm;
  return [r[0] + t[0], r[1] + t[1], r[2] + t[2]];
}

export function rasterizePelvis(model: PelvisModel, grid: Grid, onProgress?: ProgressFn): RasterizedPelvis {
  const [nx, ny, nz] = grid.dims;
  const labels = new Uint8Array(voxelCount(grid));
  const tissue = new Uint8Array(labels.length);
  const { a0, di, dj, dk } = anatomyStepping(model, grid);
  const sc = classifyScratch();
  const p: [number, number, number] = [0, 0, 0];
  let idx = 0;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      const bx = a0[0] + j * dj[0] + k * dk[0];
      const by = a0[1] + j * dj[1] + k * dk[1];
      const bz = a0[2] + j * dj[2] + k * dk[2];
      for (let i = 0; i < nx; i++, idx++) {
        p[0] = bx + i * di[0];
        p[1] = by + i * di[1];
        p[2] = bz + i * di[2];
        const code = classifyPoint(model, p, sc);
        labels[idx] = code & 31;
        tissue[idx] = code >> 5;
      }
    }
    onProgress?.((k + 1) / nz, 'sampling anatomy');
  }
  return { labels, tissue };
}
