/**
 * Morphology with a ball of radius in millimetres (anisotropic spacing honoured), through the
 * exact distance transform: dilation = distance to the mask <= r, erosion = distance to the
 * complement > r. Closing = erosion of the dilation.
 */
import type { Grid } from '../core/volume.js';
import { squaredDistanceToMask } from '../core/distance-transform.js';

export function dilate(grid: Grid, mask: Uint8Array, radiusMm: number): Uint8Array {
  const d2 = squaredDistanceToMask(grid, mask, radiusMm);
  const r2 = radiusMm * radiusMm;
  const out = new Uint8Array(mask.length);
  for (let i = 0; i < out.length; i++) out[i] = d2[i] <= r2 ? 1 : 0;
  return out;
}

export function erode(grid: Grid, mask: Uint8Array, radiusMm: number): Uint8Array {
  const outside = new Uint8Array(mask.length);
  for (let i = 0; i < mask.length; i++) outside[i] = mask[i] ? 0 : 1;
  const d2 = squaredDistanceToMask(grid, outside, radiusMm);
  const r2 = radiusMm * radiusMm;
  const out = new Uint8Array(mask.length);
  for (let i = 0; i < out.length; i++) out[i] = mask[i] && d2[i] > r2 ? 1 : 0;
  return out;
}

export function close(grid: Grid, mask: Uint8Array, radiusMm: number): Uint8Array {
  return erode(grid, dilate(grid, mask, radiusMm), radiusMm);
}
