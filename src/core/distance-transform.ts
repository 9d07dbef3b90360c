/**
 * Exact Euclidean distance transform on an anisotropic grid (Felzenszwalb & Huttenlocher,
 * "Distance Transforms of Sampled Functions", Theory of Computing 8, 2012): one lower-envelope
 * pass of parabolas per axis, O(N). Distances are in millimetres between voxel centres, in the
 * voxel frame (the direction matrix does not change distances).
 */
import type { Grid, Volume } from './volume.js';
import { makeVolume, voxelCount } from './volume.js';

/** Lines processed together in the strided passes. */
const BLOCK = 16;
/** Bounded transforms whose bound spans fewer voxels than this sweep shifted rows (shiftedMin). */
const WINDOWED_MAX = 6;
/** What a row of the partial distances holds, for skipping whole rows. */
const ROW_UNREACHED = 0;
const ROW_ZERO = 1;
const ROW_MIXED = 2;

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
  // a partial (1D, 2D) distance beyond the bound cannot lead to a distance within it
  // (with a little slack: a distance equal to the bound stays exact whatever the rounding)
  const cap = maxMm === Infinity ? Infinity : maxMm * maxMm * (1 + 1e-6);
  const rows = new Uint8Array(ny * nz);
  if (!firstPass(grid, mask, { f, cap, rows })) return f.fill(Infinity);
  // passes 2 and 3 (along j, then k)
  const window = (w2: number): number => (cap < Infinity ? Math.floor(Math.sqrt(cap / w2)) : Infinity);
  const [wy, wz] = [grid.spacingMm[1] ** 2, grid.spacingMm[2] ** 2];
  if (ny > 1 && window(wy) < WINDOWED_MAX && nz > 1 && window(wz) < WINDOWED_MAX) {
    // within a small bound a sample can only come from a few voxels away along the line: whole
    // shifted rows instead of envelopes (contiguous sweeps, no gathering)
    const tmp = new Float32Array(n);
    shiftedMin(f, tmp, {
      len: ny,
      step: 1,
      w2: wy,
      window: window(wy),
      outer: nz,
      outerStep: ny,
      nx,
      cap,
      rows,
    });
    shiftedMin(tmp, f, {
      len: nz,
      step: ny,
      w2: wz,
      window: window(wz),
      outer: ny,
      outerStep: 1,
      nx,
      cap,
      rows,
    });
  } else {
    const pass = envelopePass(f, { nx, maxLen: Math.max(ny, nz), cap });
    if (ny > 1) pass({ len: ny, stride: nx, w2: wy }, { count: nz, stride: nx * ny });
    if (nz > 1) pass({ len: nz, stride: nx * ny, w2: wz }, { count: ny, stride: nx });
  }
  return f;
}

/**
 * Pass 1 (along i) on the binary mask: per row, the distance to the nearer of the mask voxels
 * on either side, filled gap by gap (each gap's voxels from both ends at once). Rows without a
 * mask voxel are filled with Infinity at once. Records each row's kind in `rows`; false when
 * the mask is empty.
 */
function firstPass(
  grid: Grid,
  mask: ArrayLike<number>,
  out: { f: Float32Array; cap: number; rows: Uint8Array },
): boolean {
  const { f, cap, rows } = out;
  const nx = grid.dims[0];
  const w0 = grid.spacingMm[0] ** 2;
  // squared distances by voxel count, Infinity beyond the bound
  const reach = cap === Infinity ? nx : Math.min(nx, Math.floor(Math.sqrt(cap / w0)));
  const sq = new Float32Array(nx + 1).fill(Infinity);
  for (let d = 0; d <= reach; d++) sq[d] = w0 * d * d;
  let any = false;
  for (let r = 0, row = 0; r < rows.length; r++, row += nx) {
    const end = row + nx;
    let p = row;
    while (p < end && mask[p] === 0) p++;
    if (p === end) {
      f.fill(Infinity, row, end);
      rows[r] = ROW_UNREACHED;
      continue;
    }
    any = true;
    for (let q = row; q < p; q++) f[q] = sq[p - q];
    let last = p;
    let zeros = true;
    for (; p < end; p++) {
      if (mask[p] === 0) continue;
      if (p > last + 1) zeros = false;
      for (let q = last + 1, s = p - 1; q <= s; q++, s--) {
        const v = sq[q - last];
        f[q] = v;
        f[s] = v;
      }
      f[p] = 0;
      last = p;
    }
    for (let q = last + 1; q < end; q++) f[q] = sq[q - last];
    rows[r] = zeros && last === end - 1 && mask[row] !== 0 ? ROW_ZERO : ROW_MIXED;
  }
  return any;
}

/**
 * Passes 2 and 3 on long bounds: lower envelopes of parabolas, lines gathered in blocks of
 * BLOCK neighbours along i so that the strided reads and writes stay in cache; a line that is
 * all zero (inside the mask) or all Infinity (no mask voxel seen yet) is left as it is.
 */
function envelopePass(f: Float32Array, { nx, maxLen, cap }: { nx: number; maxLen: number; cap: number }) {
  const lines = new Float64Array(BLOCK * maxLen);
  const scratch = {
    result: new Float64Array(maxLen),
    v: new Int32Array(maxLen),
    z: new Float64Array(maxLen + 1),
  };
  return (
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
            if (x < Infinity) finite = true;
            if (x !== 0) nonZero = true;
          }
          if (!finite || !nonZero) continue;
          lowerEnvelope(lines, { off, len, w2: axis.w2 }, scratch);
          const r = scratch.result;
          for (let q = 0; q < len; q++) lines[off + q] = r[q] > cap ? Infinity : r[q];
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
 * the axis plus w2 d², values beyond `cap` set to Infinity. Rows of nx voxels are swept whole
 * (the axis is never the row axis), so every inner loop runs over contiguous memory. Rows are
 * numbered j + ny k (`rows` holds their kinds, updated for dst): a row of zeros stays zero, a
 * row with no reached neighbour within the window stays unreached, unreached rows add nothing.
 */
function shiftedMin(
  src: Float32Array,
  dst: Float32Array,
  a: {
    len: number;
    /** Row-number step between neighbours along the axis. */
    step: number;
    w2: number;
    window: number;
    outer: number;
    outerStep: number;
    nx: number;
    cap: number;
    rows: Uint8Array;
  },
): void {
  const { len, step, w2, window, nx, cap, rows } = a;
  const acc = new Float32Array(nx);
  const next = new Uint8Array(len);
  for (let o = 0; o < a.outer; o++) {
    const base = o * a.outerStep;
    for (let q = 0; q < len; q++) {
      const r = base + q * step;
      const row = r * nx;
      const lo = Math.max(0, q - window);
      const hi = Math.min(len - 1, q + window);
      if (rows[r] === ROW_ZERO) {
        dst.fill(0, row, row + nx);
        next[q] = ROW_ZERO;
        continue;
      }
      let reached = rows[r] !== ROW_UNREACHED;
      if (reached) acc.set(src.subarray(row, row + nx));
      else acc.fill(Infinity);
      for (let p = lo; p <= hi; p++) {
        const rp = base + p * step;
        if (p === q || rows[rp] === ROW_UNREACHED) continue;
        reached = true;
        const c = w2 * (p - q) * (p - q);
        const from = rp * nx;
        for (let i = 0; i < nx; i++) {
          const v = src[from + i] + c;
          if (v < acc[i]) acc[i] = v;
        }
      }
      if (!reached) {
        dst.fill(Infinity, row, row + nx);
        next[q] = ROW_UNREACHED;
        continue;
      }
      for (let i = 0; i < nx; i++) {
        const v = acc[i];
        dst[row + i] = v > cap ? Infinity : v;
      }
      next[q] = ROW_MIXED;
    }
    for (let q = 0; q < len; q++) rows[base + q * step] = next[q];
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
    if (fq === Infinity) continue;
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
    result.fill(Infinity, 0, len);
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
