import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Vec3 } from '../../core/vec.js';
import { runsOfMask } from './run-components.js';
import { cropRuns, runsBounds, runsOfBits, runsOfValue, setBits, type Runs } from './row-runs.js';

const plain = (r: Runs) => Array.from({ length: r.count }, (_, t) => [r.row[t], r.start[t], r.end[t]]);

describe('row runs', () => {
  it('reads runs of one value a word at a time, from any byte offset, with strides', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 400, maxLength: 400 }),
        fc.integer({ min: 0, max: 7 }),
        fc.integer({ min: 1, max: 3 }),
        (cells, offset, value) => {
          // dims 11 x 6 x 5 inside a buffer at an odd offset; values in long stretches
          const buffer = new Uint8Array(420);
          let v = 0;
          for (let i = 0; i < 330; i++) {
            if (cells[i] === 0) v = cells[i + 1] ?? 0;
            buffer[offset + i] = v;
          }
          const data = buffer.subarray(offset, offset + 330);
          const dims: Vec3 = [11, 6, 5];
          const mask = Uint8Array.from(data, (x) => (x === value ? 1 : 0));
          const got = runsOfValue(data, { base: 0, strides: [1, 11, 66], dims }, value);
          expect(plain(got)).toEqual(plain(runsOfMask(mask, dims)));
          // a sub-box, and the same box with x along j (strided)
          const sub = runsOfValue(
            data,
            { base: 1 + 11 * 2 + 66, strides: [1, 11, 66], dims: [9, 3, 4] },
            value,
          );
          const subMask = new Uint8Array(9 * 3 * 4);
          for (let z = 0; z < 4; z++)
            for (let y = 0; y < 3; y++)
              for (let x = 0; x < 9; x++)
                subMask[x + 9 * (y + 3 * z)] = mask[1 + x + 11 * (2 + y + 6 * (1 + z))];
          expect(plain(sub)).toEqual(plain(runsOfMask(subMask, [9, 3, 4])));
          const permuted = runsOfValue(data, { base: 0, strides: [11, 66, 1], dims: [6, 5, 11] }, value);
          const pMask = new Uint8Array(330);
          for (let z = 0; z < 11; z++)
            for (let y = 0; y < 5; y++)
              for (let x = 0; x < 6; x++) pMask[x + 6 * (y + 5 * z)] = mask[z + 11 * (x + 6 * y)];
          expect(plain(permuted)).toEqual(plain(runsOfMask(pMask, [6, 5, 11])));
        },
      ),
      { seed: 5, numRuns: 200 },
    );
  });

  it('sets bit ranges and reads them back as runs (rows of 70 bits)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.integer({ min: 0, max: 70 }),
            fc.integer({ min: 0, max: 70 }),
            fc.boolean(),
            fc.integer({ min: 0, max: 2 }),
          ),
          {
            maxLength: 12,
          },
        ),
        (ops) => {
          const dims: Vec3 = [70, 3, 1];
          const bits = new Uint32Array(3 * 3);
          const ref = new Uint8Array(210);
          for (const [a, b, set, row] of ops) {
            const s = Math.min(a, b);
            const e = Math.max(a, b);
            if (!set) continue; // leave some rows or ranges empty
            setBits(bits, 96 * row + s, 96 * row + e);
            ref.fill(1, 70 * row + s, 70 * row + e);
          }
          expect(plain(runsOfBits(bits, dims, Int32Array.of(0, 1, 2)))).toEqual(plain(runsOfMask(ref, dims)));
        },
      ),
      { seed: 9, numRuns: 300 },
    );
  });

  it('finds the bounds of runs and crops them to a sub-box', () => {
    const dims: Vec3 = [6, 4, 3];
    const mask = new Uint8Array(72);
    mask[1 + 6 * (2 + 4 * 0)] = 1; // (1, 2, 0)
    mask.fill(1, 2 + 6 * (1 + 4 * 2), 5 + 6 * (1 + 4 * 2)); // x 2..4 of (y 1, z 2)
    const runs = runsOfMask(mask, dims);
    expect(runsBounds(runs)).toEqual({ x0: 1, x1: 4, y0: 1, y1: 2, z0: 0, z1: 2 });
    const crop = cropRuns(runs, { x0: 2, x1: 3, y0: 1, y1: 3, z0: 1, z1: 2 });
    expect(crop.dims).toEqual([2, 3, 2]);
    expect(plain(crop)).toEqual([[3, 0, 2]]); // row (y 0, z 1) of the crop, x 0..1
    expect(runsBounds(runsOfMask(new Uint8Array(8), [2, 2, 2]))).toBeNull();
  });
});
