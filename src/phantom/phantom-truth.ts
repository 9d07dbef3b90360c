/**
 * Ground truth of a phantom, measured on the voxels actually written: volume and centroid of
 * every structure, the lesion with its cortical breaches (where the tumour meets tissue outside
 * the sacrum), the cement and its extravasation, the needle. All points LPS mm.
 */
import type { Grid } from '../core/volume.js';
import { voxelVolumeMl } from '../core/volume.js';
import type { Vec3 } from '../core/vec.js';
import { transformIndexToWorld } from '../core/geometry.js';
import { SACRAL_LABELS } from '../anatomy/labels.js';
import { connectedPatches, roundMm, roundVec, worldOfIndex } from '../anatomy/cortical-breaches.js';
export { breachTruth, type BreachTruth } from '../anatomy/cortical-breaches.js';
import { Tissue } from './tissues.js';

export interface StructureTruth {
  volume_ml: number;
  centroid_lps: Vec3 | null;
}

export interface CementTruth {
  volume_ml: number;
  inside_ml: number;
  centroid_lps: Vec3 | null;
  extravasation: { volume_ml: number; centroid_lps: Vec3 }[];
}

/** Volume and centroid of every label value present in `names`. */
export function structureTruth(
  grid: Grid,
  labels: Uint8Array,
  names: Record<string, number>,
): Record<string, StructureTruth> {
  const count = new Float64Array(256);
  const sum = new Float64Array(256 * 3);
  const [nx, ny, nz] = grid.dims;
  let idx = 0;
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++, idx++) {
        const l = labels[idx];
        count[l]++;
        sum[3 * l] += i;
        sum[3 * l + 1] += j;
        sum[3 * l + 2] += k;
      }
  const out: Record<string, StructureTruth> = {};
  for (const [name, v] of Object.entries(names)) {
    const c = count[v];
    out[name] = {
      volume_ml: roundMm(c * voxelVolumeMl(grid), 4),
      centroid_lps: c
        ? roundVec(transformIndexToWorld(grid, [sum[3 * v] / c, sum[3 * v + 1] / c, sum[3 * v + 2] / c]))
        : null,
    };
  }
  return out;
}

/** Cement voxels (tissue code), the part inside sacrum or lesion, and its leaks. */
export function cementTruth(grid: Grid, labels: Uint8Array, tissue: Uint8Array): CementTruth {
  const all: number[] = [];
  const outside: number[] = [];
  let inside = 0;
  for (let i = 0; i < tissue.length; i++) {
    if (tissue[i] !== Tissue.cement) continue;
    all.push(i);
    if (labels[i] === SACRAL_LABELS.sacrum || labels[i] === SACRAL_LABELS.lesion) inside++;
    else outside.push(i);
  }
  const ml = voxelVolumeMl(grid);
  const centroid = (vs: number[]): Vec3 | null => {
    if (!vs.length) return null;
    const c = [0, 0, 0];
    for (const v of vs) {
      const p = worldOfIndex(grid, v);
      for (let d = 0; d < 3; d++) c[d] += p[d] / vs.length;
    }
    return roundVec(c as unknown as Vec3);
  };
  return {
    volume_ml: roundMm(all.length * ml, 4),
    inside_ml: roundMm(inside * ml, 4),
    centroid_lps: centroid(all),
    extravasation: connectedPatches(outside, grid)
      .map((p) => ({ volume_ml: roundMm(p.length * ml, 4), centroid_lps: centroid(p) as Vec3 }))
      .sort((a, b) => b.volume_ml - a.volume_ml),
  };
}
