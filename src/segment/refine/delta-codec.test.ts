import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { InputError } from '../../core/errors.js';
import { decodeDeltas, decodeHistory, encodeDeltas, encodeHistory } from './delta-codec.js';
import type { LabelDelta } from './label-delta.js';
import { paintSphere } from './paint-sphere.js';
import { cubeGrid, DIRECTIONS, emptyMap } from './test-grids.js';

const delta = (indices: number[], before: number[], after: number[]): LabelDelta => ({
  indices: Uint32Array.from(indices),
  before: Uint8Array.from(before),
  after: Uint8Array.from(after),
});

const plain = (ds: LabelDelta[]) => ds.map((d) => [[...d.indices], [...d.before], [...d.after]]);

const deltaArb = fc
  .uniqueArray(fc.oneof(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 0xffffffff })), {
    maxLength: 60,
  })
  .chain((idx) => {
    const n = idx.length;
    return fc
      .tuple(
        fc.array(fc.integer({ min: 0, max: 255 }), { minLength: n, maxLength: n }),
        fc.array(fc.integer({ min: 1, max: 255 }), { minLength: n, maxLength: n }),
      )
      .map(([before, step]) =>
        delta(
          [...idx].sort((a, b) => a - b),
          before,
          before.map((b, t) => (b + step[t]) % 256),
        ),
      );
  });

describe('encodeDeltas / decodeDeltas', () => {
  it('writes the documented bytes for a small delta', () => {
    // voxels 5, 6, 7 from 0 to 1 and voxel 300 from 2 to 1
    const bytes = encodeDeltas([delta([5, 6, 7, 300], [0, 0, 0, 2], [1, 1, 1, 1])]);
    expect([...bytes]).toEqual([
      0x53,
      0x47,
      0x44,
      0x31, // "SGD1"
      1, // one delta
      4, // four voxels
      5,
      0,
      0,
      0xa4,
      0x02, // index 5, gaps 0, 0, then 300 - 7 - 1 = 292 = 0x24 + 2·128
      3,
      0,
      1, // 3 voxels 0 -> 1
      1,
      2,
      1, // 1 voxel 2 -> 1
    ]);
    expect([...encodeDeltas([])]).toEqual([0x53, 0x47, 0x44, 0x31, 0]);
  });

  it('round-trips random deltas exactly (indices up to 2^32 - 1)', () => {
    fc.assert(
      fc.property(fc.array(deltaArb, { maxLength: 6 }), (ds) => {
        expect(plain(decodeDeltas(encodeDeltas(ds)))).toEqual(plain(ds));
      }),
      { seed: 12, numRuns: 300 },
    );
  });

  it('takes about one byte per voxel for a 15 mm brush stroke at 1 mm (raw arrays: 6)', () => {
    const labels = emptyMap(cubeGrid(DIRECTIONS.PIR, { n: 40, spacingMm: 1 }));
    const d = paintSphere(labels, { label: 1, centerLps: [0.5, 0.5, 0.5], radiusMm: 15, mode: 'paint' });
    const bytes = encodeDeltas([d]);
    expect(d.indices.length).toBe(14147);
    expect(bytes.length).toBeLessThan(1.1 * d.indices.length);
    expect(plain(decodeDeltas(bytes))).toEqual(plain([d]));
  });

  it('refuses every truncation, trailing bytes, a wrong tag and impossible runs', () => {
    const good = encodeDeltas([delta([5, 6, 7, 300], [0, 0, 0, 2], [1, 1, 1, 1]), delta([1], [3], [4])]);
    for (let n = 0; n < good.length; n++) expect(() => decodeDeltas(good.subarray(0, n))).toThrow(InputError);
    expect(() => decodeDeltas(Uint8Array.from([...good, 0]))).toThrow(/1 bytes after the last delta/);
    expect(() => decodeDeltas(Uint8Array.from([0x53, 0x47, 0x48, 0x31, 0]))).toThrow(/no SGD1 tag/);
    const zeroRun = Uint8Array.from([0x53, 0x47, 0x44, 0x31, 1, 1, 9, 0, 0, 1]);
    expect(() => decodeDeltas(zeroRun)).toThrow(/value run of 0/);
    const noChange = Uint8Array.from([0x53, 0x47, 0x44, 0x31, 1, 1, 9, 1, 4, 4]);
    expect(() => decodeDeltas(noChange)).toThrow(/from 4 to itself/);
    const huge = Uint8Array.from([0x53, 0x47, 0x44, 0x31, 1, 0xff, 0xff, 0xff, 0xff, 0x0f]);
    expect(() => decodeDeltas(huge)).toThrow(/more than the bytes left/);
  });

  it('refuses to encode unsorted indices or no-op entries', () => {
    expect(() => encodeDeltas([delta([4, 2], [0, 0], [1, 1])])).toThrow(RangeError);
    expect(() => encodeDeltas([delta([4], [1], [1])])).toThrow(RangeError);
  });
});

describe('encodeHistory / decodeHistory', () => {
  it('round-trips undo and redo lists', () => {
    fc.assert(
      fc.property(
        fc.array(deltaArb, { maxLength: 4 }),
        fc.array(deltaArb, { maxLength: 4 }),
        (undo, redo) => {
          const back = decodeHistory(encodeHistory({ undo, redo }));
          expect(plain(back.undo)).toEqual(plain(undo));
          expect(plain(back.redo)).toEqual(plain(redo));
        },
      ),
      { seed: 13, numRuns: 100 },
    );
    expect(() => decodeHistory(encodeDeltas([]))).toThrow(/no SGH1 tag/);
  });
});
