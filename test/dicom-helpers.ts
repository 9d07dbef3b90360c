/** Synthetic volumes for DICOM tests, and a world-space comparison of two volumes. */
import { transformIndexToWorld, transformWorldToIndex } from '../src/core/geometry.js';
import { makeVolume, type Grid, type TypedArray, type Volume } from '../src/core/volume.js';
import { cross, fromColumns, normalize, type Mat3 } from '../src/core/vec.js';

export const DIRECTIONS: Record<string, Mat3> = {
  LPS: [1, 0, 0, 0, 1, 0, 0, 0, 1],
  RAS: [-1, 0, 0, 0, -1, 0, 0, 0, 1],
  PIR: fromColumns([0, 1, 0], [0, 0, -1], [-1, 0, 0]),
  oblique: (() => {
    const a = normalize([0.9, 0.3, 0.1]);
    const c = normalize(cross(a, normalize([-0.2, 0.8, 0.4])));
    return fromColumns(a, cross(c, a), c);
  })(),
};

/** A small CT-like volume with distinct values (-1024..~3000) at every voxel. */
export function syntheticCt(
  direction: Mat3,
  dims: [number, number, number] = [12, 10, 7],
): Volume<Int16Array> {
  const grid: Grid = { dims, spacingMm: [0.75, 0.8, 2.5], originLps: [-40.5, 12.25, 300], direction };
  const n = dims[0] * dims[1] * dims[2];
  const data = new Int16Array(n);
  for (let i = 0; i < n; i++) data[i] = ((i * 97) % 4000) - 1024;
  return makeVolume(grid, data);
}

/** Every voxel of `b` sits on a voxel of `a` with the same value (world-space equality). */
export function expectSameInWorld(a: Volume<TypedArray>, b: Volume<TypedArray>, toleranceVoxel = 1e-3): void {
  const [nx, ny, nz] = b.dims;
  if (nx * ny * nz !== a.dims[0] * a.dims[1] * a.dims[2])
    throw new Error(`voxel counts differ: ${a.dims} vs ${b.dims}`);
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        const w = transformIndexToWorld(b, [i, j, k]);
        const ijk = transformWorldToIndex(a, w);
        const r = ijk.map(Math.round);
        if (ijk.some((v, d) => Math.abs(v - r[d]) > toleranceVoxel))
          throw new Error(`voxel ${i},${j},${k} is off the grid: ${ijk}`);
        const va = a.data[r[0] + a.dims[0] * (r[1] + a.dims[1] * r[2])];
        const vb = b.data[i + nx * (j + ny * k)];
        if (va !== vb) throw new Error(`voxel ${i},${j},${k}: ${vb} != ${va}`);
      }
}
