/**
 * Connected components of a binary mask on a voxel grid (two-pass union-find labelling).
 * Connectivity 6 (faces), 18 (faces + edges) or 26 (faces + edges + corners).
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

/**
 * Components of the voxels where `mask` is non-zero: one raster scan joining each voxel to its
 * already-visited neighbours (union-find with path halving), then one pass giving the roots
 * their ids in the order of their first voxel. Reads memory in order, no per-voxel division.
 */
export function connectedComponents(
  grid: Pick<Grid, 'dims'>,
  mask: ArrayLike<number>,
  connectivity: Connectivity = 26,
): Components {
  const [nx, ny, nz] = grid.dims;
  const n = voxelCount(grid as Grid);
  const ids = new Int32Array(n);
  // the neighbours scanned before a voxel: half of the offsets, those with a smaller index
  const back = neighbourOffsets(connectivity).filter(
    ([di, dj, dk]) => dk < 0 || (dk === 0 && (dj < 0 || (dj === 0 && di < 0))),
  );
  const bdi = Int32Array.from(back, (o) => o[0]);
  const bdj = Int32Array.from(back, (o) => o[1]);
  const bdk = Int32Array.from(back, (o) => o[2]);
  const bstep = Int32Array.from(back, ([di, dj, dk]) => di + nx * (dj + ny * dk));
  const nb = back.length;
  let parent = new Int32Array(1024);
  let labels = 0;
  const find = (a: number): number => {
    while (parent[a] !== a) {
      parent[a] = parent[parent[a]];
      a = parent[a];
    }
    return a;
  };
  for (let k = 0, v = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++, v++) {
        if (mask[v] === 0) continue;
        let root = 0;
        for (let t = 0; t < nb; t++) {
          const a = i + bdi[t];
          const b = j + bdj[t];
          if (a < 0 || a >= nx || b < 0 || b >= ny || k + bdk[t] < 0) continue;
          const label = ids[v + bstep[t]];
          if (label === 0) continue;
          if (root === 0) root = find(label);
          else if (label !== root) {
            const other = find(label);
            if (other < root) {
              parent[root] = other;
              root = other;
            } else if (other > root) parent[other] = root;
          }
        }
        if (root === 0) {
          root = ++labels;
          if (root >= parent.length) {
            const grown = new Int32Array(parent.length * 2);
            grown.set(parent);
            parent = grown;
          }
          parent[root] = root;
        }
        ids[v] = root;
      }
  // final ids by first voxel: a root is met first where its component starts
  const finalId = new Int32Array(labels + 1);
  const sizes = [0];
  for (let v = 0; v < n; v++) {
    const label = ids[v];
    if (label === 0) continue;
    const root = find(label);
    let id = finalId[root];
    if (id === 0) {
      id = finalId[root] = sizes.length;
      sizes.push(0);
    }
    ids[v] = id;
    sizes[id]++;
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
