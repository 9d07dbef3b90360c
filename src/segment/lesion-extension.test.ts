import { describe, expect, it } from 'vitest';
import type { Grid } from '../core/volume.js';
import { extraosseousExtension, halfWayBoundary } from './lesion-extension.js';

const grid = (spacingMm: [number, number, number]): Grid => ({
  dims: [20, 5, 5],
  spacingMm,
  originLps: [0, 0, 0],
  direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
});
const at = (i: number, j: number, k: number) => i + 20 * (j + 5 * k);
const count = (m: Uint8Array) => m.reduce((s, v) => s + v, 0);

/** A lesion at i <= 4 on the centre line; soft tissue allowed at i >= 5 along it. */
function line(): { lesion: Uint8Array; allowed: Uint8Array } {
  const lesion = new Uint8Array(500);
  const allowed = new Uint8Array(500);
  for (let i = 0; i <= 4; i++) lesion[at(i, 2, 2)] = 1;
  for (let i = 5; i < 20; i++) allowed[at(i, 2, 2)] = 1;
  return { lesion, allowed };
}

describe('extraosseousExtension', () => {
  it('follows allowed soft tissue from the lesion up to the distance limit', () => {
    const out = extraosseousExtension(grid([2, 2, 2]), line(), 6);
    // 2, 4 and 6 mm from the lesion's last voxel: i = 5, 6, 7
    expect([5, 6, 7, 8].map((i) => out[at(i, 2, 2)])).toEqual([1, 1, 1, 0]);
    expect(count(out)).toBe(3);
  });

  it('measures the path in mm on anisotropic grids', () => {
    expect(count(extraosseousExtension(grid([0.5, 2, 2]), line(), 6))).toBe(12);
  });

  it('does not grow where the lesion touches no allowed voxel (intact cortex)', () => {
    const { lesion, allowed } = line();
    allowed[at(5, 2, 2)] = 0; // a cortex voxel between the lesion and the soft tissue
    expect(count(extraosseousExtension(grid([2, 2, 2]), { lesion, allowed }, 20))).toBe(0);
  });

  it('takes the shortest path when a longer one reaches a voxel first', () => {
    // an L-shaped corridor on a 3 x 1 mm grid: breadth-first order meets (6,3,2) first by the
    // cheap j steps, the exact path length decides what lies within the limit
    const lesion = new Uint8Array(500);
    const allowed = new Uint8Array(500);
    lesion[at(4, 2, 2)] = 1;
    for (let i = 5; i < 20; i++) allowed[at(i, 2, 2)] = 1;
    for (let j = 0; j < 5; j++) allowed[at(5, j, 2)] = 1;
    const out = extraosseousExtension(grid([3, 1, 1]), { lesion, allowed }, 7);
    expect(out[at(5, 4, 2)]).toBe(1); // 3 + 2 mm
    expect(out[at(6, 2, 2)]).toBe(1); // 6 mm
    expect(out[at(7, 2, 2)]).toBe(0); // 9 mm
  });
});

describe('halfWayBoundary', () => {
  // a row of CT numbers across a lesion's edge: tumour 40, partial volume 120 and 200, marrow 300
  const g = grid([1, 1, 1]);
  const hu = new Float32Array(500);
  const row = [40, 40, 40, 40, 120, 200, 300, 300, 300, 300];
  row.forEach((v, i) => (hu[at(i, 2, 2)] = v));
  const lesion = new Uint8Array(500);
  for (let i = 0; i <= 3; i++) lesion[at(i, 2, 2)] = 1;
  const surround = new Uint8Array(500);
  for (let i = 5; i <= 9; i++) surround[at(i, 2, 2)] = 1;
  const free = new Uint8Array(500).fill(1);

  it('moves the edge to the half-way CT number between tumour and the bone around it', () => {
    // cut = (40 + 300) / 2 = 170: the 120 HU voxel joins, the 200 HU one does not
    const out = halfWayBoundary(g, { lesion, surround, free }, hu);
    expect(row.map((_, i) => out[at(i, 2, 2)])).toEqual([1, 1, 1, 1, 1, 0, 0, 0, 0, 0]);
  });

  it('adds nothing outside the free voxels and leaves a lesion without surround as it is', () => {
    const none = new Uint8Array(500);
    expect(halfWayBoundary(g, { lesion, surround, free: none }, hu)[at(4, 2, 2)]).toBe(0);
    expect(halfWayBoundary(g, { lesion, surround: none, free }, hu)).toBe(lesion);
  });
});
