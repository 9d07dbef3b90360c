/**
 * A lytic lesion that has destroyed the cortex goes on outside the bone as a soft-tissue mass
 * (the part that presses on the nerve roots and lets cement out). The intraosseous lesion is
 * found by its contrast to the marrow; its extraosseous part is the soft tissue of tumour
 * density that it reaches through the cortical gap: a breadth-first growth from the lesion over
 * allowed voxels (outside the bone, tumour-like CT numbers), at most `maxMm` from where it
 * left the bone. A lesion inside intact cortex touches no allowed voxel and does not grow.
 */
import type { Grid } from '../core/volume.js';
import { quantile } from './sacral-canal.js';

/** The voxels reached from `lesion` through `allowed` within `maxMm` (6-connected steps). */
export function extraosseousExtension(
  grid: Grid,
  masks: { lesion: Uint8Array; allowed: Uint8Array },
  maxMm: number,
): Uint8Array {
  const { lesion, allowed } = masks;
  const [nx, ny, nz] = grid.dims;
  const [sx, sy, sz] = grid.spacingMm;
  const out = new Uint8Array(lesion.length);
  // path length in mm along 6-connected steps (a city-block bound: never farther than maxMm)
  const dist = new Float32Array(lesion.length).fill(Infinity);
  let queue = new Int32Array(1024);
  let tail = 0;
  const push = (v: number, d: number): void => {
    if (d > maxMm || !allowed[v] || lesion[v] || d >= dist[v]) return;
    dist[v] = d;
    if (tail === queue.length) {
      const grown = new Int32Array(queue.length * 2);
      grown.set(queue);
      queue = grown;
    }
    queue[tail++] = v;
  };
  const step = (v: number, d: number): void => {
    const i = v % nx;
    const j = Math.floor(v / nx) % ny;
    const k = Math.floor(v / (nx * ny));
    if (i > 0) push(v - 1, d + sx);
    if (i < nx - 1) push(v + 1, d + sx);
    if (j > 0) push(v - nx, d + sy);
    if (j < ny - 1) push(v + nx, d + sy);
    if (k > 0) push(v - nx * ny, d + sz);
    if (k < nz - 1) push(v + nx * ny, d + sz);
  };
  for (let v = 0; v < lesion.length; v++) if (lesion[v]) step(v, 0);
  // label-correcting: a voxel reached again by a shorter path is queued and visited again
  // (a stale entry just repeats its last, shortest distance)
  for (let head = 0; head < tail; head++) {
    const v = queue[head];
    step(v, dist[v]);
  }
  for (let v = 0; v < out.length; v++) if (dist[v] <= maxMm) out[v] = 1;
  return out;
}

/**
 * A lesion's boundary at the partial-volume half-way point between tumour and the bone around
 * it: the cut is the mean of the lesion's median CT number and the median of `surround` (the
 * marrow and cortex just around it, not the cortex alone: in osteoporotic bone the marrow is
 * not tumour); lesion voxels above the cut leave it, 6-neighbours in `free` below the cut join.
 */
export function halfWayBoundary(
  grid: Grid,
  masks: { lesion: Uint8Array; surround: Uint8Array; free: Uint8Array },
  hu: Float32Array,
): Uint8Array {
  const { lesion, surround, free } = masks;
  const inside: number[] = [];
  const around: number[] = [];
  for (let v = 0; v < lesion.length; v++) {
    if (lesion[v]) inside.push(hu[v]);
    else if (surround[v]) around.push(hu[v]);
  }
  if (!inside.length || !around.length) return lesion;
  const cut = (quantile(inside, 0.5) + quantile(around, 0.5)) / 2;
  const [nx, ny, nz] = grid.dims;
  const out = new Uint8Array(lesion.length);
  for (let v = 0; v < lesion.length; v++) {
    if (lesion[v]) {
      out[v] = hu[v] <= cut ? 1 : 0;
      continue;
    }
    if (!free[v] || hu[v] >= cut) continue;
    const i = v % nx;
    const j = Math.floor(v / nx) % ny;
    const k = Math.floor(v / (nx * ny));
    if (
      (i > 0 && lesion[v - 1]) ||
      (i < nx - 1 && lesion[v + 1]) ||
      (j > 0 && lesion[v - nx]) ||
      (j < ny - 1 && lesion[v + nx]) ||
      (k > 0 && lesion[v - nx * ny]) ||
      (k < nz - 1 && lesion[v + nx * ny])
    )
      out[v] = 1;
  }
  return out;
}
