/**
 * The mid-sagittal position of the skeleton: the x (LPS, mm) about which the bone mask's
 * left-right profile is most symmetric. The pelvis and spine are close to mirror-symmetric,
 * whatever the patient's position in the field of view.
 */
import type { Grid } from '../core/volume.js';

export function symmetricMidlineX(grid: Grid, bone: Uint8Array): number {
  const [nx, ny, nz] = grid.dims;
  const profile = new Float64Array(nx);
  let idx = 0;
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++, idx++) if (bone[idx]) profile[i]++;
  let total = 0;
  let first = -1;
  let last = -1;
  for (let i = 0; i < nx; i++) {
    total += profile[i];
    if (profile[i] > 0) {
      if (first < 0) first = i;
      last = i;
    }
  }
  if (total === 0) return grid.originLps[0] + ((nx - 1) / 2) * grid.spacingMm[0];
  let bestC = (first + last) / 2;
  let best = -Infinity;
  // candidate centres in half-voxel steps over the middle of the bone's extent
  const lo = first + (last - first) * 0.25;
  const hi = first + (last - first) * 0.75;
  for (let c2 = Math.ceil(2 * lo); c2 <= Math.floor(2 * hi); c2++) {
    let score = 0;
    for (let i = 0; i < nx; i++) {
      const m = c2 - i;
      if (m >= 0 && m < nx) score += Math.min(profile[i], profile[m]);
    }
    if (score > best) {
      best = score;
      bestC = c2 / 2;
    }
  }
  return grid.originLps[0] + bestC * grid.spacingMm[0];
}
