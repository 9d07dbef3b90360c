/**
 * Connected components of a 0/1 mask by runs: each row along x is cut into runs of set voxels,
 * runs of neighbouring rows that touch are joined with union-find (He, Chao & Suzuki, "A
 * run-based two-scan labeling algorithm", IEEE TIP 17(5), 2008). The work grows with the number
 * of runs, i.e. with the surface, not the volume, which makes it 10-20x faster than a voxel
 * flood fill (core `connectedComponents`) on solid structures; the numbering is identical.
 *
 *   rows along x of one slice     connectivity 6 (faces)    connectivity 26 (faces, edges, corners)
 *   1 1 0 0                        run a                      run a
 *   0 0 1 1                        run b (apart from a)       run b touches a at a corner: one component
 *
 * 'slices-z' is 2D face connectivity within each z plane (planes never joined), 'slices-y'
 * the same within each y plane.
 */
import type { Vec3 } from '../../core/vec.js';
import { RunsBuilder, type Runs } from './row-runs.js';

export type RunConnectivity = 6 | 18 | 26 | 'slices-z' | 'slices-y';

export interface RunLabels {
  /** Per run: component 0..count-1, numbered in order of first voxel. */
  readonly component: Int32Array;
  readonly count: number;
  /** Voxels per component. */
  readonly sizes: Float64Array;
}

/** Neighbour rows (dy, dz) already scanned, and how far runs may be apart in x to touch (0/1). */
const LINKS: Record<RunConnectivity, readonly (readonly [number, number, number])[]> = {
  'slices-z': [[-1, 0, 0]],
  'slices-y': [[0, -1, 0]],
  6: [
    [-1, 0, 0],
    [0, -1, 0],
  ],
  18: [
    [-1, 0, 1],
    [0, -1, 1],
    [-1, -1, 0],
    [1, -1, 0],
  ],
  26: [
    [-1, 0, 1],
    [0, -1, 1],
    [-1, -1, 1],
    [1, -1, 1],
  ],
};

/** Connected components of the voxels covered by `runs`. */
export function labelRuns(runs: Runs, connectivity: RunConnectivity): RunLabels {
  const links = LINKS[connectivity];
  if (!links) throw new RangeError(`connectivity ${connectivity} must be 6, 18, 26, slices-z or slices-y`);
  const [, ny, nz] = runs.dims;
  const rows = ny * nz;
  const { start, end, count, rowFirst } = runs;
  const parent = new Int32Array(count);
  for (let r = 0; r < count; r++) parent[r] = r;

  for (let rr = 0; rr < rows; rr++) {
    const aFirst = rowFirst[rr];
    const aLast = rowFirst[rr + 1];
    if (aFirst === aLast) continue;
    const y = rr % ny;
    const z = (rr - y) / ny;
    for (const [dy, dz, ext] of links) {
      const yy = y + dy;
      const zz = z + dz;
      if (yy < 0 || yy >= ny || zz < 0) continue;
      const nr = yy + ny * zz;
      let p = aFirst;
      let q = rowFirst[nr];
      const qLast = rowFirst[nr + 1];
      while (p < aLast && q < qLast) {
        if (start[p] < end[q] + ext && start[q] < end[p] + ext) union(parent, p, q);
        if (end[p] <= end[q]) p++;
        else q++;
      }
    }
  }

  const component = new Int32Array(count);
  const idOfRoot = new Int32Array(count).fill(-1);
  const sizeList: number[] = [];
  for (let r = 0; r < count; r++) {
    const root = find(parent, r);
    let id = idOfRoot[root];
    if (id < 0) {
      id = sizeList.length;
      idOfRoot[root] = id;
      sizeList.push(0);
    }
    component[r] = id;
    sizeList[id] += end[r] - start[r];
  }
  return { component, count: sizeList.length, sizes: Float64Array.from(sizeList) };
}

/** Runs of the non-zero voxels of a local mask, mask[x + nx * (y + ny * z)]. */
export function runsOfMask(mask: ArrayLike<number>, dims: Vec3): Runs {
  const [nx, ny, nz] = dims;
  const out = new RunsBuilder(dims);
  for (let r = 0; r < ny * nz; r++) {
    out.openRow(r);
    const base = r * nx;
    let x = 0;
    while (x < nx) {
      while (x < nx && mask[base + x] === 0) x++;
      if (x === nx) break;
      const s = x;
      while (x < nx && mask[base + x] !== 0) x++;
      out.add(r, s, x);
    }
  }
  return out.finish();
}

/** Runs of the voxels NOT covered by `runs`, within [0, dims[0]) of every row. */
export function complementRuns(runs: Runs): Runs {
  const [dx, dy, dz] = runs.dims;
  const out = new RunsBuilder(runs.dims);
  for (let r = 0; r < dy * dz; r++) {
    out.openRow(r);
    let x = 0;
    for (let q = runs.rowFirst[r]; q < runs.rowFirst[r + 1]; q++) {
      if (runs.start[q] > x) out.add(r, x, runs.start[q]);
      x = runs.end[q];
    }
    if (x < dx) out.add(r, x, dx);
  }
  return out.finish();
}

function find(parent: Int32Array, r: number): number {
  while (parent[r] !== r) {
    parent[r] = parent[parent[r]];
    r = parent[r];
  }
  return r;
}

function union(parent: Int32Array, a: number, b: number): void {
  const ra = find(parent, a);
  const rb = find(parent, b);
  if (ra < rb) parent[rb] = ra;
  else if (rb < ra) parent[ra] = rb;
}
