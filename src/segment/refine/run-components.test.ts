import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { connectedComponents } from '../../core/connected-components.js';
import type { Vec3 } from '../../core/vec.js';
import { complementRuns, labelRuns, runsOfMask, type RunConnectivity } from './run-components.js';

function runComponents(mask: Uint8Array, dims: Vec3, connectivity: RunConnectivity) {
  const runs = runsOfMask(mask, dims);
  return { runs, ...labelRuns(runs, connectivity) };
}

/** Component id per voxel (1-based, 0 = background) from runs, like core's `ids`. */
function idsFromRuns(cc: ReturnType<typeof runComponents>, dims: Vec3): Int32Array {
  const ids = new Int32Array(dims[0] * dims[1] * dims[2]);
  const { runs } = cc;
  for (let r = 0; r < runs.count; r++) {
    ids.fill(cc.component[r] + 1, runs.row[r] * dims[0] + runs.start[r], runs.row[r] * dims[0] + runs.end[r]);
  }
  return ids;
}

const maskArb = (n: number) => fc.array(fc.integer({ min: 0, max: 99 }), { minLength: n, maxLength: n });

describe('runComponents', () => {
  it('draws the docstring example: a corner contact joins with 26, not with 6', () => {
    // z = 0 slice, rows y = 0, 1:  1 1 0 0 / 0 0 1 1
    const mask = Uint8Array.from([1, 1, 0, 0, 0, 0, 1, 1]);
    expect(runComponents(mask, [4, 2, 1], 6).count).toBe(2);
    expect(runComponents(mask, [4, 2, 1], 18).count).toBe(1);
    expect(runComponents(mask, [4, 2, 1], 26).count).toBe(1);
    // a pure corner (3D diagonal) contact: only 26 joins
    const corner = new Uint8Array(8);
    corner[0] = 1;
    corner[7] = 1;
    expect(runComponents(corner, [2, 2, 2], 18).count).toBe(2);
    expect(runComponents(corner, [2, 2, 2], 26).count).toBe(1);
  });

  for (const connectivity of [6, 18, 26] as const) {
    it(`numbers voxels exactly as the core flood fill (${connectivity}-connectivity), random masks`, () => {
      fc.assert(
        fc.property(maskArb(9 * 6 * 5), fc.integer({ min: 10, max: 90 }), (cells, density) => {
          const dims: Vec3 = [9, 6, 5];
          const mask = Uint8Array.from(cells, (c) => (c < density ? 1 : 0));
          const ref = connectedComponents({ dims }, mask, connectivity);
          const cc = runComponents(mask, dims, connectivity);
          expect(idsFromRuns(cc, dims)).toEqual(ref.ids);
          expect([...cc.sizes]).toEqual(ref.sizes.slice(1));
        }),
        { seed: connectivity, numRuns: 150 },
      );
    });
  }

  it('with slices-z labels each z plane on its own, as the 2D flood fill', () => {
    fc.assert(
      fc.property(maskArb(7 * 6 * 3), (cells) => {
        const dims: Vec3 = [7, 6, 3];
        const mask = Uint8Array.from(cells, (c) => (c < 55 ? 1 : 0));
        const ids = idsFromRuns(runComponents(mask, dims, 'slices-z'), dims);
        let offset = 0;
        for (let z = 0; z < 3; z++) {
          const slice = mask.subarray(42 * z, 42 * z + 42);
          const ref = connectedComponents({ dims: [7, 6, 1] }, slice, 6);
          const got = ids.subarray(42 * z, 42 * z + 42);
          expect(Array.from(got, (v) => (v === 0 ? 0 : v - offset))).toEqual([...ref.ids]);
          offset += ref.sizes.length - 1;
        }
      }),
      { seed: 3, numRuns: 100 },
    );
  });

  it('with slices-y labels each y plane on its own', () => {
    // two voxels above each other in z at the same y join; neighbours in y do not
    const mask = new Uint8Array(2 * 2 * 2);
    mask[0] = 1; // (0, 0, 0)
    mask[4] = 1; // (0, 0, 1)
    mask[2] = 1; // (0, 1, 0)
    const cc = runComponents(mask, [2, 2, 2], 'slices-y');
    expect(cc.count).toBe(2);
    expect([...cc.sizes]).toEqual([2, 1]);
  });

  it('complements runs within each row', () => {
    const mask = Uint8Array.from([0, 1, 1, 0, 1, 1, 1, 1, 0, 0, 0, 0]);
    const runs = complementRuns(runsOfMask(mask, [4, 3, 1]));
    const back = new Uint8Array(12);
    for (let r = 0; r < runs.count; r++)
      back.fill(1, runs.row[r] * 4 + runs.start[r], runs.row[r] * 4 + runs.end[r]);
    expect([...back]).toEqual([...mask].map((v) => 1 - v));
  });
});
