/**
 * Seeded region competition (an image-foresting transform): every voxel of `mask` gets the
 * label of the seed it reaches with the cheapest path, the cost of a step being its length in mm
 * times the mean of the two voxels' costs. With a cost that is high where CT numbers are low,
 * the boundary between two labelled bones falls in the joint space between them, and where no
 * joint is visible, halfway between the seeds.
 */
import { neighbourOffsets } from '../core/connected-components.js';
import { nonZeroBounds } from '../core/crop.js';
import { makeVolume, type Grid } from '../core/volume.js';

/** A binary min-heap of (key, voxel) pairs in flat arrays. */
class MinHeap {
  keys: Float64Array;
  items: Int32Array;
  size = 0;
  constructor(capacity: number) {
    this.keys = new Float64Array(capacity);
    this.items = new Int32Array(capacity);
  }
  push(key: number, item: number): void {
    if (this.size === this.keys.length) {
      const k = new Float64Array(this.size * 2);
      k.set(this.keys);
      const it = new Int32Array(this.size * 2);
      it.set(this.items);
      this.keys = k;
      this.items = it;
    }
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.keys[parent] <= key) break;
      this.keys[i] = this.keys[parent];
      this.items[i] = this.items[parent];
      i = parent;
    }
    this.keys[i] = key;
    this.items[i] = item;
  }
  /** Removes the minimum; read it from topKey/topItem before calling. */
  pop(): void {
    const n = --this.size;
    const key = this.keys[n];
    const item = this.items[n];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && this.keys[c + 1] < this.keys[c]) c++;
      if (this.keys[c] >= key) break;
      this.keys[i] = this.keys[c];
      this.items[i] = this.items[c];
      i = c;
    }
    this.keys[i] = key;
    this.items[i] = item;
  }
}

export interface CompetitionInput {
  /** Where labels may spread (0/1). */
  mask: Uint8Array;
  /** Seed labels (0 = no seed); seeds outside the mask still start paths. */
  seeds: Uint8Array;
  /** Cost per voxel (>= some positive minimum). */
  cost: Float32Array;
}

/**
 * Labels of every reachable voxel of the mask (0 where no seed reaches); seeds keep their own
 * label. The paths are found in the mask's bounding box only, on one array of path costs that
 * also says which voxels are closed: -Infinity outside the mask, 0 at the seeds, and a voxel
 * whose cost is already no more than the one being expanded cannot improve (steps cost > 0).
 */
export function seededCompetition(grid: Grid, input: CompetitionInput): Uint8Array {
  const { mask, seeds, cost } = input;
  const out = seeds.slice();
  const bounds = nonZeroBounds(makeVolume(grid, mask));
  if (!bounds) return out;
  // grown by one voxel: seeds beyond it touch no mask voxel
  const box = {
    lo: bounds[0].map((x) => Math.max(0, x - 1)),
    hi: bounds[1].map((x, a) => Math.min(grid.dims[a] - 1, x + 1)),
  };
  const [gx, gy] = grid.dims;
  const [nx, ny, nz] = [0, 1, 2].map((a) => box.hi[a] - box.lo[a] + 1);
  const n = nx * ny * nz;
  const nxy = nx * ny;
  // the box's voxel b is the grid's voxel at(b): rows of the box are contiguous in the grid
  const rowStart = (j: number, k: number): number => box.lo[0] + gx * (box.lo[1] + j + gy * (box.lo[2] + k));
  const label = new Uint8Array(n);
  const dist = new Float64Array(n);
  const local = new Float32Array(n);
  const heap = new MinHeap(1 << 16);
  for (let k = 0, b = 0; k < nz; k++)
    for (let j = 0; j < ny; j++) {
      const g0 = rowStart(j, k);
      for (let i = 0; i < nx; i++, b++) {
        const g = g0 + i;
        local[b] = cost[g];
        if (seeds[g]) {
          label[b] = seeds[g];
          heap.push(0, b);
        } else dist[b] = mask[g] ? Infinity : -Infinity;
      }
    }
  const offsets = neighbourOffsets(26);
  const delta = Int32Array.from(offsets, ([di, dj, dk]) => di + nx * (dj + ny * dk));
  const stepMm = Float64Array.from(offsets, ([di, dj, dk]) =>
    Math.hypot(di * grid.spacingMm[0], dj * grid.spacingMm[1], dk * grid.spacingMm[2]),
  );
  const steps = offsets.length;
  while (heap.size > 0) {
    const d = heap.keys[0];
    const v = heap.items[0];
    heap.pop();
    if (d > dist[v]) continue;
    const k = (v / nxy) | 0;
    const j = ((v - k * nxy) / nx) | 0;
    const i = v - k * nxy - j * nx;
    // a voxel on the box's edge checks each neighbour; the others (nearly all) need not
    const edge = i === 0 || i === nx - 1 || j === 0 || j === ny - 1 || k === 0 || k === nz - 1;
    const cv = local[v];
    for (let s = 0; s < steps; s++) {
      if (edge) {
        const [di, dj, dk] = offsets[s];
        const a = i + di;
        const b = j + dj;
        const c = k + dk;
        if (a < 0 || a >= nx || b < 0 || b >= ny || c < 0 || c >= nz) continue;
      }
      const w = v + delta[s];
      const dw = dist[w];
      // outside the mask, a seed, or reached at no more than d: no step can improve it
      if (dw <= d) continue;
      const nd = d + stepMm[s] * 0.5 * (cv + local[w]);
      if (nd < dw) {
        dist[w] = nd;
        label[w] = label[v];
        heap.push(nd, w);
      }
    }
  }
  for (let k = 0, b = 0; k < nz; k++)
    for (let j = 0; j < ny; j++) {
      const g0 = rowStart(j, k);
      for (let i = 0; i < nx; i++, b++) if (mask[g0 + i] && !seeds[g0 + i]) out[g0 + i] = label[b];
    }
  return out;
}
