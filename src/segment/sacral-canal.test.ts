import { describe, expect, it } from 'vitest';
import type { Grid } from '../core/volume.js';
import { makeVolume } from '../core/volume.js';
import {
  findSacralCanal,
  halfMaxRim,
  extendThroughHiatus,
  joinAlignedChains,
  keepLongestChain,
  midlineCanalRuns,
  type CanalInput,
} from './sacral-canal.js';

/**
 * A 21 x 24 x 6 block at 1 mm (x = i, y = j posterior, z = k), all envelope. Along y from the
 * back: j 20-23 dorsal wall (600 HU), j 14-19 canal (0 HU, |x - 10| <= 4), j 11-13 body cortex
 * (600 HU), j 0-10 fatty marrow (0 HU, as dark as the canal). Walking forwards on the midline,
 * the canal is the soft run j 14..19, not the marrow.
 *
 *   j: 23 ... 20 | 19 ... 14 | 13 12 11 | 10 ... 0
 *      wall      | canal     | cortex   | marrow
 */
function block(): { grid: Grid; input: CanalInput } {
  const dims = [21, 24, 6] as const;
  const grid: Grid = {
    dims,
    spacingMm: [1, 1, 1],
    originLps: [0, 0, 0],
    direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
  };
  const n = dims[0] * dims[1] * dims[2];
  const hu = new Float32Array(n);
  for (let k = 0; k < dims[2]; k++)
    for (let j = 0; j < dims[1]; j++)
      for (let i = 0; i < dims[0]; i++) {
        const v = i + dims[0] * (j + dims[1] * k);
        const canal = j >= 14 && j <= 19 && Math.abs(i - 10) <= 4;
        hu[v] = j >= 20 || (j >= 11 && j <= 13) || (j >= 14 && j <= 19 && !canal) ? 600 : 0;
      }
  const soft = Uint8Array.from(hu, (h) => (h < 90 ? 1 : 0));
  return {
    grid,
    input: {
      hu: makeVolume(grid, hu),
      smooth: hu,
      envelope: new Uint8Array(n).fill(1),
      soft,
      midlineX: 10,
      toSacrum2: new Float32Array(n),
      toL52: null,
      softMaxHu: 90,
    },
  };
}

describe('midlineCanalRuns', () => {
  it('takes the first soft run in front of the dorsal wall, not the marrow beyond the body cortex', () => {
    const { grid, input } = block();
    const runs = midlineCanalRuns(grid, input);
    expect(runs).toEqual(Array(6).fill([14, 19]));
  });

  it('finds no run where no wall closes the soft run in front (open to the pelvis)', () => {
    const { grid, input } = block();
    for (let k = 0; k < 6; k++)
      for (let j = 0; j <= 13; j++) for (let i = 0; i < 21; i++) input.smooth[i + 21 * (j + 24 * k)] = 0;
    expect(midlineCanalRuns(grid, input).every((r) => r === null)).toBe(true);
  });
});

describe('extendThroughHiatus', () => {
  /** The block with no dorsal wall in slices 0-2 (the hiatus): behind the canal, outside the sacrum. */
  function hiatus(): { grid: Grid; input: CanalInput } {
    const b = block();
    for (let k = 0; k <= 2; k++)
      for (let j = 20; j < 24; j++) for (let i = 0; i < 21; i++) b.input.envelope[i + 21 * (j + 24 * k)] = 0;
    return b;
  }

  it('follows the canal down through the hiatus, behind the body cortex, as deep as it is soft', () => {
    const { grid, input } = hiatus();
    const runs = midlineCanalRuns(grid, input);
    expect(runs.slice(0, 3)).toEqual([null, null, null]);
    extendThroughHiatus(grid, input, runs);
    expect(runs).toEqual(Array(6).fill([14, 19]));
  });

  it('stops where the canal no longer starts behind the cortex the slice above ended at', () => {
    const { grid, input } = hiatus();
    // slice 1: the cortex three voxels further back (j 14-16): not the same canal
    for (let j = 14; j <= 16; j++) for (let i = 0; i < 21; i++) input.smooth[i + 21 * (j + 24)] = 600;
    const runs = midlineCanalRuns(grid, input);
    extendThroughHiatus(grid, input, runs);
    expect(runs.slice(0, 3)).toEqual([null, null, [14, 19]]);
  });
});

describe('keepLongestChain', () => {
  it('keeps the longest stretch, bridging gaps up to maxGap, and drops the rest', () => {
    const r = [1, null, 2, 3, null, null, null, 4, 5, null];
    expect(keepLongestChain(r, 1)).toEqual([1, null, 2, 3, null, null, null, null, null, null]);
    expect(keepLongestChain(r, 3)).toEqual([1, null, 2, 3, null, null, null, 4, 5, null]);
    expect(keepLongestChain([null, null], 2)).toEqual([null, null]);
  });
});

describe('joinAlignedChains', () => {
  type Run = [number, number] | null;
  const limits = { maxGap: 4, smallGap: 1, tolerance: 2 };
  // two chains of the canal with a lesion hiding it for three slices (k 4-6) between them
  const found: Run[] = [
    [10, 14],
    null,
    [10, 15],
    [11, 15],
    null,
    null,
    null,
    [13, 17],
    [13, 17],
    null,
    [14, 18],
    [14, 19],
  ];
  const upper = keepLongestChain(found, limits.smallGap);

  it('joins the chain beyond a hidden stretch when the runs line up, interpolating across it', () => {
    expect(upper.slice(0, 7)).toEqual([null, null, null, null, null, null, null]);
    expect(joinAlignedChains(found, upper, limits)).toEqual([
      [10, 14],
      null,
      [10, 15],
      [11, 15],
      [12, 16],
      [12, 16],
      [13, 17],
      [13, 17],
      [13, 17],
      null,
      [14, 18],
      [14, 19],
    ]);
  });

  it('does not join a chain that is out of line, or beyond a longer gap', () => {
    const offset: Run[] = found.map((r, k) => (r && k < 4 ? [r[0] - 3, r[1] - 3] : r));
    expect(joinAlignedChains(offset, keepLongestChain(offset, 1), limits)).toEqual(
      keepLongestChain(offset, 1),
    );
    expect(joinAlignedChains(found, upper, { ...limits, maxGap: 2 })).toEqual(upper);
  });
});

describe('findSacralCanal', () => {
  it('returns exactly the lumen of the block, input untouched', () => {
    const { grid, input } = block();
    const before = input.soft.slice();
    const canal = findSacralCanal(grid, input);
    let inside = 0;
    let wrong = 0;
    for (let k = 0; k < 6; k++)
      for (let j = 0; j < 24; j++)
        for (let i = 0; i < 21; i++) {
          const truth = j >= 14 && j <= 19 && Math.abs(i - 10) <= 4;
          const v = i + 21 * (j + 24 * k);
          if (canal[v] && truth) inside++;
          else if (canal[v] !== (truth ? 1 : 0)) wrong++;
        }
    // the ellipse drops the lumen's four corner voxels per slice (a rectangle is not an ellipse)
    expect(inside).toBeGreaterThanOrEqual(6 * (9 * 6 - 4));
    expect(wrong).toBeLessThanOrEqual(6 * 4);
    expect(input.soft).toEqual(before);
  });

  it('leaves out what is closer to L5 than to the sacrum', () => {
    const { grid, input } = block();
    const n = input.soft.length;
    input.toL52 = new Float32Array(n).fill(100);
    for (let v = 0; v < n; v++) if (Math.floor(v / (21 * 24)) >= 3) input.toL52[v] = 0;
    input.toSacrum2 = new Float32Array(n).fill(1);
    const canal = findSacralCanal(grid, input);
    for (let v = 0; v < n; v++) if (canal[v]) expect(Math.floor(v / (21 * 24))).toBeLessThan(3);
    expect(canal.some((c) => c)).toBe(true);
  });
});

describe('halfMaxRim', () => {
  it('moves the boundary to half-way between contents and wall', () => {
    // 1D profile along i in a 12 x 1 x 1 grid: contents 0 HU at i 0-3, partial volume 200 at 4 and
    // 450 at 5, wall 600 from 6. The mask (i 0-2) has median 0; the 3 voxels beyond it (0, 200,
    // 450) peak at 450, so the cut is 225: i 3 and 4 belong inside, i 5 does not
    const grid: Grid = {
      dims: [12, 1, 1],
      spacingMm: [1, 1, 1],
      originLps: [0, 0, 0],
      direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
    };
    const hu = Float32Array.from([0, 0, 0, 0, 200, 450, 600, 600, 600, 600, 600, 600]);
    const mask = Uint8Array.from([1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    const input: CanalInput = {
      hu: makeVolume(grid, hu),
      smooth: hu,
      envelope: new Uint8Array(12).fill(1),
      soft: mask,
      midlineX: 0,
      toSacrum2: new Float32Array(12),
      toL52: null,
      softMaxHu: 90,
    };
    expect(Array.from(halfMaxRim(grid, mask, input))).toEqual([1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(Array.from(halfMaxRim(grid, mask, { ...input, passes: 3 }))).toEqual([
      1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0,
    ]);
  });
});
