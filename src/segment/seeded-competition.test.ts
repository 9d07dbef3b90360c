import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Grid } from '../core/volume.js';
import { neighbourOffsets } from '../core/connected-components.js';
import { seededCompetition } from './seeded-competition.js';

const grid = (dims: [number, number, number], spacingMm: [number, number, number] = [1, 1, 1]): Grid => ({
  dims,
  spacingMm,
  originLps: [0, 0, 0],
  direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
});

/** The obvious Dijkstra: the cheapest open voxel found by scanning them all. */
function reference(
  g: Grid,
  { mask, seeds, cost }: { mask: Uint8Array; seeds: Uint8Array; cost: Float32Array },
): Uint8Array {
  const [nx, ny, nz] = g.dims;
  const n = mask.length;
  const dist = new Float64Array(n).fill(Infinity);
  const label = new Uint8Array(n);
  const done = new Uint8Array(n);
  for (let v = 0; v < n; v++) if (seeds[v]) [dist[v], label[v]] = [0, seeds[v]];
  for (;;) {
    let v = -1;
    for (let u = 0; u < n; u++) if (!done[u] && dist[u] < Infinity && (v < 0 || dist[u] < dist[v])) v = u;
    if (v < 0) break;
    done[v] = 1;
    const [i, j, k] = [v % nx, Math.floor(v / nx) % ny, Math.floor(v / (nx * ny))];
    for (const [di, dj, dk] of neighbourOffsets(26)) {
      const [a, b, c] = [i + di, j + dj, k + dk];
      if (a < 0 || a >= nx || b < 0 || b >= ny || c < 0 || c >= nz) continue;
      const w = a + nx * (b + ny * c);
      if (!mask[w] || done[w]) continue;
      const step = Math.hypot(di * g.spacingMm[0], dj * g.spacingMm[1], dk * g.spacingMm[2]);
      const nd = dist[v] + step * 0.5 * (cost[v] + cost[w]);
      if (nd < dist[w]) [dist[w], label[w]] = [nd, label[v]];
    }
  }
  for (let v = 0; v < n; v++) if (!mask[v] && !seeds[v]) label[v] = 0;
  return label;
}

describe('seededCompetition', () => {
  it('splits a bar half-way between two seeds, or at a costly joint', () => {
    const g = grid([11, 1, 1]);
    const mask = new Uint8Array(11).fill(1);
    const seeds = new Uint8Array(11);
    seeds[0] = 1;
    seeds[10] = 2;
    const flat = new Float32Array(11).fill(1);
    const halves = seededCompetition(g, { mask, seeds, cost: flat });
    expect([...halves.slice(0, 5)]).toEqual([1, 1, 1, 1, 1]);
    expect([...halves.slice(6)]).toEqual([2, 2, 2, 2, 2]);
    expect([1, 2]).toContain(halves[5]);
    const joint = flat.slice();
    joint[2] = 50;
    expect([...seededCompetition(g, { mask, seeds, cost: joint })]).toEqual([
      1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2,
    ]);
  });

  it('keeps seeds outside the mask, leaves other voxels outside it and unreached voxels at 0', () => {
    const g = grid([6, 1, 1]);
    const mask = Uint8Array.from([0, 1, 1, 0, 0, 1]);
    const seeds = Uint8Array.from([3, 0, 0, 0, 0, 0]);
    const cost = new Float32Array(6).fill(1);
    expect([...seededCompetition(g, { mask, seeds, cost })]).toEqual([3, 3, 3, 0, 0, 0]);
    expect([...seededCompetition(g, { mask: new Uint8Array(6), seeds, cost })]).toEqual([3, 0, 0, 0, 0, 0]);
  });

  it('gives the labels of the plain Dijkstra on random masks, costs and seeds (anisotropic)', () => {
    const dims: [number, number, number] = [6, 5, 4];
    const n = 120;
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: n, maxLength: n, max: 3 }),
        fc.array(fc.float({ min: 1, max: 8, noNaN: true }), { minLength: n, maxLength: n }),
        fc.uint8Array({ minLength: n, maxLength: n, max: 40 }),
        (m, c, s) => {
          const g = grid(dims, [0.8, 1.3, 2.5]);
          const mask = Uint8Array.from(m, (x) => (x > 0 ? 1 : 0));
          // a few seeds, some outside the mask
          const seeds = Uint8Array.from(s, (x) => (x >= 38 ? x - 36 : 0));
          const cost = Float32Array.from(c);
          expect([...seededCompetition(g, { mask, seeds, cost })]).toEqual([
            ...reference(g, { mask, seeds, cost }),
          ]);
        },
      ),
      { numRuns: 150, seed: 5 },
    );
  });
});
