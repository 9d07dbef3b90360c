import { describe, expect, it } from 'vitest';
import { labelSurface } from './label-surface.js';
import { meshVolumeMl, openEdgeCount } from './mesh.js';
import { makeLabelMap } from '../core/volume.js';
import type { Mat3, Vec3 } from '../core/vec.js';
import { transformIndexToWorld } from '../core/geometry.js';
import { encodeStl, decodeStl } from '../io/stl.js';

const DIRECTIONS: Record<string, Mat3> = {
  LPS: [1, 0, 0, 0, 1, 0, 0, 0, 1],
  RAS: [-1, 0, 0, 0, -1, 0, 0, 0, 1],
  PIR: [0, 0, -1, 1, 0, 0, 0, -1, 0],
  oblique: [0.8660254, -0.5, 0, 0.5, 0.8660254, 0, 0, 0, 1],
};

/** A ball of radius r mm centred at `centreLps`, sampled on a 1 mm grid with the given axes. */
function ball(direction: Mat3, centreLps: Vec3, r: number) {
  const n = 32;
  const grid = {
    dims: [n, n, n] as const,
    spacingMm: [1, 1, 1] as const,
    direction,
    originLps: [0, 0, 0] as const,
  };
  // origin such that voxel (n-1)/2 is at the centre
  const mid = transformIndexToWorld(grid, [(n - 1) / 2, (n - 1) / 2, (n - 1) / 2]);
  const originLps: Vec3 = [centreLps[0] - mid[0], centreLps[1] - mid[1], centreLps[2] - mid[2]];
  const g = { ...grid, originLps };
  const labels = makeLabelMap(g, { ball: 3 });
  for (let k = 0; k < n; k++)
    for (let j = 0; j < n; j++)
      for (let i = 0; i < n; i++) {
        const p = transformIndexToWorld(g, [i, j, k]);
        if (Math.hypot(p[0] - centreLps[0], p[1] - centreLps[1], p[2] - centreLps[2]) <= r)
          labels.data[i + n * (j + n * k)] = 3;
      }
  return labels;
}

function centroid(positions: Float32Array): Vec3 {
  const c = [0, 0, 0];
  for (let v = 0; v < positions.length; v += 3)
    for (let d = 0; d < 3; d++) c[d] += positions[v + d] / (positions.length / 3);
  return c as unknown as Vec3;
}

describe('labelSurface', () => {
  it.each(Object.keys(DIRECTIONS))(
    'makes a closed, outward, LPS-placed surface of a ball (%s grid)',
    (name) => {
      const centre: Vec3 = [10, -20, 30];
      const mesh = labelSurface(ball(DIRECTIONS[name], centre, 10), 3);
      expect(mesh.triangles.length).toBeGreaterThan(300);
      expect(openEdgeCount(mesh)).toBe(0);
      const exact = ((4 / 3) * Math.PI * 1000) / 1000; // 4.19 mL
      expect(meshVolumeMl(mesh)).toBeGreaterThan(exact * 0.93);
      expect(meshVolumeMl(mesh)).toBeLessThan(exact * 1.07);
      const c = centroid(mesh.positionsLps);
      for (let d = 0; d < 3; d++) expect(Math.abs(c[d] - centre[d])).toBeLessThan(0.3);
      // every vertex near the sphere of radius 10 (smoothing removes the staircase)
      for (let v = 0; v < mesh.positionsLps.length; v += 3) {
        const r = Math.hypot(
          mesh.positionsLps[v] - centre[0],
          mesh.positionsLps[v + 1] - centre[1],
          mesh.positionsLps[v + 2] - centre[2],
        );
        expect(Math.abs(r - 10)).toBeLessThan(1.2);
      }
    },
  );

  it('gives an empty mesh for an absent label', () => {
    expect(labelSurface(ball(DIRECTIONS.LPS, [0, 0, 0], 5), 9).triangles.length).toBe(0);
  });

  it('round-trips through binary STL with LPS stated', () => {
    const mesh = labelSurface(ball(DIRECTIONS.RAS, [0, 0, 0], 6), 3);
    const { header, trianglesLps } = decodeStl(encodeStl(mesh, 'ball'));
    expect(header).toContain('SPACE=LPS');
    expect(trianglesLps.length).toBe(mesh.triangles.length * 3);
    const t0 = mesh.triangles[0];
    expect(trianglesLps[0]).toBeCloseTo(mesh.positionsLps[3 * t0], 5);
  });
});
