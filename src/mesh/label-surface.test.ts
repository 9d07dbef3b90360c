import { describe, expect, it } from 'vitest';
import { labelBoundingBoxes, labelSurface } from './label-surface.js';
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

/** A ball of radius r mm centred at `centreLps` on an n^3 grid (32, 1 mm unless given) with the given axes. */
function ball(direction: Mat3, centreLps: Vec3, options: { r: number; spacingMm?: Vec3; n?: number }) {
  const { r, spacingMm = [1, 1, 1], n = 32 } = options;
  const grid = {
    dims: [n, n, n] as const,
    spacingMm,
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
      const mesh = labelSurface(ball(DIRECTIONS[name], centre, { r: 10 }), 3);
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

  it.each(['LPS', 'PIR'])(
    'makes a lighter surface on blocks of voxels with minSpacingMm (%s grid)',
    (name) => {
      // a 10 mm ball on 0.5 x 0.5 x 1 mm voxels; 1.5 mm blocks are 3 x 3 x 1 voxels
      const centre: Vec3 = [4, -6, 8];
      const labels = ball(DIRECTIONS[name], centre, { r: 10, spacingMm: [0.5, 0.5, 1], n: 48 });
      const fine = labelSurface(labels, 3);
      const light = labelSurface(labels, 3, { minSpacingMm: 1.5 });
      expect(openEdgeCount(light)).toBe(0);
      expect(light.triangles.length).toBeLessThan(fine.triangles.length / 2.5);
      const exact = (4 / 3) * Math.PI; // 4.19 mL
      expect(Math.abs(meshVolumeMl(light) / exact - 1)).toBeLessThan(0.07);
      const c = centroid(light.positionsLps);
      for (let d = 0; d < 3; d++) expect(Math.abs(c[d] - centre[d])).toBeLessThan(0.3);
      for (let v = 0; v < light.positionsLps.length; v += 3) {
        const r = Math.hypot(
          light.positionsLps[v] - centre[0],
          light.positionsLps[v + 1] - centre[1],
          light.positionsLps[v + 2] - centre[2],
        );
        expect(Math.abs(r - 10)).toBeLessThan(1.2);
      }
    },
  );

  it('keeps a structure one voxel thin: a single voxel and a one-voxel line (issue 5)', () => {
    const labels = makeLabelMap(
      { dims: [12, 12, 12], spacingMm: [3, 3, 3], originLps: [0, 0, 0], direction: DIRECTIONS.LPS },
      { foramen: 4 },
    );
    labels.data[5 + 12 * (5 + 12 * 5)] = 4;
    const dot = labelSurface(labels, 4);
    expect(dot.triangles.length).toBeGreaterThan(0);
    expect(openEdgeCount(dot)).toBe(0);
    const c = centroid(dot.positionsLps);
    [15, 15, 15].forEach((v, d) => expect(c[d]).toBeCloseTo(v, 3));
    for (let i = 2; i < 10; i++) labels.data[i + 12 * (5 + 12 * 5)] = 4;
    const line = labelSurface(labels, 4);
    expect(openEdgeCount(line)).toBe(0);
    expect(meshVolumeMl(line)).toBeGreaterThan(0);
  });

  it('finds the bounding box of every label in one pass, and meshes the same with it', () => {
    // 3 x 2 x 2 voxels: label 5 at (0,0,0) and (2,1,1), label 7 at (1,0,1), the rest 0
    const labels = makeLabelMap(
      { dims: [3, 2, 2], spacingMm: [1, 1, 1], originLps: [0, 0, 0], direction: DIRECTIONS.LPS },
      { a: 5, b: 7 },
      Uint8Array.from([5, 0, 0, 0, 0, 0, 0, 7, 0, 0, 0, 5]),
    );
    const boxes = labelBoundingBoxes(labels);
    expect([...boxes.subarray(30, 36)]).toEqual([0, 0, 0, 2, 1, 1]);
    expect([...boxes.subarray(42, 48)]).toEqual([1, 0, 1, 1, 0, 1]);
    expect([...boxes.subarray(0, 6)]).toEqual([0, 0, 0, 2, 1, 1]);
    expect(boxes[6 * 9]).toBeGreaterThan(boxes[6 * 9 + 3]); // absent
    const ballMap = ball(DIRECTIONS.PIR, [1, 2, 3], { r: 7 });
    const box = labelBoundingBoxes(ballMap).subarray(18, 24);
    expect(labelSurface(ballMap, 3, { boxIjk: box })).toEqual(labelSurface(ballMap, 3));
  });

  it('ignores minSpacingMm finer than the voxels', () => {
    const labels = ball(DIRECTIONS.LPS, [0, 0, 0], { r: 6 });
    expect(labelSurface(labels, 3, { minSpacingMm: 1.5 })).toEqual(labelSurface(labels, 3));
  });

  it('gives an empty mesh for an absent label', () => {
    expect(labelSurface(ball(DIRECTIONS.LPS, [0, 0, 0], { r: 5 }), 9).triangles.length).toBe(0);
  });

  it('round-trips through binary STL with LPS stated', () => {
    const mesh = labelSurface(ball(DIRECTIONS.RAS, [0, 0, 0], { r: 6 }), 3);
    const { header, trianglesLps } = decodeStl(encodeStl(mesh, 'ball'));
    expect(header).toContain('SPACE=LPS');
    expect(trianglesLps.length).toBe(mesh.triangles.length * 3);
    const t0 = mesh.triangles[0];
    expect(trianglesLps[0]).toBeCloseTo(mesh.positionsLps[3 * t0], 5);
  });
});
