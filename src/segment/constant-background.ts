/**
 * Bone-only CTs: everything outside the bones set to one constant (a CT made by masking, as in
 * segmentation datasets that give one CT per bone). The constant is soft-tissue-like (often 0 HU)
 * and looks like fatty marrow, a lytic lesion or the canal's fat to every density rule, so the
 * sacral envelope's concavities were filled with it as marrow: on FracSegNet case005 53 000 of
 * the sacrum's 85 000 false voxels were exactly 0 HU, outside every reference mask.
 * A voxel is that background when it holds the constant exactly and so do at least 3 of its 6
 * face neighbours: in a CT with noise a voxel that happens to equal an integer value has almost
 * never three such neighbours, so marrow or tissue at that value in a normal CT is not touched
 * (nor is a normal CT's padding outside the field of view, which lies outside the body anyway).
 */
import type { Grid, TypedArray } from '../core/volume.js';
import { SACRAL_LABELS } from '../anatomy/labels.js';

/** The constant is between these CT numbers (HU): soft tissue to fat, not air or bone. */
const LOWEST_HU = -300;
const HIGHEST_HU = 150;
/** It holds at least this fraction of the voxels. */
const MIN_FRACTION = 0.2;
/** A background voxel has at least this many of its 6 face neighbours at the constant too. */
const MIN_SAME_NEIGHBOURS = 3;
/** Working-grid values within this of the constant are the constant (float resampling). */
const TOLERANCE_HU = 0.01;

/**
 * The constant a bone-only CT sets outside its bones: the integer CT number in
 * [-300, 150) HU held exactly by at least 20% of the voxels. Null for a CT with noise everywhere.
 */
export function constantBackgroundValue(data: TypedArray): number | null {
  const counts = new Float64Array(HIGHEST_HU - LOWEST_HU);
  for (let i = 0; i < data.length; i++) {
    const h = data[i];
    if (h >= LOWEST_HU && h < HIGHEST_HU && Number.isInteger(h)) counts[h - LOWEST_HU]++;
  }
  let best = 0;
  for (let b = 1; b < counts.length; b++) if (counts[b] > counts[best]) best = b;
  return counts[best] >= MIN_FRACTION * data.length ? best + LOWEST_HU : null;
}

/** Labels of bone (sacrum, lesion, L5, L4, hips, femurs): none of them holds background. */
const BONE_LABELS = new Set<number>([
  SACRAL_LABELS.sacrum,
  SACRAL_LABELS.lesion,
  SACRAL_LABELS.L5,
  SACRAL_LABELS.L4,
  SACRAL_LABELS.hip_left,
  SACRAL_LABELS.hip_right,
  SACRAL_LABELS.femur_left,
  SACRAL_LABELS.femur_right,
]);

/**
 * Clears the bone labels of `labels` (on `grid`, CT numbers `data`) where the CT is the
 * background constant `value` (see the module note). Canal and foramina keep theirs: they are
 * soft tissue, set to the constant like all else outside bone. Returns the voxels cleared.
 */
export function clearBoneOnBackground(
  grid: Grid,
  { data, labels, value }: { data: TypedArray; labels: Uint8Array; value: number },
): number {
  const [nx, ny, nz] = grid.dims;
  const slice = nx * ny;
  const same = (v: number): boolean => Math.abs(data[v] - value) <= TOLERANCE_HU;
  let cleared = 0;
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        const v = i + nx * (j + ny * k);
        if (!labels[v] || !BONE_LABELS.has(labels[v]) || !same(v)) continue;
        const n =
          (i > 0 && same(v - 1) ? 1 : 0) +
          (i < nx - 1 && same(v + 1) ? 1 : 0) +
          (j > 0 && same(v - nx) ? 1 : 0) +
          (j < ny - 1 && same(v + nx) ? 1 : 0) +
          (k > 0 && same(v - slice) ? 1 : 0) +
          (k < nz - 1 && same(v + slice) ? 1 : 0);
        if (n >= MIN_SAME_NEIGHBOURS) {
          labels[v] = 0;
          cleared++;
        }
      }
  return cleared;
}
