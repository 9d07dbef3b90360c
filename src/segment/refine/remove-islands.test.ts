import { describe, expect, it } from 'vitest';
import { InputError } from '../../core/errors.js';
import { mat3MulVec, type Mat3, type Vec3 } from '../../core/vec.js';
import { removeIslands } from './remove-islands.js';
import { cubeGrid, DIRECTIONS, emptyMap, indexAtWorld, setAtWorld, worldSet } from './test-grids.js';

/** World lattice (1 mm, centred on 0, 15 voxels a side): a 3x3x3 cube, a 2-voxel island, a speck. */
function islands(direction: Mat3) {
  const labels = emptyMap(cubeGrid(direction, { n: 15, spacingMm: 1 }));
  // offsets along the grid's own axes, so that the oblique grid holds the same shapes
  const set = (p: Vec3, v: number): void => setAtWorld(labels, mat3MulVec(direction, p), v);
  for (let x = -1; x <= 1; x++) for (let y = -1; y <= 1; y++) for (let z = -1; z <= 1; z++) set([x, y, z], 1);
  set([5, 5, 5], 1);
  set([5, 5, 6], 1);
  set([-5, 0, 0], 1);
  set([2, 2, 2], 2); // another label touching the cube corner stays
  set([-6, 0, 0], 2);
  return labels;
}

describe('removeIslands', () => {
  for (const [name, direction] of Object.entries(DIRECTIONS)) {
    it(`keeps the largest component and drops the 3 island voxels (${name})`, () => {
      const labels = islands(direction);
      const before2 = worldSet(labels, 2);
      const delta = removeIslands(labels, { label: 1, keep: 'largest' });
      expect(delta.indices.length).toBe(3);
      expect([...delta.after]).toEqual([0, 0, 0]);
      expect(worldSet(labels, 1).length).toBe(27);
      expect(worldSet(labels, 2)).toEqual(before2);
    });
  }

  it('keeps components of at least minVolumeMl (1 mm voxels: 0.002 mL = 2 voxels)', () => {
    const labels = islands(DIRECTIONS.PIR);
    const delta = removeIslands(labels, { label: 1, keep: { minVolumeMl: 0.002 } });
    expect([...delta.indices]).toEqual([indexAtWorld(labels, mat3MulVec(DIRECTIONS.PIR, [-5, 0, 0]))]);
    expect(worldSet(labels, 1).length).toBe(29);
  });

  it('joins diagonal neighbours with connectivity 26', () => {
    const labels = islands(DIRECTIONS.LPS);
    setAtWorld(labels, [2, -2, 0], 1); // touches the cube at the edge voxel (1, -1, 0)
    expect(removeIslands(labels, { label: 1, keep: 'largest', connectivity: 26 }).indices.length).toBe(3);
    const again = islands(DIRECTIONS.LPS);
    setAtWorld(again, [2, -2, 0], 1);
    expect(removeIslands(again, { label: 1, keep: 'largest', connectivity: 6 }).indices.length).toBe(4);
  });

  it('changes nothing for an absent label or a single component', () => {
    const labels = islands(DIRECTIONS.RAS);
    expect(removeIslands(labels, { label: 13, keep: 'largest' }).indices.length).toBe(0);
    expect(removeIslands(labels, { label: 2, keep: { minVolumeMl: 0.001 } }).indices.length).toBe(0);
  });

  it('refuses a bad keep or connectivity', () => {
    const labels = islands(DIRECTIONS.LPS);
    expect(() => removeIslands(labels, { label: 1, keep: { minVolumeMl: -1 } })).toThrow(InputError);
    expect(() => removeIslands(labels, { label: 1, keep: 'biggest' as 'largest' })).toThrow(InputError);
    expect(() => removeIslands(labels, { label: 1, keep: 'largest', connectivity: 8 as 6 })).toThrow(
      InputError,
    );
  });
});
