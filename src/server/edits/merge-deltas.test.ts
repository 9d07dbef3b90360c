import { describe, expect, it } from 'vitest';
import { mergeDeltas } from './merge-deltas.js';

const delta = (indices: number[], before: number[], after: number[]) => ({
  indices: Uint32Array.from(indices),
  before: Uint8Array.from(before),
  after: Uint8Array.from(after),
});

describe('mergeDeltas', () => {
  it('keeps the first before and the last after, dropping voxels that end as they began', () => {
    const m = mergeDeltas([delta([2, 5], [0, 0], [1, 1]), delta([5, 7], [1, 0], [0, 1])]);
    expect([...m.indices]).toEqual([2, 7]);
    expect([...m.before]).toEqual([0, 0]);
    expect([...m.after]).toEqual([1, 1]);
  });

  it('equals applying the edits one after the other on seeded random maps', () => {
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let trial = 0; trial < 50; trial++) {
      const map = Uint8Array.from({ length: 40 }, () => rand(3));
      const start = map.slice();
      const deltas = [];
      for (let e = 0; e < 4; e++) {
        const idx = [...new Set(Array.from({ length: 10 }, () => rand(40)))].sort((x, y) => x - y);
        const before = idx.map((i) => map[i]);
        const after = before.map((v) => (v + 1 + rand(2)) % 3);
        idx.forEach((i, t) => (map[i] = after[t]));
        deltas.push(delta(idx, before, after));
      }
      const m = mergeDeltas(deltas);
      const replay = start.slice();
      m.indices.forEach((i, t) => {
        expect(replay[i]).toBe(m.before[t]);
        replay[i] = m.after[t];
      });
      expect([...replay]).toEqual([...map]);
      for (let t = 0; t < m.indices.length; t++) expect(m.before[t]).not.toBe(m.after[t]);
    }
  });
});
