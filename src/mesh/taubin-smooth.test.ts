import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { taubinSmooth, vertexNeighbours } from './taubin-smooth.js';

/** The obvious neighbour sets: every pair of vertices sharing a triangle edge. */
function slowNeighbours(vertexCount: number, triangles: Uint32Array): Set<number>[] {
  const sets = Array.from({ length: vertexCount }, () => new Set<number>());
  for (let f = 0; f < triangles.length; f += 3)
    for (let e = 0; e < 3; e++) {
      const a = triangles[f + e];
      const b = triangles[f + ((e + 1) % 3)];
      sets[a].add(b);
      sets[b].add(a);
    }
  return sets;
}

/** A tetrahedron: 4 vertices, each the neighbour of the 3 others. */
const TETRA = new Uint32Array([0, 2, 1, 0, 1, 3, 1, 2, 3, 0, 3, 2]);

describe('vertexNeighbours', () => {
  it('lists each neighbour of a tetrahedron once', () => {
    const { start, adj } = vertexNeighbours(4, TETRA);
    expect([...start]).toEqual([0, 3, 6, 9, 12]);
    for (let v = 0; v < 4; v++)
      expect([...adj.subarray(start[v], start[v + 1])].sort()).toEqual([0, 1, 2, 3].filter((u) => u !== v));
  });

  it('equals the obvious sets on seeded random triangle lists (unused vertices have none)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 40 }),
        fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat()), { maxLength: 80 }),
        (n, raw) => {
          const tris = Uint32Array.from(
            raw.filter(([a, b, c]) => a % n !== b % n && b % n !== c % n && a % n !== c % n).flat(),
            (v) => v % n,
          );
          const { start, adj } = vertexNeighbours(n, tris);
          const slow = slowNeighbours(n, tris);
          for (let v = 0; v < n; v++) {
            const fast = [...adj.subarray(start[v], start[v + 1])];
            expect(fast.length).toBe(slow[v].size);
            expect(new Set(fast)).toEqual(slow[v]);
          }
        },
      ),
      { seed: 5, numRuns: 200 },
    );
  });
});

describe('taubinSmooth', () => {
  it('keeps the triangles and leaves the input untouched', () => {
    const positions = new Float32Array([0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1]);
    const copy = positions.slice();
    const out = taubinSmooth({ positionsLps: positions, triangles: TETRA }, { iterations: 3 });
    expect(out.triangles).toBe(TETRA);
    expect([...positions]).toEqual([...copy]);
    expect(out.positionsLps).not.toBe(positions);
  });
});
