import { describe, expect, it } from 'vitest';
import { makeLabelMap, makeVolume } from '../../core/volume.js';
import type { Mat3, Vec3 } from '../../core/vec.js';
import { renderOrthogonalSlice, sliceSides } from './orthogonal-slice.js';

/** A 4x4x4 CT of 0 HU with one bright voxel at patient left-anterior-superior corner region. */
function ctWithMarker(direction: Mat3, origin: Vec3) {
  const grid = { dims: [4, 4, 4] as Vec3, spacingMm: [1, 1, 1] as Vec3, originLps: origin, direction };
  const data = new Int16Array(64);
  const labels = new Uint8Array(64);
  return { grid, data, labels };
}

describe('renderOrthogonalSlice', () => {
  it('puts patient left on the image right and anterior up in axial views, for LPS and RAS grids', () => {
    for (const [direction, origin] of [
      [
        [1, 0, 0, 0, 1, 0, 0, 0, 1],
        [0, 0, 0],
      ],
      [
        [-1, 0, 0, 0, -1, 0, 0, 0, 1],
        [3, 3, 0],
      ],
    ] as [Mat3, Vec3][]) {
      const { grid, data, labels } = ctWithMarker(direction, origin);
      // the voxel at LPS (3, 0, 1): most left, most anterior
      const ijk = direction[0] > 0 ? [3, 0, 1] : [0, 3, 1];
      const idx = ijk[0] + 4 * (ijk[1] + 4 * ijk[2]);
      data[idx] = 1000;
      labels[idx] = 1;
      const img = renderOrthogonalSlice(makeVolume(grid, data), {
        plane: 'axial',
        centerLps: [1.5, 1.5, 1],
        labels: makeLabelMap(grid, { a: 1 }, labels),
        colours: new Map([[1, [255, 0, 0] as const]]),
        window: { centerHu: 500, widthHu: 1000 },
        alpha: 1,
        maxPixels: 4,
      });
      expect([img.width, img.height]).toEqual([4, 4]);
      // top row (anterior), last column (patient left) is red, everything else black
      const o = 3 * (0 * 4 + 3);
      expect([...img.rgb.subarray(o, o + 3)]).toEqual([255, 0, 0]);
      expect(img.rgb.reduce((s, v) => s + v, 0)).toBe(255);
    }
  });

  it('puts superior up in coronal and sagittal views, anterior on the left in sagittal', () => {
    const { grid, data } = ctWithMarker([1, 0, 0, 0, 1, 0, 0, 0, 1], [0, 0, 0]);
    data[0 + 4 * (0 + 4 * 3)] = 1000; // LPS (0, 0, 3): right, anterior, superior
    const ct = makeVolume(grid, data);
    const common = {
      labels: null,
      colours: new Map(),
      window: { centerHu: 500, widthHu: 1000 },
      alpha: 0,
      maxPixels: 4,
    };
    const cor = renderOrthogonalSlice(ct, { ...common, plane: 'coronal', centerLps: [0, 0, 0] });
    expect(cor.rgb[0]).toBe(255); // top left: superior, patient right
    const sag = renderOrthogonalSlice(ct, { ...common, plane: 'sagittal', centerLps: [0, 0, 0] });
    expect(sag.rgb[0]).toBe(255); // top left: superior, anterior
  });

  it('names the edges of each plane as the pixels are laid out (issue 5: printed orientation markers)', () => {
    expect(sliceSides('axial')).toEqual({ left: 'R', right: 'L', top: 'A', bottom: 'P' });
    expect(sliceSides('coronal')).toEqual({ left: 'R', right: 'L', top: 'S', bottom: 'I' });
    expect(sliceSides('sagittal')).toEqual({ left: 'A', right: 'P', top: 'S', bottom: 'I' });
  });
});
