/**
 * Threshold painting: the sphere brush limited to voxels whose CT value lies in
 * [minHu, maxHu] (both inclusive), e.g. paint "sacrum" only on bone (>= 150 HU) under the brush.
 * Mutates `labels.data` in place and returns the delta.
 */
import type { Vec3 } from '../../core/vec.js';
import type { LabelMap, TypedArray, Volume } from '../../core/volume.js';
import type { LabelDelta } from './label-delta.js';
import { sphereEdit } from './paint-sphere.js';

export interface ThresholdPaintEdit {
  label: number;
  centerLps: Vec3;
  radiusMm: number;
  minHu: number;
  maxHu: number;
  /** paint (default): in-range voxels become `label`; erase: in-range `label` voxels become 0. */
  mode?: 'paint' | 'erase';
  /** Label values paint never overwrites (default none). */
  protect?: number[];
}

/** Paints (or erases) `label` where the CT is in range, inside a world-space sphere. */
export function thresholdPaint(
  labels: LabelMap,
  ct: Volume<TypedArray>,
  edit: ThresholdPaintEdit,
): LabelDelta {
  return sphereEdit(labels, { ...edit, mode: edit.mode ?? 'paint', ct });
}
