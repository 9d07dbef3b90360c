import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { transformIndexToWorld, transformWorldToIndex, orientationCode, gridBoundsLps } from './geometry.js';
import { fromColumns, normalize, cross, type Mat3, type Vec3 } from './vec.js';
import type { Grid } from './volume.js';

const oblique = (() => {
  const a = normalize([0.9, 0.3, 0.1]);
  const c = normalize(cross(a, normalize([-0.2, 0.8, 0.4])));
  return fromColumns(a, cross(c, a), c);
})();
const DIRS: Record<string, Mat3> = {
  LPS: [1, 0, 0, 0, 1, 0, 0, 0, 1],
  RAS: [-1, 0, 0, 0, -1, 0, 0, 0, 1],
  PIR: fromColumns([0, 1, 0], [0, 0, -1], [-1, 0, 0]),
  oblique,
};

describe('index <-> world (LPS)', () => {
  it('follows the DICOM mapping world = origin + D diag(s) ijk, written out', () => {
    // PS3.3 C.7.6.2.1.1: P = S + X·Δi·i + Y·Δj·j (+ Z·Δk·k)
    const g: Grid = {
      dims: [10, 10, 10],
      spacingMm: [0.5, 2, 3],
      originLps: [10, 20, 30],
      direction: DIRS.PIR,
    };
    // i axis = posterior (+y), j = inferior (-z), k = right (-x)
    expect(transformIndexToWorld(g, [2, 1, 1])).toEqual([10 - 3, 20 + 1, 30 - 2]);
    expect(orientationCode(g)).toBe('PIR');
  });

  for (const [name, direction] of Object.entries(DIRS)) {
    it(`round-trips random points in ${name}`, () => {
      const g: Grid = { dims: [7, 8, 9], spacingMm: [0.8, 1.1, 2.5], originLps: [-100, 50, 12], direction };
      fc.assert(
        fc.property(
          fc.tuple(
            fc.double({ min: -50, max: 50, noNaN: true }),
            fc.double({ min: -50, max: 50, noNaN: true }),
            fc.double({ min: -50, max: 50, noNaN: true }),
          ),
          (ijk) => {
            const back = transformWorldToIndex(g, transformIndexToWorld(g, ijk as Vec3));
            for (let d = 0; d < 3; d++) expect(back[d]).toBeCloseTo(ijk[d], 9);
          },
        ),
        { seed: 42, numRuns: 200 },
      );
    });
  }

  it('names orientations by where axes point', () => {
    const g = (direction: Mat3): Grid => ({
      dims: [1, 1, 1],
      spacingMm: [1, 1, 1],
      originLps: [0, 0, 0],
      direction,
    });
    expect(orientationCode(g(DIRS.LPS))).toBe('LPS');
    expect(orientationCode(g(DIRS.RAS))).toBe('RAS');
  });

  it('bounds cover voxel centres', () => {
    const g: Grid = { dims: [3, 2, 2], spacingMm: [1, 1, 1], originLps: [0, 0, 0], direction: DIRS.RAS };
    expect(gridBoundsLps(g)).toEqual([
      [-2, -1, 0],
      [0, 0, 1],
    ]);
  });
});
