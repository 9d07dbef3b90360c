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
/** Bounded transforms whose bound spans fewer voxels than this sweep shifted rows (shiftedMin). */
const WINDOWED_MAX = 6;

/**
 * Squared distance (mm²) from each voxel centre to the nearest voxel where `mask` is non-zero
 * (0 on the mask). Without any mask voxel every value is Infinity. With `maxMm`, distances
 * beyond it come back as Infinity (those within it stay exact): partial distances beyond the
 * bound are dropped after each pass, so lines far from the mask are skipped, several times
 * faster for morphology with a small ball or a "within r mm" test.
 */
export function squaredDistanceToMask(grid: Grid, mask: ArrayLike<number>, maxMm = Infinity): Float32Array {
  const [nx, ny, nz] = grid.dims;
  const n = voxelCount(grid);
  // float32 throughout: squared distances of a CT grid need no more, and half the bytes move
  const f = new Float32Array(n);
  // pass 1 (along i) on the binary mask: two linear sweeps per row give the 1D distance
  const w0 = grid.spacingMm[0] ** 2;
  // a partial (1D, 2D) distance beyond the bound cannot lead to a distance within it
  // (with a little slack: a distance equal to the bound stays exact whatever the rounding)
  const cap = maxMm === Infinity ? BIG : Math.min(BIG, maxMm * maxMm * (1 + 1e-6));
  let any = false;
  for (let row = 0; row < n; row += nx) {
    let last = -1;
    for (let i = 0; i < nx; i++) {
      if (mask[row + i] !== 0) {
        last = i;
        any = true;
        f[row + i] = 0;
      } else {
        const d = w0 * (i - last) * (i - last);
        f[row + i] = last < 0 || d > cap ? BIG : d;
      }
    }
    last = -1;
    for (let i = nx - 1; i >= 0; i--) {
      if (mask[row + i] !== 0) last = i;
      else if (last >= 0) {
        const d = w0 * (last - i) * (last - i);
        if (d < f[row + i] && d <= cap) f[row + i] = d;
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
          const r = scratch.result;
          for (let q = 0; q < len; q++) lines[off + q] = r[q] > cap ? BIG : r[q];
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
  // within a small bound a sample can only come from a few voxels away along the line: whole
  // shifted planes of rows instead of envelopes (contiguous sweeps, no gathering)
  const window = (w2: number): number => (cap < BIG ? Math.floor(Math.sqrt(cap / w2)) : Infinity);
  const [wy, wz] = [grid.spacingMm[1] ** 2, grid.spacingMm[2] ** 2];
  if (ny > 1 && window(wy) < WINDOWED_MAX && nz > 1 && window(wz) < WINDOWED_MAX) {
    const tmp = new Float32Array(n);
    shiftedMin(f, tmp, {
      len: ny,
      stride: nx,
      w2: wy,
      window: window(wy),
      outer: nz,
      outerStride: nx * ny,
      nx,
      cap,
    });
    shiftedMin(tmp, f, {
      len: nz,
      stride: nx * ny,
      w2: wz,
      window: window(wz),
      outer: ny,
      outerStride: nx,
      nx,
      cap,
    });
  } else {
    if (ny > 1) pass({ len: ny, stride: nx, w2: wy }, { count: nz, stride: nx * ny });
    if (nz > 1) pass({ len: nz, stride: nx * ny, w2: wz }, { count: ny, stride: nx });
  }
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

/**
 * One bounded pass along an axis: dst = min over |d| <= window of src shifted d voxels along
 * the axis plus w2 d², values beyond `cap` set to BIG. Rows of nx voxels are swept whole (the
 * axis is never the row axis), so every inner loop runs over contiguous memory.
 */
function shiftedMin(
  src: Float32Array,
  dst: Float32Array,
  a: {
    len: number;
    stride: number;
    w2: number;
    window: number;
    outer: number;
    outerStride: number;
    nx: number;
    cap: number;
  },
): void {
  const { len, stride, w2, window, nx, cap } = a;
  for (let o = 0; o < a.outer; o++) {
    for (let q = 0; q < len; q++) {
      const row = o * a.outerStride + q * stride;
      for (let i = 0; i < nx; i++) dst[row + i] = src[row + i];
      // window <= sqrt(cap / w2): every shift within it can still count
      for (let d = 1; d <= window; d++) {
        const c = w2 * d * d;
        for (let p = q - d; p <= q + d; p += 2 * d) {
          if (p < 0 || p >= len) continue;
          const from = o * a.outerStride + p * stride;
          for (let i = 0; i < nx; i++) {
            const v = src[from + i] + c;
            if (v < dst[row + i]) dst[row + i] = v;
          }
        }
      }
      for (let i = 0; i < nx; i++) if (dst[row + i] > cap) dst[row + i] = BIG;
    }
  }
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
