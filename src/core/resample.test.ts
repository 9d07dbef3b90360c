import { describe, expect, it } from 'vitest';
import { resampleVolume, regridWithSpacing } from './resample.js';
import { makeVolume, type Grid } from './volume.js';
import { cropVolume, nonZeroBounds } from './crop.js';
import { transformIndexToWorld } from './geometry.js';

const lps: Grid = {
  dims: [4, 3, 2],
  spacingMm: [1, 1, 1],
  originLps: [0, 0, 0],
  direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
};

describe('resampleVolume', () => {
  it('is the identity on the same grid and leaves the input untouched', () => {
    const data = Float32Array.from({ length: 24 }, (_, i) => i);
    const v = makeVolume(lps, data);
    const copy = data.slice();
    expect(Array.from(resampleVolume(v, lps).data)).toEqual(Array.from(data));
    expect(Array.from(resampleVolume(v, lps, { interpolation: 'nearest' }).data)).toEqual(Array.from(data));
    expect(data).toEqual(copy);
  });

  it('maps through world space: the same field in RAS voxel order is the mirrored array', () => {
    const data = Float32Array.from({ length: 24 }, (_, i) => i);
    const v = makeVolume(lps, data);
    // RAS grid covering the same voxel centres: origin at the LPS corner (3, 2, 0)
    const ras: Grid = {
      dims: [4, 3, 2],
      spacingMm: [1, 1, 1],
      originLps: [3, 2, 0],
      direction: [-1, 0, 0, 0, -1, 0, 0, 0, 1],
    };
    const out = resampleVolume(v, ras, { interpolation: 'nearest' });
    for (let k = 0; k < 2; k++)
      for (let j = 0; j < 3; j++)
        for (let i = 0; i < 4; i++) {
          expect(out.data[i + 4 * (j + 3 * k)]).toBe(data[3 - i + 4 * (2 - j + 3 * k)]);
        }
  });

  it('interpolates linearly and fills outside', () => {
    const v = makeVolume(
      lps,
      Float32Array.from({ length: 24 }, (_, i) => i % 4),
    ); // value = i
    const half: Grid = { ...lps, dims: [1, 1, 1], originLps: [1.5, 1, 0] };
    expect(resampleVolume(v, half).data[0]).toBeCloseTo(1.5, 6);
    const outside: Grid = { ...lps, dims: [1, 1, 1], originLps: [10, 1, 0] };
    expect(resampleVolume(v, outside, { fill: -1024 }).data[0]).toBe(-1024);
  });

  it('keeps integer types (rounded) and a regrid keeps the field', () => {
    const v = makeVolume(
      lps,
      Int16Array.from({ length: 24 }, (_, i) => i * 10),
    );
    const g = regridWithSpacing(lps, [0.5, 0.5, 0.5]);
    expect(g.dims).toEqual([8, 6, 4]);
    expect(g.originLps).toEqual([-0.25, -0.25, -0.25]);
    expect(resampleVolume(v, g).data).toBeInstanceOf(Int16Array);
  });
});

describe('cropVolume', () => {
  it('keeps world positions of the kept voxels', () => {
    const g: Grid = { ...lps, direction: [-1, 0, 0, 0, -1, 0, 0, 0, 1], originLps: [5, 5, 5] };
    const v = makeVolume(
      g,
      Uint8Array.from({ length: 24 }, (_, i) => (i === 17 ? 1 : 0)),
    );
    const c = cropVolume(v, [1, 1, 1], [2, 2, 1]);
    expect(c.dims).toEqual([2, 2, 1]);
    // voxel 17 = (1, 1, 1) -> (0, 0, 0) in the crop
    expect(c.data[0]).toBe(1);
    expect(transformIndexToWorld(c, [0, 0, 0])).toEqual(transformIndexToWorld(v, [1, 1, 1]));
    expect(nonZeroBounds(v)).toEqual([
      [1, 1, 1],
      [1, 1, 1],
    ]);
  });
});
