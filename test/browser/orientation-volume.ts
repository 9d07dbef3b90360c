/**
 * A test volume whose anatomy says where it is: a 96 mm cube centred on the LPS origin with an
 * anterior slab (y < -20 mm, 1300 HU), a left slab (x > 20 mm, -300 HU), a superior slab
 * (z > 20 mm, 700 HU) and 200 HU elsewhere, in that order of precedence. Written on any voxel
 * axes, it looks the same in every correctly oriented view: at the bone window (centre 400,
 * width 1800: -500..1300 HU -> grey 0..255) anterior is white, superior light grey, the rest
 * mid grey, left nearly black (and still not the black around the image), so a screenshot
 * shows whether the A, L and S markers stand where they should.
 */
import { gridFromAxes } from '../../src/core/geometry.js';
import { makeVolume, type Volume } from '../../src/core/volume.js';
import type { Mat3, Vec3 } from '../../src/core/vec.js';

/** Grey (0..255) of each region at the bone window. */
export const REGION_GREY = { anterior: 255, left: 28, superior: 170, rest: 99 } as const;

const N = 48;
const SPACING_MM = 2;

/** The cube on voxel axes `direction` (columns: the i, j, k unit vectors in LPS). */
export function orientationVolume(direction: Mat3): Volume<Int16Array> {
  const axis = (c: number): Vec3 => [
    direction[c] * SPACING_MM,
    direction[3 + c] * SPACING_MM,
    direction[6 + c] * SPACING_MM,
  ];
  const axes = [axis(0), axis(1), axis(2)] as const;
  const half = (N - 1) / 2;
  const origin: Vec3 = [0, 1, 2].map(
    (r) => -half * (axes[0][r] + axes[1][r] + axes[2][r]),
  ) as unknown as Vec3;
  const grid = gridFromAxes([N, N, N], axes, origin);
  const data = new Int16Array(N * N * N);
  for (let k = 0; k < N; k++)
    for (let j = 0; j < N; j++)
      for (let i = 0; i < N; i++) {
        const p = [0, 1, 2].map((r) => origin[r] + i * axes[0][r] + j * axes[1][r] + k * axes[2][r]);
        data[i + N * (j + N * k)] = p[1] < -20 ? 1300 : p[0] > 20 ? -300 : p[2] > 20 ? 700 : 200;
      }
  return makeVolume(grid, data);
}

/**
 * Where each region must appear in a view when its markers are right (radiological convention,
 * sagittal nose left): the region's centroid on the named side of the tile's centre. The axial
 * slice through the centre shows anterior (top, A) and left (right, L); the coronal one
 * superior (top, S) and left (right, L); the sagittal one anterior (left, A) and superior (top, S).
 */
export const EXPECTED_SIDES: Record<
  'axial' | 'coronal' | 'sagittal',
  [keyof typeof REGION_GREY, 'top' | 'right' | 'left'][]
> = {
  axial: [
    ['anterior', 'top'],
    ['left', 'right'],
  ],
  coronal: [
    ['superior', 'top'],
    ['left', 'right'],
  ],
  sagittal: [
    ['anterior', 'left'],
    ['superior', 'top'],
  ],
};
