/**
 * Hole filling for one label. A hole is a connected set of background (0) voxels that reaches
 * neither the edge of the grid nor a voxel of another label: it is enclosed by the label alone
 * and becomes the label. 3D holes use face connectivity (6) for the background, the usual dual
 * of 26-connected objects; `slices` fills 2D holes (4-connected) plane by plane instead, in the
 * planes perpendicular to the voxel axis nearest to patient z (axial), y (coronal) or x
 * (sagittal). Only background voxels change. Works inside the label's bounding box grown by one
 * voxel: background there that touches the box edge leads outside the label. Mutates
 * `labels.data` in place and returns the delta.
 */
import { InputError } from '../../core/errors.js';
import type { Vec3 } from '../../core/vec.js';
import type { Grid, LabelMap } from '../../core/volume.js';
import { checkLabel } from './edit-checks.js';
import { boxLayout, type IndexBox } from './index-box.js';
import { DeltaBuilder, type LabelDelta } from './label-delta.js';
import { complementRuns, labelRuns, type RunConnectivity } from './run-components.js';
import { cropRuns, runsBounds, runsOfValue } from './row-runs.js';

export interface FillHolesEdit {
  label: number;
  /** Fill 2D holes slice by slice in these planes instead of 3D holes. */
  slices?: 'axial' | 'coronal' | 'sagittal';
}

export function fillHoles(labels: LabelMap, edit: FillHolesEdit): LabelDelta {
  const label = checkLabel(edit.label);
  const slices = edit.slices;
  if (slices !== undefined && slices !== 'axial' && slices !== 'coronal' && slices !== 'sagittal') {
    throw new InputError(`slices "${String(slices)}" must be axial, coronal or sagittal`, {
      field: 'slices',
    });
  }
  const builder = new DeltaBuilder(labels);
  // Runs of the label over the whole grid (one word-at-a-time pass) give its bounding box.
  const [nx, ny, nz] = labels.dims;
  const all = runsOfValue(labels.data, { base: 0, strides: [1, nx, nx * ny], dims: labels.dims }, label);
  const bounds = runsBounds(all);
  if (!bounds) return builder.finish();

  // Local axes: natural (x = i) unless the slices are i planes, then x = j, y = k, z = i.
  const normal = slices ? sliceNormalAxis(labels, slices) : -1;
  const axes: Vec3 = normal === 0 ? [1, 2, 0] : [0, 1, 2];
  const connectivity: RunConnectivity = normal < 0 ? 6 : normal === 1 ? 'slices-y' : 'slices-z';
  const margin = [1, 1, 1];
  if (normal >= 0) margin[normal] = 0;
  const box: IndexBox = {
    i0: Math.max(0, bounds.x0 - margin[0]),
    i1: Math.min(nx - 1, bounds.x1 + margin[0]),
    j0: Math.max(0, bounds.y0 - margin[1]),
    j1: Math.min(ny - 1, bounds.y1 + margin[1]),
    k0: Math.max(0, bounds.z0 - margin[2]),
    k1: Math.min(nz - 1, bounds.z1 + margin[2]),
  };
  const layout = boxLayout(labels, box, axes);
  const [dx, dy, dz] = layout.dims;
  const [sx, sy, sz] = layout.strides;
  const inLabel =
    normal === 0
      ? runsOfValue(labels.data, layout, label)
      : cropRuns(all, { x0: box.i0, x1: box.i1, y0: box.j0, y1: box.j1, z0: box.k0, z1: box.k1 });
  const rest = complementRuns(inLabel);
  const cc = labelRuns(rest, connectivity);

  // Open components reach the box edge (in-plane edges only for slices) ...
  const open = new Uint8Array(cc.count);
  const yEdges = connectivity !== 'slices-y';
  const zEdges = connectivity !== 'slices-z';
  for (let r = 0; r < rest.count; r++) {
    const row = rest.row[r];
    const y = row % dy;
    const z = (row - y) / dy;
    if (
      rest.start[r] === 0 ||
      rest.end[r] === dx ||
      (yEdges && (y === 0 || y === dy - 1)) ||
      (zEdges && (z === 0 || z === dz - 1))
    ) {
      open[cc.component[r]] = 1;
    }
  }
  // ... or hold a voxel of another label (looked at only in the enclosed components).
  const data = labels.data;
  const fill: number[] = [];
  for (let r = 0; r < rest.count; r++) {
    const c = cc.component[r];
    if (open[c]) continue;
    const row = rest.row[r];
    const y = row % dy;
    const g = layout.base + y * sy + ((row - y) / dy) * sz;
    for (let x = rest.start[r]; x < rest.end[r]; x++) {
      if (data[g + x * sx] !== 0) {
        open[c] = 1;
        break;
      }
    }
  }
  for (let r = 0; r < rest.count; r++) {
    if (open[cc.component[r]]) continue;
    const row = rest.row[r];
    const y = row % dy;
    const g = layout.base + y * sy + ((row - y) / dy) * sz;
    for (let x = rest.start[r]; x < rest.end[r]; x++) fill.push(g + x * sx);
  }
  // Runs come in memory order except with permuted axes.
  const order = axes[0] === 0 ? fill : Float64Array.from(fill).sort();
  for (let t = 0; t < order.length; t++) builder.set(order[t], label);
  return builder.finish();
}

/** The voxel axis (0 = i, 1 = j, 2 = k) nearest to the normal of axial, coronal or sagittal planes. */
export function sliceNormalAxis(grid: Grid, slices: 'axial' | 'coronal' | 'sagittal'): number {
  const row = slices === 'axial' ? 2 : slices === 'coronal' ? 1 : 0;
  let normal = 0;
  for (let c = 1; c < 3; c++) {
    if (Math.abs(grid.direction[3 * row + c]) > Math.abs(grid.direction[3 * row + normal])) normal = c;
  }
  return normal;
}
