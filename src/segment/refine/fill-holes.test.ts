import { describe, expect, it } from 'vitest';
import { InputError } from '../../core/errors.js';
import { mat3MulVec, type Mat3, type Vec3 } from '../../core/vec.js';
import { fillHoles } from './fill-holes.js';
import { cubeGrid, DIRECTIONS, emptyMap, setAtWorld, worldSet } from './test-grids.js';

/** A map with shapes given as offsets along the grid's own axes (so oblique grids hold them too). */
function mapWith(direction: Mat3, n: number, shapes: { offsets: Vec3[]; value: number }[]) {
  const labels = emptyMap(cubeGrid(direction, { n, spacingMm: 1 }));
  for (const { offsets, value } of shapes)
    for (const p of offsets) setAtWorld(labels, mat3MulVec(direction, p), value);
  return labels;
}

function cube(h: number, keep: (p: Vec3) => boolean): Vec3[] {
  const out: Vec3[] = [];
  for (let x = -h; x <= h; x++)
    for (let y = -h; y <= h; y++) for (let z = -h; z <= h; z++) if (keep([x, y, z])) out.push([x, y, z]);
  return out;
}

/** The 5x5x5 shell around a 3x3x3 cavity: 125 - 27 = 98 voxels. */
const shell = cube(2, (p) => Math.max(...p.map(Math.abs)) === 2);

describe('fillHoles', () => {
  for (const [name, direction] of Object.entries(DIRECTIONS)) {
    it(`fills the 27-voxel cavity of a closed shell (${name})`, () => {
      const labels = mapWith(direction, 9, [{ offsets: shell, value: 1 }]);
      const delta = fillHoles(labels, { label: 1 });
      expect(delta.indices.length).toBe(27);
      expect(worldSet(labels, 1).length).toBe(125);
      expect([...new Set(delta.before)]).toEqual([0]);
    });
  }

  it('fills a cavity of a shell that fills the whole grid but not one open to the grid edge', () => {
    expect(
      fillHoles(mapWith(DIRECTIONS.RAS, 5, [{ offsets: shell, value: 1 }]), { label: 1 }).indices.length,
    ).toBe(27);
    const open = shell.filter((p) => p[0] !== 2); // the +x face missing, at the grid edge
    expect(
      fillHoles(mapWith(DIRECTIONS.RAS, 5, [{ offsets: open, value: 1 }]), { label: 1 }).indices.length,
    ).toBe(0);
  });

  it('leaves a cavity with a tunnel, and one that touches another label', () => {
    const tunnel = shell.filter((p) => !(p[0] === 2 && p[1] === 0 && p[2] === 0));
    expect(
      fillHoles(mapWith(DIRECTIONS.LPS, 9, [{ offsets: tunnel, value: 1 }]), { label: 1 }).indices.length,
    ).toBe(0);
    const withLesion = mapWith(DIRECTIONS.LPS, 9, [
      { offsets: shell, value: 1 },
      { offsets: [[0, 0, 0]], value: 2 },
    ]);
    expect(fillHoles(withLesion, { label: 1 }).indices.length).toBe(0);
    expect(worldSet(withLesion, 2)).toEqual(['0.000000,0.000000,0.000000']);
  });

  it('fills a cavity whose only leak is a diagonal (edge) gap: the background is 6-connected', () => {
    // remove the edge voxel (2, 2, 0): the cavity (|x|,|y|,|z| <= 1) touches it only along an edge
    const leaky = shell.filter((p) => !(p[0] === 2 && p[1] === 2 && p[2] === 0));
    expect(
      fillHoles(mapWith(DIRECTIONS.PIR, 9, [{ offsets: leaky, value: 1 }]), { label: 1 }).indices.length,
    ).toBe(27);
  });

  // A tube along one voxel axis (walls of a 5x5 square ring, 3x3 lumen, 5 long): open at both
  // ends in 3D, closed in every slice across it (9 x 5 = 45 voxels), open in slices along it.
  const tube = (zAxis: Vec3): Vec3[] => {
    const out: Vec3[] = [];
    const inPlane = [0, 1, 2].filter((a) => zAxis[a] === 0);
    for (let u = -2; u <= 2; u++)
      for (let v = -2; v <= 2; v++)
        for (let w = -2; w <= 2; w++) {
          if (Math.max(Math.abs(u), Math.abs(v)) !== 2) continue;
          const p = [0, 0, 0];
          p[inPlane[0]] = u;
          p[inPlane[1]] = v;
          p[zAxis.findIndex((c) => c !== 0)] = w;
          out.push(p as unknown as Vec3);
        }
    return out;
  };
  const planes = [
    ['sagittal', 0],
    ['coronal', 1],
    ['axial', 2],
  ] as const;
  for (const [name, direction] of Object.entries(DIRECTIONS)) {
    for (const [plane, row] of planes) {
      it(`fills slice-wise holes in the planes nearest to ${plane} (${name})`, () => {
        // a tube along the voxel axis nearest to the planes' patient normal
        const cosines = [0, 1, 2].map((c) => Math.abs(direction[3 * row + c]));
        const zAxis = [0, 0, 0];
        zAxis[cosines.indexOf(Math.max(...cosines))] = 1;
        const shapes = [{ offsets: tube(zAxis as unknown as Vec3), value: 1 }];
        expect(fillHoles(mapWith(direction, 9, shapes), { label: 1 }).indices.length).toBe(0);
        const labels = mapWith(direction, 9, shapes);
        const delta = fillHoles(labels, { label: 1, slices: plane });
        expect(delta.indices.length).toBe(45);
        for (let t = 1; t < delta.indices.length; t++)
          expect(delta.indices[t]).toBeGreaterThan(delta.indices[t - 1]);
        const other = planes.find((p) => p[0] !== plane)![0];
        expect(fillHoles(mapWith(direction, 9, shapes), { label: 1, slices: other }).indices.length).toBe(0);
      });
    }
  }

  it('does nothing for an absent label and refuses an unknown slice plane', () => {
    const labels = mapWith(DIRECTIONS.LPS, 9, [{ offsets: shell, value: 1 }]);
    expect(fillHoles(labels, { label: 2 }).indices.length).toBe(0);
    expect(() => fillHoles(labels, { label: 1, slices: 'oblique' as 'axial' })).toThrow(InputError);
  });
});
