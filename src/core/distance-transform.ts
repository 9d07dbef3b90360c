/**
 * Exact Euclidean distance transform on an anisotropic grid (Felzenszwalb & Huttenlocher,
 * "Distance Transforms of Sampled Functions", Theory of Computing 8, 2012): one lower-envelope
 * pass of parabolas per axis, O(N). Distances are in millimetres between voxel centres, in the
 * voxel frame (the direction matrix does not change distances).
 */
import type { Grid, Volume } from './volume.js';
import { makeVolume, voxelCount } from './volume.js';

const BIG = 1e20;
/** Lines processed together in the strided passes. */
const BLOCK = 16;

/**
 * Squared distance (mm²) from each voxel centre to the nearest voxel where `mask` is non-zero
 * (0 on the mask). Without any mask voxel every value is Infinity.
 */
export function squaredDistanceToMask(grid: Grid, mask: ArrayLike<number>): Float32Array {
  const [nx, ny, nz] = grid.dims;
  const n = voxelCount(grid);
  // float32 throughout: squared distances of a CT grid need no more, and half the bytes move
  const f = new Float32Array(n);
  // pass 1 (along i) on the binary mask: two linear sweeps per row give the 1D distance
  const w0 = grid.spacingMm[0] ** 2;
  let any = false;
  for (let row = 0; row < n; row += nx) {
    let last = -1;
    for (let i = 0; i < nx; i++) {
      if (mask[row + i] !== 0) {
        last = i;
        any = true;
        f[row + i] = 0;
      } else f[row + i] = last < 0 ? BIG : w0 * (i - last) * (i - last);
    }
    last = -1;
    for (let i = nx - 1; i >= 0; i--) {
      if (mask[row + i] !== 0) last = i;
      else if (last >= 0) {
        const d = w0 * (last - i) * (last - i);
        if (d < f[row + i]) f[row + i] = d;
      }
    }
  }
  if (!any) return f.fill(Infinity);
  // passes 2 and 3 (along j, then k): lower envelopes of parabolas, lines gathered in blocks of
  // BLOCK neighbours along i so that the strided reads and writes stay in cache; a line that is
  // all zero (inside the mask) or all BIG (no mask voxel seen yet) is left as it is
  const maxLen = Math.max(ny, nz);
  const lines = new Float64Array(BLOCK * maxLen);
  const scratch = {
    result: new Float64Array(maxLen),
    v: new Int32Array(maxLen),
    z: new Float64Array(maxLen + 1),
  };
  const pass = (
    axis: { len: number; stride: number; w2: number },
    outer: { count: number; stride: number },
  ): void => {
    const { len, stride } = axis;
    for (let o = 0; o < outer.count; o++) {
      for (let i0 = 0; i0 < nx; i0 += BLOCK) {
        const width = Math.min(BLOCK, nx - i0);
        const start = o * outer.stride + i0;
        for (let q = 0; q < len; q++) {
          const src = start + q * stride;
          for (let b = 0; b < width; b++) lines[b * len + q] = f[src + b];
        }
        let changed = false;
        for (let b = 0; b < width; b++) {
          const off = b * len;
          let finite = false;
          let nonZero = false;
          for (let q = off; q < off + len; q++) {
            const x = lines[q];
            if (x < BIG) finite = true;
            if (x !== 0) nonZero = true;
          }
          if (!finite || !nonZero) continue;
          lowerEnvelope(lines, { off, len, w2: axis.w2 }, scratch);
          lines.set(scratch.result.subarray(0, len), off);
          changed = true;
        }
        if (!changed) continue;
        for (let q = 0; q < len; q++) {
          const dst = start + q * stride;
          for (let b = 0; b < width; b++) f[dst + b] = lines[b * len + q];
        }
      }
    }
  };
  if (ny > 1) pass({ len: ny, stride: nx, w2: grid.spacingMm[1] ** 2 }, { count: nz, stride: nx * ny });
  if (nz > 1) pass({ len: nz, stride: nx * ny, w2: grid.spacingMm[2] ** 2 }, { count: ny, stride: nx });
  for (let i = 0; i < n; i++) if (f[i] >= BIG / 2) f[i] = Infinity;
  return f;
}

/** Distance (mm) from each voxel to the nearest non-zero voxel of `mask` (0 on the mask). */
export function distanceToMask(grid: Grid, mask: ArrayLike<number>): Volume<Float32Array> {
  const d = squaredDistanceToMask(grid, mask);
  for (let i = 0; i < d.length; i++) d[i] = Math.sqrt(d[i]);
  return makeVolume(grid, d);
}

/**
 * Distance (mm) from each voxel INSIDE `mask` to the nearest voxel outside it (0 outside):
 * the depth of a voxel in a structure. The grid edge is not a surface.
 */
export function depthInMask(grid: Grid, mask: ArrayLike<number>): Volume<Float32Array> {
  const n = voxelCount(grid);
  const outside = new Uint8Array(n);
  for (let i = 0; i < n; i++) outside[i] = mask[i] === 0 ? 1 : 0;
  return distanceToMask(grid, outside);
}

interface EnvelopeScratch {
  result: Float64Array;
  v: Int32Array;
  z: Float64Array;
}

/**
 * 1D squared distance transform of one line's samples f[off .. off + len) (squared spacing
 * w2) into s.result[0 .. len).
 */
function lowerEnvelope(
  f: Float64Array,
  line: { off: number; len: number; w2: number },
  s: EnvelopeScratch,
): void {
  const { result, v, z } = s;
  const { off, len, w2 } = line;
  let k = -1;
  for (let q = 0; q < len; q++) {
    const fq = f[off + q];
    if (fq >= BIG) continue;
    const hq = fq + w2 * q * q;
    if (k < 0) {
      k = 0;
      v[0] = q;
      z[0] = -Infinity;
      z[1] = Infinity;
      continue;
    }
    let p = v[k];
    let sIntersect = (hq - (f[off + p] + w2 * p * p)) / (2 * w2 * (q - p));
    while (sIntersect <= z[k]) {
      k--;
      p = v[k];
      sIntersect = (hq - (f[off + p] + w2 * p * p)) / (2 * w2 * (q - p));
    }
    k++;
    v[k] = q;
    z[k] = sIntersect;
    z[k + 1] = Infinity;
  }
  if (k < 0) {
    result.fill(BIG, 0, len);
    return;
  }
  k = 0;
  for (let q = 0; q < len; q++) {
    while (z[k + 1] < q) k++;
    const p = v[k];
    const d = q - p;
    result[q] = w2 * d * d + f[off + p];
  }
}
