/**
 * Marrow found by enclosure: a voxel belongs to a bone when, looking along 10 directions
 * (the 8 in-plane compass directions and up/down), dense bone lies within `maxDistanceMm` in at
 * least `minDirections` of them. Fatty or osteoporotic marrow (-50 to 150 HU, like soft tissue)
 * is surrounded by cortex on nearly every side even where the cortex has gaps (foramina,
 * vascular channels, partial volume on thick slices); muscle beside a bone, or the pelvic
 * cavity, are not. An intervertebral disc is enclosed too, but between two endplates only a
 * disc-height apart: `minAxialGapMm` leaves out voxels whose dense bone straight up plus
 * straight down is closer than that (vertebral bodies are 25-30 mm tall), so the discs keep
 * the vertebrae apart. Each direction is one linear scan over the grid: O(10 N).
 */
import type { Grid } from '../core/volume.js';

const DIRECTIONS: readonly [number, number, number][] = [
  [1, 0, 0],
  [-1, 0, 0],
  [0, 1, 0],
  [0, -1, 0],
  [1, 1, 0],
  [-1, -1, 0],
  [1, -1, 0],
  [-1, 1, 0],
  [0, 0, 1],
  [0, 0, -1],
];

export interface Enclosure {
  /** In how many of the 10 directions dense bone lies within the distance (10 on dense bone). */
  hits: Uint8Array;
  /** Distance to dense bone straight up plus straight down, mm. */
  axialGapMm: Float32Array;
}

/** The enclosure of every voxel by `dense` within `maxDistanceMm`. */
export function boneEnclosure(grid: Grid, dense: Uint8Array, maxDistanceMm: number): Enclosure {
  const [nx, ny, nz] = grid.dims;
  const hits = new Uint8Array(dense.length);
  const dist = new Float32Array(dense.length);
  // distance to dense bone straight up plus straight down: short between two close endplates
  const axialGap = new Float32Array(dense.length);
  for (const [di, dj, dk] of DIRECTIONS) {
    const step = Math.hypot(di * grid.spacingMm[0], dj * grid.spacingMm[1], dk * grid.spacingMm[2]);
    const axial = di === 0 && dj === 0;
    // distance to the nearest dense voxel found walking from v in direction (di, dj, dk):
    // computed by visiting voxels in the opposite order so the neighbour ahead is already known
    // (and final: hits and the axial gap are counted as each distance is found)
    for (let kk = 0; kk < nz; kk++) {
      const k = dk > 0 ? nz - 1 - kk : kk;
      for (let jj = 0; jj < ny; jj++) {
        const j = dj > 0 ? ny - 1 - jj : jj;
        const row = nx * (j + ny * k);
        const rowAhead = j + dj >= 0 && j + dj < ny && k + dk >= 0 && k + dk < nz;
        const ahead = nx * (j + dj + ny * (k + dk)) + di;
        for (let ii = 0; ii < nx; ii++) {
          const i = di > 0 ? nx - 1 - ii : ii;
          const v = row + i;
          let d = 0;
          if (!dense[v]) {
            const a = i + di;
            d = rowAhead && a >= 0 && a < nx ? dist[ahead + i] + step : Infinity;
          }
          dist[v] = d;
          if (d <= maxDistanceMm) hits[v]++;
          if (axial) axialGap[v] += d;
        }
      }
    }
  }
  return { hits, axialGapMm: axialGap };
}

/** Dense bone plus the voxels it encloses (see the file comment). */
export function enclosedByBone(
  grid: Grid,
  dense: Uint8Array,
  options: { maxDistanceMm: number; minDirections: number; minAxialGapMm?: number },
): Uint8Array {
  const { hits, axialGapMm } = boneEnclosure(grid, dense, options.maxDistanceMm);
  const minGap = options.minAxialGapMm ?? 0;
  const out = new Uint8Array(dense.length);
  for (let v = 0; v < dense.length; v++) {
    out[v] = dense[v] || (hits[v] >= options.minDirections && axialGapMm[v] >= minGap) ? 1 : 0;
  }
  return out;
}
