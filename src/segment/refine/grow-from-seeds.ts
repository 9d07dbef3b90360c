/**
 * Region growing: from seed points, the connected voxels whose CT value lies in
 * [minHu, maxHu] become the label. The region grows breadth-first, so with `maxVolumeMl` it
 * stops as the set of in-range voxels fewest steps from the seeds (a leak through a thin
 * cortical breach is cut off instead of flooding the pelvis). Voxels of protected labels are
 * walls. Visits only the region and its rim, marking it in a reused bit set (no map-sized
 * allocation per edit). Mutates `labels.data` in place and returns the delta.
 */
import { neighbourOffsets, type Connectivity } from '../../core/connected-components.js';
import { InputError } from '../../core/errors.js';
import { applyWorldToIndex, worldToIndexMap } from '../../core/geometry.js';
import type { Vec3 } from '../../core/vec.js';
import type { LabelMap, TypedArray, Volume } from '../../core/volume.js';
import { voxelVolumeMl } from '../../core/volume.js';
import {
  checkHuRange,
  checkLabel,
  checkPoint,
  checkPositive,
  checkSameGrid,
  protectTable,
  voxelAt,
} from './edit-checks.js';
import { DeltaBuilder, type LabelDelta } from './label-delta.js';
import { visitedBits } from './visited-bits.js';

export interface GrowFromSeedsEdit {
  label: number;
  /** LPS points (mm); each selects the voxel whose centre is nearest. */
  seedsLps: Vec3[];
  minHu: number;
  maxHu: number;
  /** Stop growing at this volume (mL); default: the whole connected in-range region. */
  maxVolumeMl?: number;
  /** 6 faces (default), 18 + edges, 26 + corners. */
  connectivity?: Connectivity;
  /** Label values the region never enters (default none). */
  protect?: number[];
}

export function growFromSeeds(labels: LabelMap, ct: Volume<TypedArray>, edit: GrowFromSeedsEdit): LabelDelta {
  const label = checkLabel(edit.label);
  checkSameGrid(labels, ct);
  const { minHu, maxHu } = edit;
  checkHuRange(minHu, maxHu);
  const connectivity = edit.connectivity ?? 6;
  if (connectivity !== 6 && connectivity !== 18 && connectivity !== 26) {
    throw new InputError(`connectivity ${String(connectivity)} must be 6, 18 or 26`, {
      field: 'connectivity',
    });
  }
  const maxVoxels =
    edit.maxVolumeMl === undefined
      ? Infinity
      : Math.max(
          1,
          Math.floor(checkPositive(edit.maxVolumeMl, 'maxVolumeMl') / voxelVolumeMl(labels) + 1e-9),
        );
  if (!Array.isArray(edit.seedsLps) || edit.seedsLps.length === 0) {
    throw new InputError('at least one seed point is needed', { field: 'seedsLps' });
  }
  const blocked = protectTable(edit.protect);
  blocked[label] = 0;
  const data = labels.data;
  const hu = ct.data;
  const [nx, ny, nz] = labels.dims;
  const nxy = nx * ny;
  const w2i = worldToIndexMap(labels);
  const bits = visitedBits(data.length);
  let queue = new Int32Array(1024);
  let tail = 0;
  for (const [s, p] of edit.seedsLps.entries()) {
    const v = voxelAt(labels, applyWorldToIndex(w2i, checkPoint(p, `seedsLps[${s}]`)), `seedsLps[${s}]`);
    const h = hu[v];
    if (!(h >= minHu && h <= maxHu) || blocked[data[v]] === 1) continue;
    if ((bits[v >>> 5] >>> (v & 31)) & 1 || tail >= maxVoxels) continue;
    bits[v >>> 5] |= 1 << (v & 31);
    queue[tail++] = v;
  }
  if (tail === 0) {
    throw new InputError(`no seed lies on a voxel of ${minHu}..${maxHu} HU that may be edited`, {
      field: 'seedsLps',
    });
  }

  const offsets = neighbourOffsets(connectivity);
  const odi = Int32Array.from(offsets, (o) => o[0]);
  const odj = Int32Array.from(offsets, (o) => o[1]);
  const odk = Int32Array.from(offsets, (o) => o[2]);
  const oflat = Int32Array.from(offsets, (o) => o[0] + nx * (o[1] + ny * o[2]));
  const m = offsets.length;
  let i0 = nx;
  let j0 = ny;
  let k0 = nz;
  let i1 = -1;
  let j1 = -1;
  let k1 = -1;
  let head = 0;
  while (head < tail) {
    const v = queue[head++];
    const k = Math.floor(v / nxy);
    const r = v - k * nxy;
    const j = Math.floor(r / nx);
    const i = r - j * nx;
    if (i < i0) i0 = i;
    if (i > i1) i1 = i;
    if (j < j0) j0 = j;
    if (j > j1) j1 = j;
    if (k < k0) k0 = k;
    if (k > k1) k1 = k;
    if (tail >= maxVoxels) continue;
    const inside = i > 0 && i < nx - 1 && j > 0 && j < ny - 1 && k > 0 && k < nz - 1;
    for (let t = 0; t < m; t++) {
      if (!inside) {
        const a = i + odi[t];
        const b = j + odj[t];
        const c = k + odk[t];
        if (a < 0 || a >= nx || b < 0 || b >= ny || c < 0 || c >= nz) continue;
      }
      const w = v + oflat[t];
      if ((bits[w >>> 5] >>> (w & 31)) & 1) continue;
      const h = hu[w];
      if (!(h >= minHu && h <= maxHu) || blocked[data[w]] === 1) continue;
      bits[w >>> 5] |= 1 << (w & 31);
      if (tail === queue.length) {
        const q = new Int32Array(queue.length * 2);
        q.set(queue);
        queue = q;
      }
      queue[tail++] = w;
      if (tail >= maxVoxels) break;
    }
  }

  // Commit in memory order (a sorted delta) word by word, clearing the bits on the way: a word
  // at a row end may hold voxels of the next row, which are then written (still in order) and
  // cleared before that row's own scan reaches them.
  const builder = new DeltaBuilder(labels);
  for (let k = k0; k <= k1; k++) {
    for (let j = j0; j <= j1; j++) {
      const row = nx * (j + ny * k);
      const wLast = (row + i1) >>> 5;
      for (let w = (row + i0) >>> 5; w <= wLast; w++) {
        let x = bits[w];
        if (x === 0) continue;
        bits[w] = 0;
        while (x !== 0) {
          const low = x & -x;
          builder.set(32 * w + 31 - Math.clz32(low), label);
          x ^= low;
        }
      }
    }
  }
  return builder.finish();
}
