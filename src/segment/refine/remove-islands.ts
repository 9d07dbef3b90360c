/**
 * Island removal for one label: keep its largest connected component, or drop components
 * smaller than a volume. Removed voxels become background (0). Works on runs of the label
 * along rows, read a word at a time. Mutates `labels.data` in place and returns the delta.
 */
import { InputError } from '../../core/errors.js';
import type { LabelMap } from '../../core/volume.js';
import { voxelVolumeMl } from '../../core/volume.js';
import { checkLabel, checkPositive } from './edit-checks.js';
import { DeltaBuilder, type LabelDelta } from './label-delta.js';
import { labelRuns, type RunConnectivity } from './run-components.js';
import { runsOfValue } from './row-runs.js';

export interface RemoveIslandsEdit {
  label: number;
  /** 'largest': only the biggest component stays (the first in memory order on a tie). */
  keep: 'largest' | { minVolumeMl: number };
  /** Voxel connectivity: 6 faces (default), 18 + edges, 26 + corners. */
  connectivity?: 6 | 18 | 26;
}

export function removeIslands(labels: LabelMap, edit: RemoveIslandsEdit): LabelDelta {
  const label = checkLabel(edit.label);
  const connectivity: RunConnectivity = edit.connectivity ?? 6;
  if (connectivity !== 6 && connectivity !== 18 && connectivity !== 26) {
    throw new InputError(`connectivity ${String(connectivity)} must be 6, 18 or 26`, {
      field: 'connectivity',
    });
  }
  let minVoxels = 0;
  if (edit.keep !== 'largest') {
    if (typeof edit.keep !== 'object' || edit.keep === null) {
      throw new InputError(`keep must be "largest" or { minVolumeMl }`, { field: 'keep' });
    }
    minVoxels = checkPositive(edit.keep.minVolumeMl, 'keep.minVolumeMl') / voxelVolumeMl(labels);
  }
  const builder = new DeltaBuilder(labels);
  // Runs over the whole grid: one word-at-a-time pass, as cheap as finding the bounding box,
  // and islands far from the structure (which make its box huge) cost nothing more.
  const [nx, ny, nz] = labels.dims;
  const runs = runsOfValue(labels.data, { base: 0, strides: [1, nx, nx * ny], dims: [nx, ny, nz] }, label);
  if (runs.count === 0) return builder.finish();
  const cc = labelRuns(runs, connectivity);
  const drop = new Uint8Array(cc.count);
  if (edit.keep === 'largest') {
    let best = 0;
    for (let c = 1; c < cc.count; c++) if (cc.sizes[c] > cc.sizes[best]) best = c;
    drop.fill(1);
    drop[best] = 0;
  } else {
    // a small relative slack so that "at least 8 mL" keeps a component of exactly 8 mL
    for (let c = 0; c < cc.count; c++) drop[c] = cc.sizes[c] < minVoxels * (1 - 1e-9) ? 1 : 0;
  }
  // Runs are in memory order, so writing them run by run keeps the delta sorted.
  for (let r = 0; r < runs.count; r++) {
    if (drop[cc.component[r]] === 0) continue;
    const g = nx * runs.row[r];
    for (let x = runs.start[r]; x < runs.end[r]; x++) builder.set(g + x, 0);
  }
  return builder.finish();
}
