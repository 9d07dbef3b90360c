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

/** Growable flat arrays of the mask's runs (maximal stretches of voxels along i in one row). */
class Runs {
  start = new Int32Array(1024);
  end = new Int32Array(1024);
  label = new Int32Array(1024);
  count = 0;
  push(start: number, end: number): number {
    if (this.count === this.start.length) {
      const grow = (a: Int32Array): Int32Array<ArrayBuffer> => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.start = grow(this.start);
      this.end = grow(this.end);
      this.label = grow(this.label);
    }
    this.start[this.count] = start;
    this.end[this.count] = end;
    return this.count++;
  }
}

/**
 * The rows (dj, dk) scanned before a row whose voxels can touch it, and by how many voxels
 * along i a run there may be off and still touch (1 when a diagonal step along i is allowed).
 */
function earlierRows(connectivity: Connectivity): { dj: number; dk: number; reach: number }[] {
  const rows = [
    { dj: -1, dk: 0 },
    { dj: -1, dk: -1 },
    { dj: 0, dk: -1 },
    { dj: 1, dk: -1 },
  ];
  const out = [];
  for (const { dj, dk } of rows) {
    const steps = Math.abs(dj) + Math.abs(dk);
    // the offsets (di, dj, dk) allowed: |di| + steps within the connectivity's reach
    const maxSteps = connectivity === 6 ? 1 : connectivity === 18 ? 2 : 3;
    if (steps > maxSteps) continue;
    out.push({ dj, dk, reach: steps + 1 <= maxSteps ? 1 : 0 });
  }
  return out;
}

/**
 * Components of the voxels where `mask` is non-zero, run by run: one raster scan cuts each row
 * into runs and joins each run to the touching runs of the rows scanned before it (union-find
 * with path halving), then the roots get their ids in the order of their first voxel and the
 * runs are filled. Work goes with the number of runs, not of voxels.
 */
export function connectedComponents(
  grid: Pick<Grid, 'dims'>,
  mask: ArrayLike<number>,
  connectivity: Connectivity = 26,
): Components {
  const [nx, ny, nz] = grid.dims;
  const n = voxelCount(grid as Grid);
  const rowCount = ny * nz;
  const runs = new Runs();
  // runs of row r are rowFirst[r] .. rowFirst[r + 1] - 1
  const rowFirst = new Int32Array(rowCount + 1);
  const neighbours = earlierRows(connectivity);
  let parent = new Int32Array(1024);
  let labels = 0;
  const find = (a: number): number => {
    while (parent[a] !== a) {
      parent[a] = parent[parent[a]];
      a = parent[a];
    }
    return a;
  };
  // joins the component of run label `label` to that of `current` (0: none yet); the root
  // (another run of the row may have re-rooted `current` since it was found)
  const join = (current: number, label: number): number => {
    if (current === 0) return find(label);
    const root = find(current);
    const other = find(label);
    if (other < root) {
      parent[root] = other;
      return other;
    }
    if (other > root) parent[other] = root;
    return root;
  };
  for (let r = 0; r < rowCount; r++) {
    const j = r % ny;
    const k = (r - j) / ny;
    const row = r * nx;
    rowFirst[r] = runs.count;
    const first = runs.count;
    for (let i = 0; i < nx; i++) {
      if (mask[row + i] === 0) continue;
      const s = i;
      while (i < nx && mask[row + i] !== 0) i++;
      runs.push(s, i);
    }
    const last = runs.count;
    if (first === last) continue;
    for (let t = first; t < last; t++) runs.label[t] = 0;
    // join with the touching runs of each earlier neighbouring row (both lists are in order)
    for (const { dj, dk, reach } of neighbours) {
      const jj = j + dj;
      const kk = k + dk;
      if (jj < 0 || jj >= ny || kk < 0) continue;
      const rr = jj + ny * kk;
      let u = rowFirst[rr];
      const uEnd = rowFirst[rr + 1];
      for (let t = first; t < last && u < uEnd;) {
        const s = runs.start[t];
        const e = runs.end[t];
        // runs [s, e) and [s', e') touch when s < e' + reach and s' < e + reach
        if (runs.end[u] + reach <= s) {
          u++;
          continue;
        }
        if (runs.start[u] >= e + reach) {
          t++;
          continue;
        }
        runs.label[t] = join(runs.label[t], runs.label[u]);
        // the run that ends first cannot touch the other row's next run
        if (runs.end[u] < e) u++;
        else t++;
      }
    }
    for (let t = first; t < last; t++) {
      if (runs.label[t] !== 0) continue;
      const root = ++labels;
      if (root >= parent.length) {
        const grown = new Int32Array(parent.length * 2);
        grown.set(parent);
        parent = grown;
      }
      parent[root] = root;
      runs.label[t] = root;
    }
  }
  rowFirst[rowCount] = runs.count;
  // final ids by first voxel: runs are in raster order, so a root is met first where its
  // component starts
  const ids = new Int32Array(n);
  const finalId = new Int32Array(labels + 1);
  const sizes = [0];
  for (let r = 0; r < rowCount; r++) {
    const row = r * nx;
    for (let t = rowFirst[r]; t < rowFirst[r + 1]; t++) {
      const root = find(runs.label[t]);
      let id = finalId[root];
      if (id === 0) {
        id = finalId[root] = sizes.length;
        sizes.push(0);
      }
      ids.fill(id, row + runs.start[t], row + runs.end[t]);
      sizes[id] += runs.end[t] - runs.start[t];
    }
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
