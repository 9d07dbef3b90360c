/**
 * Separable Gaussian smoothing with the kernel width in millimetres (per-axis voxel sigma =
 * sigmaMm / spacing), truncated at 3 sigma and renormalised at the grid edges.
 */
import type { TypedArray, Volume } from './volume.js';
import { makeVolume } from './volume.js';

/** A smoothed Float32 copy of `volume`; axes whose voxel sigma is below 0.2 are left alone. */
export function gaussianSmooth(volume: Volume<TypedArray>, sigmaMm: number): Volume {
  const [nx, ny, nz] = volume.dims;
  const data = Float32Array.from(volume.data);
  const maxLen = Math.max(nx, ny, nz);
  const line = new Float32Array(maxLen);
  const axes: [number, number, number][] = [
    [nx, 1, 0],
    [ny, nx, 1],
    [nz, nx * ny, 2],
  ];
  for (const [len, stride, axis] of axes) {
    const sigma = sigmaMm / volume.spacingMm[axis];
    if (!(sigma >= 0.2) || len < 2) continue;
    const kernel = gaussianKernel(sigma);
    const r = (kernel.length - 1) / 2;
    const outerCount = (nx * ny * nz) / len;
    for (let o = 0; o < outerCount; o++) {
      const start = lineStart(o, axis, volume.dims);
      for (let q = 0; q < len; q++) line[q] = data[start + q * stride];
      for (let q = 0; q < len; q++) {
        let acc = 0;
        let wsum = 0;
        const lo = Math.max(0, q - r);
        const hi = Math.min(len - 1, q + r);
        for (let t = lo; t <= hi; t++) {
          const w = kernel[t - q + r];
          acc += w * line[t];
          wsum += w;
        }
        data[start + q * stride] = acc / wsum;
      }
    }
  }
  return makeVolume(volume, data);
}

function gaussianKernel(sigma: number): Float64Array {
  const r = Math.max(1, Math.ceil(3 * sigma));
  const k = new Float64Array(2 * r + 1);
  for (let t = -r; t <= r; t++) k[t + r] = Math.exp((-t * t) / (2 * sigma * sigma));
  return k;
}

/** Flat index of the first voxel of line number `o` along `axis`. */
function lineStart(o: number, axis: number, dims: readonly number[]): number {
  const nx = dims[0];
  const ny = dims[1];
  if (axis === 0) return o * nx;
  if (axis === 1) {
    const i = o % nx;
    const k = Math.floor(o / nx);
    return i + nx * ny * k;
  }
  return o; // axis 2: o = i + nx * j
}
