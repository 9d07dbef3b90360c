/**
 * Cortical breaches of a lytic lesion: the faces between a lesion voxel and a voxel outside the
 * sacral complex (not sacrum, lesion, canal or foramen), grouped into 26-connected patches,
 * each with its area, centroid and the nearest neural structure (canal or foramen). Used by
 * segmentation reports and by the phantom's ground truth alike. Points are LPS mm.
 */
import type { Grid } from '../core/volume.js';
import type { Vec3 } from '../core/vec.js';
import { transformIndexToWorld } from '../core/geometry.js';
import { NEURAL_LABEL_NAMES, SACRAL_LABELS } from './labels.js';

export interface BreachTruth {
  centroid_lps: Vec3;
  area_mm2: number;
  nearest_structure: string;
  distance_mm: number;
}

const SACRAL_SET = new Set<number>([
  SACRAL_LABELS.sacrum,
  SACRAL_LABELS.lesion,
  ...NEURAL_LABEL_NAMES.map((n) => SACRAL_LABELS[n]),
]);

/**
 * Cortical breaches: faces between a lesion voxel and a voxel outside the sacral complex
 * (not sacrum, lesion, canal or foramen), grouped into 26-connected patches of lesion voxels.
 */
export function breachTruth(grid: Grid, labels: Uint8Array): BreachTruth[] {
  const [nx, ny, nz] = grid.dims;
  const [sx, sy, sz] = grid.spacingMm;
  const faceArea = [sy * sz, sx * sz, sx * sy];
  const lesion = SACRAL_LABELS.lesion;
  const area = new Map<number, number>();
  const steps = [1, nx, nx * ny];
  let idx = 0;
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++, idx++) {
        if (labels[idx] !== lesion) continue;
        const ijk = [i, j, k];
        let a = 0;
        for (let d = 0; d < 3; d++) {
          for (const dir of [-1, 1]) {
            const c = ijk[d] + dir;
            if (c < 0 || c >= grid.dims[d]) continue;
            if (!SACRAL_SET.has(labels[idx + dir * steps[d]])) a += faceArea[d];
          }
        }
        if (a > 0) area.set(idx, a);
      }
  const neural = neuralVoxels(grid, labels);
  const patches = connectedPatches([...area.keys()], grid);
  return patches
    .map((patch) => {
      let total = 0;
      const c = [0, 0, 0];
      for (const v of patch) {
        const w = area.get(v) ?? 0;
        const p = worldOfIndex(grid, v);
        total += w;
        for (let d = 0; d < 3; d++) c[d] += w * p[d];
      }
      const centroid = [c[0] / total, c[1] / total, c[2] / total] as Vec3;
      const nearest = nearestNeural(
        patch.map((v) => worldOfIndex(grid, v)),
        neural,
      );
      return { centroid_lps: roundVec(centroid), area_mm2: roundMm(total, 2), ...nearest };
    })
    .sort((a, b) => b.area_mm2 - a.area_mm2);
}

export function worldOfIndex(grid: Grid, idx: number): Vec3 {
  const [nx, ny] = grid.dims;
  const i = idx % nx;
  const j = Math.floor(idx / nx) % ny;
  const k = Math.floor(idx / (nx * ny));
  return transformIndexToWorld(grid, [i, j, k]);
}

/** 26-connected groups of the given voxel indices. */
export function connectedPatches(voxels: number[], grid: Grid): number[][] {
  const [nx, ny] = grid.dims;
  const remaining = new Set(voxels);
  const out: number[][] = [];
  for (const start of voxels) {
    if (!remaining.has(start)) continue;
    remaining.delete(start);
    const patch = [start];
    for (let q = 0; q < patch.length; q++) {
      const v = patch[q];
      const i = v % nx;
      const j = Math.floor(v / nx) % ny;
      for (let dk = -1; dk <= 1; dk++)
        for (let dj = -1; dj <= 1; dj++)
          for (let di = -1; di <= 1; di++) {
            if (i + di < 0 || i + di >= nx || j + dj < 0 || j + dj >= ny) continue;
            const w = v + di + nx * (dj + ny * dk);
            if (remaining.has(w)) {
              remaining.delete(w);
              patch.push(w);
            }
          }
    }
    out.push(patch);
  }
  return out;
}

function neuralVoxels(grid: Grid, labels: Uint8Array): { name: string; points: Vec3[] }[] {
  const byValue = new Map(
    NEURAL_LABEL_NAMES.map((n) => [SACRAL_LABELS[n], { name: n, points: [] as Vec3[] }]),
  );
  for (let i = 0; i < labels.length; i++) byValue.get(labels[i])?.points.push(worldOfIndex(grid, i));
  return [...byValue.values()];
}

function nearestNeural(
  points: Vec3[],
  neural: { name: string; points: Vec3[] }[],
): { nearest_structure: string; distance_mm: number } {
  let best = { nearest_structure: '', distance_mm: Infinity };
  for (const s of neural) {
    for (const q of s.points) {
      for (const p of points) {
        const d = Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
        if (d < best.distance_mm) best = { nearest_structure: s.name, distance_mm: d };
      }
    }
  }
  return { nearest_structure: best.nearest_structure, distance_mm: roundMm(best.distance_mm, 2) };
}

export function roundMm(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

export function roundVec(v: Vec3): Vec3 {
  return [roundMm(v[0], 3), roundMm(v[1], 3), roundMm(v[2], 3)];
}
