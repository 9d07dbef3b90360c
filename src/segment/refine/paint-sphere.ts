/**
 * The world-space sphere brush. A voxel is inside when the LPS distance from its centre to the
 * brush centre is at most the radius (+1e-6 mm, so that centres exactly on the sphere count
 * whatever the rounding), on any grid: anisotropic spacing, any axis order, oblique. Only the
 * index box of the sphere is visited. Mutates `labels.data` in place and returns the delta.
 *
 *   radius 1 mm on a 1 mm grid, centre on a voxel centre: 7 voxels (the centre and its 6 faces)
 *   radius 2 mm: 33 voxels (1 + 6 at 1 + 12 at √2 + 8 at √3 + 6 at 2)
 */
import { applyWorldToIndex, indexToWorldMatrix, worldToIndexMap } from '../../core/geometry.js';
import { InputError } from '../../core/errors.js';
import type { Vec3 } from '../../core/vec.js';
import type { LabelMap, TypedArray, Volume } from '../../core/volume.js';
import {
  checkHuRange,
  checkLabel,
  checkPoint,
  checkPositive,
  checkSameGrid,
  protectTable,
} from './edit-checks.js';
import { isEmptyBox, SPHERE_TOLERANCE_MM, sphereIndexBox } from './index-box.js';
import { DeltaBuilder, type LabelDelta } from './label-delta.js';

export interface PaintSphereEdit {
  /** Label value written (paint) or removed (erase). */
  label: number;
  centerLps: Vec3;
  radiusMm: number;
  /** paint: voxels become `label`; erase: voxels that are `label` become 0. */
  mode: 'paint' | 'erase';
  /** Label values paint never overwrites (default none). Ignored by erase. */
  protect?: number[];
}

/** Sphere brush: paint or erase `label` in a world-space ball. */
export function paintSphere(labels: LabelMap, edit: PaintSphereEdit): LabelDelta {
  return sphereEdit(labels, { ...edit, ct: null, minHu: -Infinity, maxHu: Infinity });
}

/** A sphere edit, optionally limited to voxels whose CT value lies in [minHu, maxHu]. */
export interface SphereEditSpec extends PaintSphereEdit {
  ct: Volume<TypedArray> | null;
  minHu: number;
  maxHu: number;
}

/** The loop shared by the sphere brush and threshold painting. */
export function sphereEdit(labels: LabelMap, spec: SphereEditSpec): LabelDelta {
  if (spec.mode !== 'paint' && spec.mode !== 'erase') {
    throw new InputError(`mode "${String(spec.mode)}" must be paint or erase`, { field: 'mode' });
  }
  const label = checkLabel(spec.label);
  const center = checkPoint(spec.centerLps, 'centerLps');
  const radius = checkPositive(spec.radiusMm, 'radiusMm');
  const ct = spec.ct;
  if (ct) {
    checkSameGrid(labels, ct);
    checkHuRange(spec.minHu, spec.maxHu);
  }
  const blocked = protectTable(spec.mode === 'paint' ? spec.protect : []);
  blocked[label] = 0;
  const erase = spec.mode === 'erase';
  const builder = new DeltaBuilder(labels);
  const box = sphereIndexBox(labels, { centerLps: center, radiusMm: radius });
  if (isEmptyBox(box)) return builder.finish();

  const a = indexToWorldMatrix(labels);
  const c = applyWorldToIndex(worldToIndexMap(labels), center);
  const r2 = (radius + SPHERE_TOLERANCE_MM) ** 2;
  const [nx, ny] = labels.dims;
  const data = labels.data;
  const hu = ct ? ct.data : null;
  const { minHu, maxHu } = spec;
  for (let k = box.k0; k <= box.k1; k++) {
    const dk = k - c[2];
    const xk = a[2] * dk;
    const yk = a[6] * dk;
    const zk = a[10] * dk;
    for (let j = box.j0; j <= box.j1; j++) {
      const dj = j - c[1];
      const xj = xk + a[1] * dj;
      const yj = yk + a[5] * dj;
      const zj = zk + a[9] * dj;
      const row = nx * (j + ny * k);
      for (let i = box.i0; i <= box.i1; i++) {
        const di = i - c[0];
        const x = xj + a[0] * di;
        const y = yj + a[4] * di;
        const z = zj + a[8] * di;
        if (x * x + y * y + z * z > r2) continue;
        const idx = row + i;
        const v = data[idx];
        if (hu !== null) {
          const h = hu[idx];
          if (!(h >= minHu && h <= maxHu)) continue;
        }
        if (erase) {
          if (v === label) builder.set(idx, 0);
        } else if (v !== label && blocked[v] === 0) builder.set(idx, label);
      }
    }
  }
  return builder.finish();
}
