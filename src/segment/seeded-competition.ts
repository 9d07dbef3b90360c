/**
 * Seeded region competition (an image-foresting transform): every voxel of `mask` gets the
 * label of the seed it reaches with the cheapest path, the cost of a step being its length in mm
 * times the mean of the two voxels' costs. With a cost that is high where CT numbers are low,
 * the boundary between two labelled bones falls in the joint space between them, and where no
 * joint is visible, halfway between the seeds.
 */
import type { Grid } from '../core/volume.js';
import { neighbourOffsets } from '../core/connected-components.js';

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

/** Labels of every reachable voxel of the mask (0 where no seed reaches). */
export function seededCompetition(grid: Grid, input: CompetitionInput): Uint8Array {
  const [nx, ny, nz] = grid.dims;
  const { mask, seeds, cost } = input;
  const n = mask.length;
  const label = new Uint8Array(n);
  const dist = new Float64Array(n).fill(Infinity);
  const heap = new MinHeap(1 << 16);
  for (let v = 0; v < n; v++) {
    if (seeds[v]) {
      label[v] = seeds[v];
      dist[v] = 0;
      heap.push(0, v);
    }
  }
  const offsets = neighbourOffsets(26);
  const delta = Int32Array.from(offsets, ([di, dj, dk]) => di + nx * (dj + ny * dk));
  const stepMm = Float64Array.from(offsets, ([di, dj, dk]) =>
    Math.hypot(di * grid.spacingMm[0], dj * grid.spacingMm[1], dk * grid.spacingMm[2]),
  );
  const steps = offsets.length;
  const done = new Uint8Array(n);
  const nxy = nx * ny;
  while (heap.size > 0) {
    const d = heap.keys[0];
    const v = heap.items[0];
    heap.pop();
    if (done[v] || d > dist[v]) continue;
    done[v] = 1;
    const k = (v / nxy) | 0;
    const j = ((v - k * nxy) / nx) | 0;
    const i = v - k * nxy - j * nx;
    // a voxel on the grid's edge checks each neighbour; the others (nearly all) need not
    const edge = i === 0 || i === nx - 1 || j === 0 || j === ny - 1 || k === 0 || k === nz - 1;
    const cv = cost[v];
    for (let s = 0; s < steps; s++) {
      if (edge) {
        const [di, dj, dk] = offsets[s];
        const a = i + di;
        const b = j + dj;
        const c = k + dk;
        if (a < 0 || a >= nx || b < 0 || b >= ny || c < 0 || c >= nz) continue;
      }
      const w = v + delta[s];
      if (!mask[w] || done[w]) continue;
      const nd = d + stepMm[s] * 0.5 * (cv + cost[w]);
      if (nd < dist[w]) {
        dist[w] = nd;
        label[w] = label[v];
        heap.push(nd, w);
      }
    }
  }
  for (let v = 0; v < n; v++) if (!mask[v] && !seeds[v]) label[v] = 0;
  return label;
}
