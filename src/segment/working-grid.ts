/**
 * The grid segmentation works on: axis-aligned in LPS (+i left, +j posterior, +k superior),
 * isotropic-ish, no finer than ~1.6 mm, covering the whole input. Fine CTs are reduced so that a
 * 70-million-voxel scan is processed as ~9 million voxels; labels are brought back to the input
 * grid at the end.
 *
 * A CT that was upsampled from a coarser scan (see effective-resolution.ts) is worked on at its
 * original resolution, on its original sampling lattice: the working voxels are then the
 * original samples themselves (linear interpolation between lattice-aligned neighbours gives
 * them back), not a second interpolation of an interpolation.
 */
import type { Grid, TypedArray, Volume } from '../core/volume.js';
import type { Vec3 } from '../core/vec.js';
import { gridBoundsLps, isAxisAligned, transformIndexToWorld } from '../core/geometry.js';
import { resampleVolume } from '../core/resample.js';
import { makeVolume } from '../core/volume.js';
import { axisResolutions, type AxisResolution } from './effective-resolution.js';
import { latticeResample } from './lattice-resample.js';

export interface WorkingGrid {
  grid: Grid;
  /** CT numbers on the working grid (Float32, HU). */
  hu: Volume<Float32Array>;
  /** Input voxels per original sample along each input voxel axis (1 = native). */
  upsampling: Vec3;
}

/** The input voxel axis that runs along LPS axis `lps`, when one does (|cosine| > 0.99). */
function inputAxisAlong(ct: Grid, lps: number): number | null {
  let best = 0;
  let bestDot = -1;
  for (let c = 0; c < 3; c++) {
    const d = Math.abs(ct.direction[3 * lps + c]);
    if (d > bestDot) {
      bestDot = d;
      best = c;
    }
  }
  return bestDot > 0.99 ? best : null;
}

/**
 * The first original sample at or above `lo` (LPS mm along `lps`), `held` mm apart. The phase is
 * measured to a few hundredths of a voxel: a sample within a tenth of an input voxel below `lo`
 * is the grid's first voxel itself, and is taken at `lo`.
 */
function latticeStart(
  ct: Grid,
  { lps, axis, res, held }: { lps: number; axis: number; res: AxisResolution; held: number },
  lo: number,
): number {
  const ijk = [0, 1, 2].map((d) => (d === axis ? res.phase : 0)) as unknown as Vec3;
  const w0 = transformIndexToWorld(ct, ijk)[lps];
  const slack = (0.1 * ct.spacingMm[axis]) / held;
  return Math.max(lo, w0 + Math.ceil((lo - w0) / held - slack) * held);
}

export function toWorkingGrid(ct: Volume<TypedArray>, targetMm = 1.6): WorkingGrid {
  const [lo, hi] = gridBoundsLps(ct);
  const native = [...ct.spacingMm].sort((a, b) => a - b);
  // the original lattice is looked for only on grids along the patient axes (an oblique grid's
  // samples do not line up with an axis-aligned working grid anyway)
  const native1: AxisResolution = { factor: 1, phase: 0 };
  const resolutions = isAxisAligned(ct) ? axisResolutions(ct) : [native1, native1, native1];
  const upsampled = resolutions.some((r) => r.factor > 1);
  const spacing = [0, 0, 0];
  const origin = [0, 0, 0];
  for (let lps = 0; lps < 3; lps++) {
    const axis = inputAxisAlong(ct, lps);
    const res = axis === null ? null : resolutions[axis];
    // the resolution along this LPS axis: the input axis's original sample distance
    const held = axis === null ? native[1] : ct.spacingMm[axis] * (res?.factor ?? 1);
    spacing[lps] = held * Math.max(1, Math.round(targetMm / held));
    origin[lps] =
      axis !== null && res && res.factor > 1 ? latticeStart(ct, { lps, axis, res, held }, lo[lps]) : lo[lps];
  }
  const dims = [0, 1, 2].map((d) =>
    Math.max(1, Math.round((hi[d] - origin[d]) / spacing[d]) + 1),
  ) as unknown as Grid['dims'];
  const grid: Grid = {
    dims,
    spacingMm: spacing as unknown as Grid['spacingMm'],
    originLps: origin as unknown as Grid['originLps'],
    direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
  };
  const factors = resolutions.map((r) => r.factor);
  const hu = upsampled
    ? latticeResample(ct, grid, factors)
    : resampleVolume(
        ct.data instanceof Float32Array
          ? (ct as Volume<Float32Array>)
          : makeVolume(ct, Float32Array.from(ct.data)),
        grid,
        { interpolation: 'linear', fill: -1024 },
      );
  const upsampling = factors.map((f) => Math.round(f * 1e4) / 1e4) as unknown as Vec3;
  return { grid, hu, upsampling };
}
