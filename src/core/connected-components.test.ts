import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  connectedComponents,
  largestComponent,
  neighbourOffsets,
  type Connectivity,
} from './connected-components.js';

/** Reference: breadth-first flood fill from each unlabelled voxel in index order. */
function floodFill(dims: readonly number[], mask: Uint8Array, connectivity: Connectivity) {
  const [nx, ny, nz] = dims;
  const ids = new Int32Array(mask.length);
  const sizes = [0];
  for (let seed = 0; seed < mask.length; seed++) {
    if (!mask[seed] || ids[seed]) continue;
    const id = sizes.length;
    const queue = [seed];
    ids[seed] = id;
    for (let h = 0; h < queue.length; h++) {
      const v = queue[h];
      const [i, j, k] = [v % nx, Math.floor(v / nx) % ny, Math.floor(v / (nx * ny))];
      for (const [di, dj, dk] of neighbourOffsets(connectivity)) {
        const [a, b, c] = [i + di, j + dj, k + dk];
        if (a < 0 || a >= nx || b < 0 || b >= ny || c < 0 || c >= nz) continue;
        const w = a + nx * (b + ny * c);
        if (mask[w] && !ids[w]) {
          ids[w] = id;
          queue.push(w);
        }
      }
    }
    sizes.push(queue.length);
  }
  return { ids, sizes };
}

describe('connectedComponents', () => {
  // one slice, 3 x 2:   1 1 0
  //                     0 0 1
  const dims = [3, 2, 1] as const;
  const mask = Uint8Array.from([1, 1, 0, 0, 0, 1]);

  it('separates diagonal neighbours with 6-connectivity', () => {
    const { ids, sizes } = connectedComponents({ dims }, mask, 6);
    expect([...ids]).toEqual([1, 1, 0, 0, 0, 2]);
    expect(sizes).toEqual([0, 2, 1]);
  });

  it('joins them with 18- and 26-connectivity', () => {
    expect(connectedComponents({ dims }, mask, 18).sizes).toEqual([0, 3]);
    expect(connectedComponents({ dims }, mask, 26).sizes).toEqual([0, 3]);
  });

  it('joins corner neighbours only with 26-connectivity', () => {
    const d = [2, 2, 2] as const;
    const m = Uint8Array.from([1, 0, 0, 0, 0, 0, 0, 1]);
    expect(connectedComponents({ dims: d }, m, 18).sizes).toEqual([0, 1, 1]);
    expect(connectedComponents({ dims: d }, m, 26).sizes).toEqual([0, 2]);
  });

  it('gives the same ids and sizes as a flood fill on random masks (U-shapes merge late)', () => {
    const volume = fc
      .tuple(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 6 }))
      .chain(([nx, ny, nz]) =>
        fc.tuple(
          fc.constant([nx, ny, nz] as const),
          fc.uint8Array({ minLength: nx * ny * nz, maxLength: nx * ny * nz, max: 1 }),
          fc.constantFrom<Connectivity>(6, 18, 26),
        ),
      );
    fc.assert(
      fc.property(volume, ([dims, mask, connectivity]) => {
        const ours = connectedComponents({ dims }, mask, connectivity);
        const ref = floodFill(dims, mask, connectivity);
        expect([...ours.ids]).toEqual([...ref.ids]);
        expect(ours.sizes).toEqual(ref.sizes);
      }),
      { numRuns: 2000 },
    );
  });

  it('joins runs whose component another run of the same row re-rooted (found by the property above)', () => {
    const dims = [6, 4, 3] as const;
    const mask = new Uint8Array(72);
    for (const v of [37, 40, 56, 57, 58, 61, 62, 64]) mask[v] = 1;
    for (const c of [6, 18, 26] as const) {
      const ours = connectedComponents({ dims }, mask, c);
      const ref = floodFill(dims, mask, c);
      expect([...ours.ids]).toEqual([...ref.ids]);
      expect(ours.sizes).toEqual(ref.sizes);
    }
  });

  it('keeps the largest component and leaves the input untouched', () => {
    const m = Uint8Array.from([1, 0, 1, 1, 0, 0]);
    const copy = m.slice();
    expect([...largestComponent({ dims }, m, 6)]).toEqual([1, 0, 0, 1, 0, 0]);
    expect(m).toEqual(copy);
  });
});
