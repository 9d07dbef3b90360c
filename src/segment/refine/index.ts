/**
 * Interactive refinement of a label map: the library API the workstation server calls.
 * Every edit mutates `labels.data` IN PLACE and returns a `LabelDelta` (changed voxels with old
 * and new values), a deliberate exception to the pure-function rule (see README.md).
 */
export type { LabelDelta } from './label-delta.js';
export { applyDelta, revertDelta, emptyDelta, deltaSize, deltaBytes } from './label-delta.js';
export { paintSphere, type PaintSphereEdit } from './paint-sphere.js';
export { thresholdPaint, type ThresholdPaintEdit } from './threshold-paint.js';
export { growFromSeeds, type GrowFromSeedsEdit } from './grow-from-seeds.js';
export { growCut, type GrowCutEdit } from './grow-cut.js';
export { removeIslands, type RemoveIslandsEdit } from './remove-islands.js';
export { fillHoles, type FillHolesEdit } from './fill-holes.js';
export { smoothLabel, type SmoothLabelEdit } from './smooth-label.js';
export { EditHistory, type EditHistoryOptions } from './edit-history.js';
export {
  encodeDeltas,
  decodeDeltas,
  encodeHistory,
  decodeHistory,
  type HistoryLists,
} from './delta-codec.js';
export { labelVolumesMl, labelVoxelCounts, countDelta } from './label-volumes.js';
export { labelValue } from './edit-checks.js';
export { labelIndexBox, sphereIndexBox, SPHERE_TOLERANCE_MM, type IndexBox } from './index-box.js';
