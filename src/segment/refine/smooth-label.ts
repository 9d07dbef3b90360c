/**
 * Smoothing of one label by morphological opening then closing with a world-space ball of
 * radius `radiusMm` (anisotropic and oblique grids honoured): opening removes protrusions,
 * bridges and specks thinner than the ball, closing fills dents and gaps narrower than it.
 * Voxels the result drops become background (0); voxels it adds are taken only from the
 * background, never from another label. Voxels beyond the grid edge count neither as label nor
 * as background, so a structure cut by the field of view is not eaten at the cut.
 *
 * Erosion and dilation run on runs of voxels along rows (run-morphology.ts), so the work
 * grows with the rows the label occupies times the ball's cross-section, not with the map.
 * Mutates `labels.data` in place and returns the delta.
 */
import type { LabelMap } from '../../core/volume.js';
import { ballOffsets } from './ball-offsets.js';
import { checkLabel, checkPositive } from './edit-checks.js';
import { DeltaBuilder, type LabelDelta } from './label-delta.js';
import { cropRuns, runsBounds, runsOfValue } from './row-runs.js';
import { ballRows, bitsToRuns, dilateRuns, erodeRuns, runsToBits, wordsPerRow } from './run-morphology.js';

export interface SmoothLabelEdit {
  label: number;
  /** Radius of the ball (mm): details smaller than about this size go. */
  radiusMm: number;
}

export function smoothLabel(labels: LabelMap, edit: SmoothLabelEdit): LabelDelta {
  const label = checkLabel(edit.label);
  const radius = checkPositive(edit.radiusMm, 'radiusMm');
  const builder = new DeltaBuilder(labels);
  // Runs of the label over the whole grid (one word-at-a-time pass), then cropped to its
  // bounding box grown by twice the ball and one voxel: the closing's dilation reaches one ball
  // beyond the label, its erosion looks one more ball out, and the outermost layer of the box
  // is then background for certain, so treating voxels beyond the box as "not background"
  // changes nothing (a monotone path to any background voxel outside crosses that layer).
  const [nx, ny, nz] = labels.dims;
  const all = runsOfValue(labels.data, { base: 0, strides: [1, nx, nx * ny], dims: labels.dims }, label);
  const bounds = runsBounds(all);
  if (!bounds) return builder.finish();
  const ballOff = ballOffsets(labels, radius);
  const m = ballOff.extent.map((e) => 2 * e + 1);
  const box = {
    x0: Math.max(0, bounds.x0 - m[0]),
    x1: Math.min(nx - 1, bounds.x1 + m[0]),
    y0: Math.max(0, bounds.y0 - m[1]),
    y1: Math.min(ny - 1, bounds.y1 + m[1]),
    z0: Math.max(0, bounds.z0 - m[2]),
    z1: Math.min(nz - 1, bounds.z1 + m[2]),
  };
  const original = cropRuns(all, box);
  const ball = ballRows(ballOff);
  const opened = bitsToRuns(dilateRuns(bitsToRuns(erodeRuns(original, ball)), ball));
  const closed = erodeRuns(bitsToRuns(dilateRuns(opened, ball)), ball);

  // Changes, in memory order: rows (y + dy * z) increasing, bits increasing within a row.
  const before = runsToBits(original);
  const [, dy] = original.dims;
  const wpr = wordsPerRow(original.dims);
  const rows = mergeRows(before.rows, closed.rows);
  const data = labels.data;
  for (let t = 0; t < rows.length; t++) {
    const r = rows[t];
    const y = r % dy;
    const z = (r - y) / dy;
    const rowBase = box.x0 + nx * (box.y0 + y + ny * (box.z0 + z));
    for (let w = r * wpr; w < (r + 1) * wpr; w++) {
      let diff = (before.bits[w] ^ closed.bits[w]) >>> 0;
      if (diff === 0) continue;
      const was = before.bits[w];
      const base = rowBase + ((w - r * wpr) << 5);
      while (diff !== 0) {
        const low = diff & -diff;
        const idx = base + 31 - Math.clz32(low);
        if (was & low) builder.set(idx, 0);
        else if (data[idx] === 0) builder.set(idx, label);
        diff = (diff ^ low) >>> 0;
      }
    }
  }
  return builder.finish();
}

/** Sorted union of two increasing row lists. */
function mergeRows(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length || j < b.length) {
    const v = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i++] : b[j++];
    if (n === 0 || out[n - 1] !== v) out[n++] = v;
  }
  return out.subarray(0, n);
}
