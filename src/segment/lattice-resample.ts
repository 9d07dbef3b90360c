/**
 * Resampling of an axis-aligned CT that was linearly upsampled from a coarser scan, at points of
 * that scan's original lattice. Between two original samples an upsampled CT is linear along each
 * axis; interpolating across an original sample (as plain trilinear resampling does when the
 * factor is not an integer: 3 mm -> 0.8 mm) cuts the corner and blurs it. Here, along an
 * upsampled axis, the two input samples are taken inside one original cell and the value is
 * extrapolated to its end, which gives the original sample back exactly. Native axes use plain
 * linear interpolation. Separable: two taps per axis, eight per output voxel.
 */
import type { Grid, TypedArray, Volume } from '../core/volume.js';
import { makeVolume, voxelCount } from '../core/volume.js';
import { dominantTargetAxes, targetToSourceIndex } from '../core/resample.js';

/** What points outside the input get (HU of air). */
const FILL_HU = -1024;
/** Continuous index this close to an input sample is that sample. */
const ON_SAMPLE = 0.05;

interface Taps {
  i0: Int32Array;
  w0: Float64Array;
  i1: Int32Array;
  w1: Float64Array;
  outside: Uint8Array;
}

/**
 * Two taps (input index, weight) for every continuous index `t[m]` along an input axis of `n`
 * samples upsampled by `factor` (1 = native).
 */
function axisTaps(t: Float64Array, n: number, factor: number): Taps {
  const m = t.length;
  const taps: Taps = {
    i0: new Int32Array(m),
    w0: new Float64Array(m),
    i1: new Int32Array(m),
    w1: new Float64Array(m),
    outside: new Uint8Array(m),
  };
  for (let q = 0; q < m; q++) {
    const x = t[q];
    // just past an edge of an upsampled axis: the edge cell is linear, extrapolate along it
    // (a CT cropped between two original samples still holds the one beyond, in its slope)
    if (factor > 1 && n > 2 && x < 0 && 1 <= x + factor - ON_SAMPLE) {
      setTaps(taps, q, { at: x, a: 0, b: 1 });
      continue;
    }
    if (factor > 1 && n > 2 && x > n - 1 && n - 2 >= x - factor + ON_SAMPLE) {
      setTaps(taps, q, { at: x, a: n - 1, b: n - 2 });
      continue;
    }
    if (x < -0.5 || x > n - 0.5) {
      taps.outside[q] = 1;
      continue;
    }
    const c = Math.min(n - 1, Math.max(0, x));
    const r = Math.round(c);
    if (n === 1 || Math.abs(c - r) < ON_SAMPLE) {
      taps.i0[q] = r;
      taps.w0[q] = 1;
      taps.i1[q] = r;
      continue;
    }
    let a: number;
    let b: number;
    // two samples inside the original cell that starts at c, else inside the one that ends at c,
    // else (a factor below 2 leaves no room, or native) the two neighbours
    if (factor > 1 && Math.ceil(c) + 1 <= Math.min(n - 1, c + factor - ON_SAMPLE)) {
      a = Math.ceil(c);
      b = a + 1;
    } else if (factor > 1 && Math.floor(c) - 1 >= Math.max(0, c - factor + ON_SAMPLE)) {
      a = Math.floor(c);
      b = a - 1;
    } else {
      a = Math.floor(c);
      b = a + 1;
    }
    setTaps(taps, q, { at: c, a, b });
  }
  return taps;
}

/** Tap q: the line through samples a and b, evaluated at continuous index `at`. */
function setTaps(taps: Taps, q: number, { at, a, b }: { at: number; a: number; b: number }): void {
  const u = (at - a) / (b - a);
  taps.i0[q] = a;
  taps.w0[q] = 1 - u;
  taps.i1[q] = b;
  taps.w1[q] = u;
}

/**
 * `ct` resampled onto `grid` (both axis-aligned to each other: every grid axis runs along one
 * input axis), `factors[c]` being the upsampling of input axis c. Points outside the input by
 * more than half a voxel (along an upsampled axis: beyond the edge cell) get air (-1024 HU).
 */
export function latticeResample(
  ct: Volume<TypedArray>,
  grid: Grid,
  factors: readonly number[],
): Volume<Float32Array> {
  const A = targetToSourceIndex(grid, ct);
  // which grid axis drives each input axis (row r of A has one non-zero among its first three)
  const drive = dominantTargetAxes(A);
  if (new Set(drive).size !== 3) throw new RangeError('latticeResample needs grids whose axes are aligned');
  const strides = [1, ct.dims[0], ct.dims[0] * ct.dims[1]];
  // per grid axis g: the taps of the input axis it drives, as flat-index offsets
  const perGridAxis = [0, 1, 2].map((g) => {
    const r = drive.indexOf(g);
    const t = Float64Array.from({ length: grid.dims[g] }, (_, q) => A[4 * r + g] * q + A[4 * r + 3]);
    const taps = axisTaps(t, ct.dims[r], factors[r]);
    for (let q = 0; q < t.length; q++) {
      taps.i0[q] *= strides[r];
      taps.i1[q] *= strides[r];
    }
    return taps;
  });
  const [X, Y, Z] = perGridAxis;
  const src = ct.data;
  const out = new Float32Array(voxelCount(grid));
  const [nx, ny, nz] = grid.dims;
  let idx = 0;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      if (Z.outside[k] || Y.outside[j]) {
        out.fill(FILL_HU, idx, idx + nx);
        idx += nx;
        continue;
      }
      const yz = [Y.i0[j] + Z.i0[k], Y.i1[j] + Z.i0[k], Y.i0[j] + Z.i1[k], Y.i1[j] + Z.i1[k]];
      const wyz = [Y.w0[j] * Z.w0[k], Y.w1[j] * Z.w0[k], Y.w0[j] * Z.w1[k], Y.w1[j] * Z.w1[k]];
      for (let i = 0; i < nx; i++, idx++) {
        if (X.outside[i]) {
          out[idx] = FILL_HU;
          continue;
        }
        const a = X.i0[i];
        const b = X.i1[i];
        const wa = X.w0[i];
        const wb = X.w1[i];
        let v = 0;
        for (let p = 0; p < 4; p++) {
          if (wyz[p] === 0) continue;
          v += wyz[p] * (wa * src[a + yz[p]] + (wb === 0 ? 0 : wb * src[b + yz[p]]));
        }
        out[idx] = v;
      }
    }
  }
  return makeVolume(grid, out);
}
