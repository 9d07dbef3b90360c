/**
 * Grow-cut from foreground and background seeds, in its fast shortest-path form (Zhu, Kolesov,
 * Gao, Kikinis & Tannenbaum, "An effective interactive medical image segmentation method using
 * Fast GrowCut", MICCAI Interactive Medical Image Computing workshop, 2014; 3D Slicer's "Grow
 * from seeds"): every voxel of a region of interest goes to the seed set it reaches along the
 * path of least total |ΔHU| between face neighbours. The region is the box of balls of
 * `marginMm` around all seeds. Foreground voxels become the label; voxels of the label won by
 * the background become 0; protected voxels are walls and never change. Costs are whole HU
 * (steps capped at 1000 HU), so a bucket queue (Dial's algorithm) replaces a heap.
 * Mutates `labels.data` in place and returns the delta.
 */
import { InputError } from '../../core/errors.js';
import { applyWorldToIndex, worldToIndexMap } from '../../core/geometry.js';
import type { Vec3 } from '../../core/vec.js';
import type { LabelMap, TypedArray, Volume } from '../../core/volume.js';
import { boxCodes, commitTargets } from './box-codes.js';
import {
  checkLabel,
  checkPoint,
  checkPositive,
  checkSameGrid,
  protectTable,
  voxelAt,
} from './edit-checks.js';
import { sphereIndexBox, type IndexBox } from './index-box.js';
import { DeltaBuilder, type LabelDelta } from './label-delta.js';

export interface GrowCutEdit {
  label: number;
  /** Points (LPS mm) inside the structure. */
  foregroundLps: Vec3[];
  /** Points (LPS mm) outside it. */
  backgroundLps: Vec3[];
  /** Radius (mm) of the region of interest around each seed; default 20. */
  marginMm?: number;
  /** Label values never changed and never crossed (default none). */
  protect?: number[];
}

/** Largest cost of one step between neighbours (HU). */
const STEP_CAP = 1000;
const UNREACHED = 0x7fffffff;

export function growCut(labels: LabelMap, ct: Volume<TypedArray>, edit: GrowCutEdit): LabelDelta {
  const label = checkLabel(edit.label);
  checkSameGrid(labels, ct);
  const margin = checkPositive(edit.marginMm ?? 20, 'marginMm');
  for (const field of ['foregroundLps', 'backgroundLps'] as const) {
    if (!Array.isArray(edit[field]) || edit[field].length === 0) {
      throw new InputError(`grow-cut needs at least one ${field.replace('Lps', '')} seed`, { field });
    }
    // every seed on a voxel of the grid, before anything is allocated or written
    const w2iCheck = worldToIndexMap(labels);
    edit[field].forEach((p, s) =>
      voxelAt(labels, applyWorldToIndex(w2iCheck, checkPoint(p, `${field}[${s}]`)), `${field}[${s}]`),
    );
  }
  const blocked = protectTable(edit.protect);
  blocked[label] = 0;
  const builder = new DeltaBuilder(labels);

  let roi: IndexBox | null = null;
  for (const p of [...edit.foregroundLps, ...edit.backgroundLps]) {
    const b = sphereIndexBox(labels, { centerLps: p, radiusMm: margin });
    roi = roi
      ? {
          i0: Math.min(roi.i0, b.i0),
          j0: Math.min(roi.j0, b.j0),
          k0: Math.min(roi.k0, b.k0),
          i1: Math.max(roi.i1, b.i1),
          j1: Math.max(roi.j1, b.j1),
          k1: Math.max(roi.k1, b.k1),
        }
      : b;
  }
  const box = roi as IndexBox;
  const local = boxCodes(labels, box, blocked);
  const walls = local.codes;
  const [dx, dy, dz] = local.dims;
  const n = walls.length;
  const hu = new Float32Array(n);
  {
    const src = ct.data;
    let o = 0;
    for (let z = 0; z < dz; z++)
      for (let y = 0; y < dy; y++) {
        const g = local.base + y * local.strides[1] + z * local.strides[2];
        for (let x = 0; x < dx; x++) hu[o++] = src[g + x];
      }
  }
  const owner = new Uint8Array(n);
  const cost = new Int32Array(n).fill(UNREACHED);
  const queue = new BucketQueue(STEP_CAP + 1);
  const w2i = worldToIndexMap(labels);
  const seedSets: [Vec3[], number, string][] = [
    [edit.foregroundLps, 1, 'foregroundLps'],
    [edit.backgroundLps, 2, 'backgroundLps'],
  ];
  const [nx, ny] = labels.dims;
  for (const [points, who, field] of seedSets) {
    points.forEach((p, s) => {
      const g = voxelAt(labels, applyWorldToIndex(w2i, p), `${field}[${s}]`);
      const i = g % nx;
      const j = Math.floor(g / nx) % ny;
      const k = Math.floor(g / (nx * ny));
      const l = i - box.i0 + dx * (j - box.j0 + dy * (k - box.k0));
      if (walls[l]) return;
      owner[l] = who;
      if (cost[l] !== 0) queue.push(l, 0);
      cost[l] = 0;
    });
  }
  if (!owner.includes(1) || !owner.includes(2)) {
    throw new InputError('grow-cut needs a foreground and a background seed on editable voxels', {
      field: owner.includes(1) ? 'backgroundLps' : 'foregroundLps',
    });
  }

  const steps = [1, -1, dx, -dx, dx * dy, -dx * dy];
  const dxy = dx * dy;
  for (let v = queue.pop(cost); v >= 0; v = queue.pop(cost)) {
    const c = cost[v];
    const x = v % dx;
    const y = Math.floor(v / dx) % dy;
    const z = Math.floor(v / dxy);
    for (let t = 0; t < 6; t++) {
      if (t === 0 && x === dx - 1) continue;
      if (t === 1 && x === 0) continue;
      if (t === 2 && y === dy - 1) continue;
      if (t === 3 && y === 0) continue;
      if (t === 4 && z === dz - 1) continue;
      if (t === 5 && z === 0) continue;
      const w = v + steps[t];
      if (walls[w]) continue;
      const step = Math.min(STEP_CAP, Math.round(Math.abs(hu[w] - hu[v])));
      const d = c + step;
      if (d < cost[w]) {
        cost[w] = d;
        owner[w] = owner[v];
        queue.push(w, d);
      }
    }
  }

  // target: 1 = becomes the label, 2 = leaves the label for background
  const current = boxCodes(labels, box, labelTable(label)).codes;
  const target = new Uint8Array(n);
  for (let l = 0; l < n; l++) {
    if (owner[l] === 1 && current[l] === 0) target[l] = 1;
    else if (owner[l] === 2 && current[l] === 1) target[l] = 2;
  }
  commitTargets(local, target, { values: [0, label, 0], builder });
  return builder.finish();
}

function labelTable(label: number): Uint8Array {
  const t = new Uint8Array(256);
  t[label] = 1;
  return t;
}

/**
 * Dial's bucket queue for integer priorities whose spread never exceeds `span - 1`: entries in
 * circular buckets, outdated entries skipped when popped (their priority is above the cost).
 */
class BucketQueue {
  private readonly head: Int32Array;
  private next = new Int32Array(1024);
  private item = new Int32Array(1024);
  private prio = new Int32Array(1024);
  private free = -1;
  private used = 0;
  private live = 0;
  private current = 0;

  constructor(private readonly span: number) {
    this.head = new Int32Array(span).fill(-1);
  }

  push(item: number, priority: number): void {
    let e = this.free;
    if (e >= 0) this.free = this.next[e];
    else {
      if (this.used === this.item.length) this.grow();
      e = this.used++;
    }
    const b = priority % this.span;
    this.item[e] = item;
    this.prio[e] = priority;
    this.next[e] = this.head[b];
    this.head[b] = e;
    this.live++;
  }

  /** The item of least priority whose priority still equals its cost, or -1 when empty. */
  pop(cost: Int32Array): number {
    while (this.live > 0) {
      const b = this.current % this.span;
      const e = this.head[b];
      if (e < 0) {
        this.current++;
        continue;
      }
      this.head[b] = this.next[e];
      this.next[e] = this.free;
      this.free = e;
      this.live--;
      const item = this.item[e];
      if (cost[item] === this.prio[e]) return item;
    }
    return -1;
  }

  private grow(): void {
    const m = this.item.length * 2;
    for (const key of ['next', 'item', 'prio'] as const) {
      const a = new Int32Array(m);
      a.set(this[key]);
      this[key] = a;
    }
  }
}
