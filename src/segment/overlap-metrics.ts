/**
 * Agreement of two masks on one grid: Dice, and the 95th percentile of the symmetric surface
 * distance (HD95, mm; surface = mask voxels with a 6-neighbour outside the mask; distances by
 * the exact distance transform, so anisotropic spacing is honoured).
 */
import type { Grid } from '../core/volume.js';
import { squaredDistanceToMask } from '../core/distance-transform.js';

export function dice(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let na = 0;
  let nb = 0;
  let both = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] !== 0;
    const y = b[i] !== 0;
    if (x) na++;
    if (y) nb++;
    if (x && y) both++;
  }
  return na + nb === 0 ? 1 : (2 * both) / (na + nb);
}

function surface(grid: Grid, m: ArrayLike<number>): Uint8Array {
  const [nx, ny, nz] = grid.dims;
  const out = new Uint8Array(m.length);
  let idx = 0;
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++, idx++) {
        if (!m[idx]) continue;
        const edge =
          (i > 0 && !m[idx - 1]) ||
          (i < nx - 1 && !m[idx + 1]) ||
          (j > 0 && !m[idx - nx]) ||
          (j < ny - 1 && !m[idx + nx]) ||
          (k > 0 && !m[idx - nx * ny]) ||
          (k < nz - 1 && !m[idx + nx * ny]);
        if (edge) out[idx] = 1;
      }
  return out;
}

/** HD95 in mm; Infinity when one mask is empty and the other is not, 0 when both are empty. */
export function hausdorff95(grid: Grid, a: ArrayLike<number>, b: ArrayLike<number>): number {
  const sa = surface(grid, a);
  const sb = surface(grid, b);
  const hasA = sa.some((v) => v);
  const hasB = sb.some((v) => v);
  if (!hasA && !hasB) return 0;
  if (!hasA || !hasB) return Infinity;
  const toB = squaredDistanceToMask(grid, sb);
  const toA = squaredDistanceToMask(grid, sa);
  const d: number[] = [];
  for (let i = 0; i < sa.length; i++) {
    if (sa[i]) d.push(Math.sqrt(toB[i]));
    if (sb[i]) d.push(Math.sqrt(toA[i]));
  }
  d.sort((x, y) => x - y);
  return d[Math.min(d.length - 1, Math.floor(0.95 * (d.length - 1)))];
}
