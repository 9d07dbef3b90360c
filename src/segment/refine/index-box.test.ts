import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { makeLabelMap } from '../../core/volume.js';
import { labelIndexBox } from './index-box.js';

describe('labelIndexBox', () => {
  it('equals the brute-force box of a value, from any byte offset', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 7 * 5 * 6, maxLength: 7 * 5 * 6 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 1, max: 3 }),
        (cells, offset, value) => {
          const buffer = new Uint8Array(7 * 5 * 6 + 8).fill(value); // the value also outside the map
          buffer.set(
            cells.map((c) => (c < 4 ? c : 0)),
            offset,
          );
          const labels = makeLabelMap(
            {
              dims: [7, 5, 6],
              spacingMm: [1, 1, 1],
              originLps: [0, 0, 0],
              direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
            },
            {},
            buffer.subarray(offset, offset + 210),
          );
          let box: number[] | null = null;
          for (let idx = 0; idx < 210; idx++) {
            if (labels.data[idx] !== value) continue;
            const ijk = [idx % 7, Math.floor(idx / 7) % 5, Math.floor(idx / 35)];
            box = box
              ? [0, 1, 2].flatMap((d) => [Math.min(box![2 * d], ijk[d]), Math.max(box![2 * d + 1], ijk[d])])
              : [ijk[0], ijk[0], ijk[1], ijk[1], ijk[2], ijk[2]];
          }
          const got = labelIndexBox(labels, value);
          expect(got ? [got.i0, got.i1, got.j0, got.j1, got.k0, got.k1] : null).toEqual(box);
        },
      ),
      { seed: 8, numRuns: 300 },
    );
  });
});
