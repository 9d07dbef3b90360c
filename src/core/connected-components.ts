/**
 * Connected components of a binary mask on a voxel grid (breadth-first flood fill with a flat
 * queue). Connectivity 6 (faces), 18 (faces + edges) or 26 (faces + edges + corners).
 *
 *   mask      6-connectivity   26-connectivity
 *   1 1 0     1 1 0            1 1 0
 *   0 0 1     0 0 2            0 0 1
 */
import type { Grid } from './volume.js';
import { voxelCount } from './volume.js';

export type Connectivity = 6 | 18 | 26;

export interface Components {
  /** Component id per voxel (1-based, 0 = background), ids ordered by first voxel. */
  ids: Int32Array;
  /** sizes[id] = voxel count of component id (sizes[0] = 0). */
  sizes: number[];
}

/** Neighbour offsets (di, dj, dk) for a connectivity. */
export function neighbourOffsets(connectivity: Connectivity): [number, number, number][] {
  const out: [number, number, number][] = [];
  for (let dk = -1; dk <= 1; dk++)
    for (let dj = -1; dj <= 1; dj++)
      for (let di = -1; di <= 1; di++) {
        const n = Math.abs(di) + Math.abs(dj) + Math.abs(dk);
        if (n === 0) continue;
        if (connectivity === 6 && n > 1) continue;
        if (connectivity === 18 && n > 2) continue;
        out.push([di, dj, dk]);
      }
  return out;
}

/** Components of the voxels where `mask` is non-zero. */
export function connectedComponents(
  grid: Pick<Grid, 'dims'>,
  mask: ArrayLike<number>,
  connectivity: Connectivity = 26,
): Components {
  const [nx, ny, nz] = grid.dims;
  const n = voxelCount(grid as Grid);
  const ids = new Int32Array(n);
  const sizes = [0];
  const offsets = neighbourOffsets(connectivity);
  const queue = new Int32Array(n);
  let next = 1;
  for (let seed = 0; seed < n; seed++) {
    if (mask[seed] === 0 || ids[seed] !== 0) continue;
    const id = next++;
    let head = 0;
    let tail = 0;
    queue[tail++] = seed;
    ids[seed] = id;
    while (head < tail) {
      const v = queue[head++];
      const i = v % nx;
      const j = ((v - i) / nx) % ny;
      const k = (v - i - nx * j) / (nx * ny);
      for (const [di, dj, dk] of offsets) {
        const a = i + di;
        const b = j + dj;
        const c = k + dk;
        if (a < 0 || a >= nx || b < 0 || b >= ny || c < 0 || c >= nz) continue;
        const w = a + nx * (b + ny * c);
        if (mask[w] !== 0 && ids[w] === 0) {
          ids[w] = id;
          queue[tail++] = w;
        }
      }
    }
    sizes.push(tail);
  }
  return { ids, sizes };
}

/** A 0/1 mask of the largest component (all zeros when the mask is empty). */
export function largestComponent(
  grid: Pick<Grid, 'dims'>,
  mask: ArrayLike<number>,
  connectivity: Connectivity = 26,
): Uint8Array {
  const { ids, sizes } = connectedComponents(grid, mask, connectivity);
  let best = 0;
  for (let id = 1; id < sizes.length; id++) if (sizes[id] > sizes[best]) best = id;
  const out = new Uint8Array(ids.length);
  if (best === 0) return out;
  for (let i = 0; i < ids.length; i++) out[i] = ids[i] === best ? 1 : 0;
  return out;
}
