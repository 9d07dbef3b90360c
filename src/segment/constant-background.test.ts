import { describe, expect, it } from 'vitest';
import type { Grid } from '../core/volume.js';
import { SACRAL_LABELS } from '../anatomy/labels.js';
import { boneOnlyOnGrid, clearBoneOnBackground, constantBackgroundValue } from './constant-background.js';
import { makeVolume } from '../core/volume.js';

const grid: Grid = {
  dims: [20, 20, 20],
  spacingMm: [1, 1, 1],
  originLps: [0, 0, 0],
  direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
};
const n = 20 ** 3;
/** Deterministic noise: integer CT numbers spread ±40 HU around `mean`. */
const noisy = (mean: number, i: number): number => mean + (((i * 7919) % 81) - 40);

describe('constantBackgroundValue', () => {
  it('finds the constant of a bone-only CT', () => {
    const data = new Int16Array(n);
    for (let i = 0; i < n; i += 3) data[i] = noisy(400, i);
    expect(constantBackgroundValue(data)).toBe(0);
    data.fill(-50);
    for (let i = 0; i < n; i += 2) data[i] = noisy(400, i);
    expect(constantBackgroundValue(data)).toBe(-50);
  });

  it('finds none in a CT with noise everywhere, nor in air or padding', () => {
    const data = new Float32Array(n);
    for (let i = 0; i < n; i++) data[i] = noisy(40, i) + 0.25;
    expect(constantBackgroundValue(data)).toBeNull();
    for (let i = 0; i < n; i++) data[i] = i % 2 ? -1024 : noisy(40, i);
    expect(constantBackgroundValue(data)).toBeNull();
  });
});

describe('clearBoneOnBackground', () => {
  it('clears bone labels on the constant, not on tissue that happens to equal it or on the canal', () => {
    const data = new Int16Array(n);
    const labels = new Uint8Array(n);
    const at = (i: number, j: number, k: number) => i + 20 * (j + 20 * k);
    for (let k = 0; k < 20; k++)
      for (let j = 0; j < 20; j++)
        for (let i = 0; i < 20; i++) {
          const v = at(i, j, k);
          if (i < 10) {
            data[v] = noisy(300, v) || 1; // bone with noise (never exactly 0)
            labels[v] = SACRAL_LABELS.sacrum;
          } else if (i < 13) labels[v] = SACRAL_LABELS.sacrum; // the label spilt into the background
        }
    // a marrow voxel that happens to be exactly 0 HU among noisy bone
    data[at(5, 5, 5)] = 0;
    // the canal on the background keeps its label
    labels[at(15, 5, 5)] = SACRAL_LABELS.sacral_canal;
    const cleared = clearBoneOnBackground(grid, { data, labels, value: 0 });
    expect(cleared).toBe(3 * 20 * 20);
    expect(labels[at(5, 5, 5)]).toBe(SACRAL_LABELS.sacrum);
    expect(labels[at(10, 3, 3)]).toBe(0);
    expect(labels[at(12, 19, 0)]).toBe(0);
    expect(labels[at(15, 5, 5)]).toBe(SACRAL_LABELS.sacral_canal);
    expect(labels[at(9, 3, 3)]).toBe(SACRAL_LABELS.sacrum);
  });
});

describe('boneOnlyOnGrid', () => {
  it('takes all that is not background as bone and the narrow background runs between bones as joints', () => {
    // 1 mm CT, 60 x 12 x 12: bone blocks x 4..23 (fatty marrow inside, -60 HU), 26..39 and 46..55;
    // between the first two a 2 mm joint of background, between the last two a 6 mm gap
    const ct = makeVolume(
      {
        dims: [60, 12, 12],
        spacingMm: [1, 1, 1],
        originLps: [0, 0, 0],
        direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
      },
      new Int16Array(60 * 12 * 12),
    );
    const inBone = (i: number) => (i >= 4 && i <= 23) || (i >= 26 && i <= 39) || (i >= 46 && i <= 55);
    for (let k = 2; k < 10; k++)
      for (let j = 2; j < 10; j++)
        for (let i = 0; i < 60; i++) {
          if (!inBone(i)) continue;
          const v = i + 60 * (j + 12 * k);
          const marrow = i > 6 && i < 21 && j > 3 && j < 8 && k > 3 && k < 8;
          ct.data[v] = marrow ? noisy(-60, v) || -1 : noisy(500, v);
        }
    // the working grid: 2 mm, voxel centres at 0.5, 2.5, ... mm
    const grid: Grid = {
      dims: [30, 6, 6],
      spacingMm: [2, 2, 2],
      originLps: [0.5, 0.5, 0.5],
      direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
    };
    const { bone, jointSpace } = boneOnlyOnGrid(ct, 0, grid);
    const at = (i: number, j: number, k: number) => i + 30 * (j + 6 * k);
    // fatty marrow is bone; background is not
    expect(bone[at(7, 2, 2)]).toBe(1);
    expect(bone[at(0, 2, 2)]).toBe(0);
    expect(bone[at(21, 2, 2)]).toBe(0);
    expect(bone[at(7, 0, 0)]).toBe(0);
    // the 2 mm joint (CT x 24, 25: grid voxel 12) is a joint space; the 6 mm gap, and the
    // background beyond the outer surfaces, are not
    expect(jointSpace[at(12, 2, 2)]).toBe(1);
    for (const i of [0, 1, 21, 22, 29]) expect(jointSpace[at(i, 2, 2)], `grid x ${i}`).toBe(0);
    expect(jointSpace[at(7, 0, 2)]).toBe(0);
  });
});
