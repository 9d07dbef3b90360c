import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { distanceToMask, squaredDistanceToMask } from './distance-transform.js';
import type { Grid } from './volume.js';

const grid = (dims: [number, number, number], spacingMm: [number, number, number]): Grid => ({
  dims,
  spacingMm,
  originLps: [0, 0, 0],
  direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
});

/** The obvious O(N²) answer. */
function bruteForce(g: Grid, mask: Uint8Array): Float32Array {
  const [nx, ny, nz] = g.dims;
  const out = new Float32Array(mask.length).fill(Infinity);
  for (let a = 0; a < mask.length; a++) {
    const ai = a % nx,
      aj = Math.floor(a / nx) % ny,
      ak = Math.floor(a / (nx * ny));
    for (let b = 0; b < mask.length; b++) {
      if (!mask[b]) continue;
      const bi = b % nx,
        bj = Math.floor(b / nx) % ny,
        bk = Math.floor(b / (nx * ny));
      const d =
        ((ai - bi) * g.spacingMm[0]) ** 2 +
        ((aj - bj) * g.spacingMm[1]) ** 2 +
        ((ak - bk) * g.spacingMm[2]) ** 2;
      if (d < out[a]) out[a] = d;
    }
  }
  void nz;
  return out;
}

/** The bounded transform equals brute force within the bound and is Infinity beyond it. */
function expectExactWithinBound(g: Grid, mask: Uint8Array, maxMm: number): void {
  const bounded = squaredDistanceToMask(g, mask, maxMm);
  const slow = bruteForce(g, mask);
  for (let i = 0; i < slow.length; i++) {
    if (slow[i] <= maxMm * maxMm) expect(bounded[i]).toBeCloseTo(slow[i], 3);
    else if (slow[i] > maxMm * maxMm * 1.00001) expect(bounded[i]).toBe(Infinity);
  }
}

describe('distance transform', () => {
  it('gives exact mm distances on an anisotropic grid', () => {
    const g = grid([5, 4, 3], [1, 2, 3]);
    const mask = new Uint8Array(60);
    mask[0] = 1; // voxel (0,0,0)
    const d = distanceToMask(g, mask).data;
    expect(d[0]).toBe(0);
    expect(d[4]).toBeCloseTo(4, 6); // (4,0,0)
    expect(d[5 * 4 * 2 + 5 * 3 + 4]).toBeCloseTo(Math.hypot(4, 6, 6), 5); // (4,3,2)
  });

  it('is Infinity everywhere without a mask voxel', () => {
    const g = grid([3, 3, 3], [1, 1, 1]);
    expect([...squaredDistanceToMask(g, new Uint8Array(27))].every((v) => v === Infinity)).toBe(true);
  });

  it('equals the brute-force distance on random masks', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 7 * 6 * 5, maxLength: 7 * 6 * 5 }), (bits) => {
        const g = grid([7, 6, 5], [0.7, 1.3, 2.1]);
        const mask = Uint8Array.from(bits, (b) => (b && Math.random() < 0.2 ? 1 : 0));
        if (!mask.some((v) => v)) mask[17] = 1;
        const fast = squaredDistanceToMask(g, mask);
        const slow = bruteForce(g, mask);
        for (let i = 0; i < fast.length; i++) expect(fast[i]).toBeCloseTo(slow[i], 3);
      }),
      { numRuns: 25, seed: 42 },
    );
  });

  it('bounded: exact within the bound, Infinity beyond it (windowed and envelope lines)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.boolean(), { minLength: 9 * 8 * 7, maxLength: 9 * 8 * 7 }),
        fc.constantFrom(0.5, 1.4, 2.5, 4.6, 12),
        (bits, maxMm) => {
          const g = grid([9, 8, 7], [0.7, 1.3, 2.1]);
          const mask = Uint8Array.from(bits, (b) => (b && Math.random() < 0.05 ? 1 : 0));
          if (!mask.some((v) => v)) mask[40] = 1;
          expectExactWithinBound(g, mask, maxMm);
        },
      ),
      { numRuns: 30, seed: 7 },
    );
  });

  it('bounded and unbounded: exact on solid masks (whole rows inside, whole rows unreached)', () => {
    // boxes: rows entirely inside the mask and rows far from it, which the passes skip whole
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(8), fc.nat(7), fc.nat(6), fc.integer({ min: 1, max: 9 })), {
          minLength: 1,
          maxLength: 3,
        }),
        fc.constantFrom(1.4, 2.5, 4.6, 12, Infinity),
        (boxes, maxMm) => {
          const g = grid([9, 8, 7], [0.9, 1.3, 2.1]);
          const [nx, ny, nz] = g.dims;
          const mask = new Uint8Array(nx * ny * nz);
          for (const [x0, y0, z0, size] of boxes)
            for (let k = z0; k < Math.min(nz, z0 + size); k++)
              for (let j = y0; j < Math.min(ny, y0 + size); j++)
                for (let i = 0; i < nx; i++)
                  if (size > 4 || (i >= x0 && i < x0 + size)) mask[i + nx * (j + ny * k)] = 1;
          expectExactWithinBound(g, mask, maxMm);
        },
      ),
      { numRuns: 40, seed: 11 },
    );
  });
});
