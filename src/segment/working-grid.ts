/**
 * The grid segmentation works on: axis-aligned in LPS (+i left, +j posterior, +k superior),
 * isotropic-ish, no finer than ~1.6 mm, covering the whole input. Fine CTs are reduced so that a
 * 70-million-voxel scan is processed as ~9 million voxels; labels are brought back to the input
 * grid at the end.
 */
import type { Grid, TypedArray, Volume } from '../core/volume.js';
import { gridBoundsLps } from '../core/geometry.js';
import { resampleVolume } from '../core/resample.js';
import { makeVolume } from '../core/volume.js';

export interface WorkingGrid {
  grid: Grid;
  /** CT numbers on the working grid (Float32, HU). */
  hu: Volume<Float32Array>;
}

export function toWorkingGrid(ct: Volume<TypedArray>, targetMm = 1.6): WorkingGrid {
  const [lo, hi] = gridBoundsLps(ct);
  const native = [...ct.spacingMm].sort((a, b) => a - b);
  // spacing along each LPS axis: the voxel size of the input axis closest to it, coarsened
  const axisSpacing = [0, 1, 2].map((lps) => {
    let best = 0;
    let bestDot = -1;
    for (let c = 0; c < 3; c++) {
      const d = Math.abs(ct.direction[3 * lps + c]);
      if (d > bestDot) {
        bestDot = d;
        best = c;
      }
    }
    const s = bestDot > 0.99 ? ct.spacingMm[best] : native[1];
    return s * Math.max(1, Math.round(targetMm / s));
  });
  const dims = [0, 1, 2].map((d) =>
    Math.max(1, Math.round((hi[d] - lo[d]) / axisSpacing[d]) + 1),
  ) as unknown as Grid['dims'];
  const grid: Grid = {
    dims,
    spacingMm: axisSpacing as unknown as Grid['spacingMm'],
    originLps: [lo[0], lo[1], lo[2]],
    direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
  };
  const source =
    ct.data instanceof Float32Array
      ? (ct as Volume<Float32Array>)
      : makeVolume(ct, Float32Array.from(ct.data));
  const hu = resampleVolume(source, grid, { interpolation: 'linear', fill: -1024 });
  return { grid, hu };
}
