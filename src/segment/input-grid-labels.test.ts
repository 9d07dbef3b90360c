import { describe, expect, it } from 'vitest';
import type { Grid } from '../core/volume.js';
import { makeVolume } from '../core/volume.js';
import { SACRAL_LABELS } from '../anatomy/labels.js';
import { labelsOnInputGrid } from './input-grid-labels.js';

const N = 40;
/** The input grid: 1 mm voxels, centres at 0..39 mm on each axis. */
const fine: Grid = {
  dims: [N, N, N],
  spacingMm: [1, 1, 1],
  originLps: [0, 0, 0],
  direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
};
/** The working grid: 2 mm voxels over the same field (centres at 0, 2, .. 38 mm). */
const coarse: Grid = { ...fine, dims: [N / 2, N / 2, N / 2], spacingMm: [2, 2, 2] };

const inBox = (p: number[], lo: number, hi: number): boolean => p.every((c) => c >= lo && c <= hi);

/** CT of a bone box (400 HU) at input voxels lo..hi on every axis, in soft tissue (20 HU). */
function boneBox(lo: number, hi: number): Float32Array {
  const hu = new Float32Array(N ** 3);
  for (let k = 0; k < N; k++)
    for (let j = 0; j < N; j++)
      for (let i = 0; i < N; i++) hu[i + N * (j + N * k)] = inBox([i, j, k], lo, hi) ? 400 : 20;
  return hu;
}

/** Working labels: `label` at working voxels lo..hi on every axis. */
function coarseBox(lo: number, hi: number, label: number): Uint8Array {
  const m = new Uint8Array((N / 2) ** 3);
  const n = N / 2;
  for (let k = 0; k < n; k++)
    for (let j = 0; j < n; j++)
      for (let i = 0; i < n; i++) if (inBox([i, j, k], lo, hi)) m[i + n * (j + n * k)] = label;
  return m;
}

function countWrong(labels: Uint8Array, hu: Float32Array, label: number): number {
  let wrong = 0;
  for (let i = 0; i < labels.length; i++) if ((labels[i] === label) !== hu[i] > 150) wrong++;
  return wrong;
}

describe('labelsOnInputGrid', () => {
  it('trims a working-grid bone that is too big back to the input CT', () => {
    // bone at input voxels 12..27; working voxels 6..14 cover input voxels 11..28 by nearest
    const hu = boneBox(12, 27);
    const work = makeVolume(coarse, coarseBox(6, 14, SACRAL_LABELS.sacrum));
    const out = labelsOnInputGrid(work, makeVolume(fine, hu));
    expect(countWrong(out, hu, SACRAL_LABELS.sacrum)).toBe(0);
  });

  it('grows a working-grid bone that is too small out to the input CT', () => {
    // working voxels 7..13 cover input voxels 13..26 by nearest; the bone is 12..27
    const hu = boneBox(12, 27);
    const work = makeVolume(coarse, coarseBox(7, 13, SACRAL_LABELS.hip_left));
    const out = labelsOnInputGrid(work, makeVolume(fine, hu));
    expect(countWrong(out, hu, SACRAL_LABELS.hip_left)).toBe(0);
  });

  it('leaves canal, foramina and lesion as nearest-neighbour gives them', () => {
    const hu = boneBox(12, 27);
    const work = makeVolume(coarse, coarseBox(6, 14, SACRAL_LABELS.lesion));
    const out = labelsOnInputGrid(work, makeVolume(fine, hu));
    let lesion = 0;
    for (const v of out) lesion += v === SACRAL_LABELS.lesion ? 1 : 0;
    expect(lesion).toBe(18 ** 3); // input voxels 11..28 on every axis
  });

  it("on a CT upsampled from the working resolution re-draws nothing; half-way voxels go to the patient's right", () => {
    // working voxels 6..14 cover input voxels 12..28 at their centres; 11 and 29 are half-way
    const work = makeVolume(coarse, coarseBox(6, 14, SACRAL_LABELS.sacrum));
    const line = (out: Uint8Array) =>
      Array.from({ length: N }, (_, i) => (out[i + N * (20 + N * 20)] === SACRAL_LABELS.sacrum ? 1 : 0));
    // whatever the CT numbers, a tie along x takes the working voxel towards the right (-x): input
    // voxel 11 goes to working voxel 5 (outside), 29 to 14 (sacrum)
    for (const hu of [boneBox(14, 26), boneBox(11, 29), boneBox(12, 28)]) {
      const out = labelsOnInputGrid(work, makeVolume(fine, hu), [2, 2, 2]);
      expect(line(out)).toEqual(Array.from({ length: N }, (_, i) => (i >= 12 && i <= 29 ? 1 : 0)));
    }
    // the same CT stored in reverse voxel order (i running right to left): the same voxels in
    // space, sacrum at x 12..29 (input index i lies at x = 39 - i: i 10..27)
    const flipped: Grid = { ...fine, originLps: [N - 1, 0, 0], direction: [-1, 0, 0, 0, 1, 0, 0, 0, 1] };
    const out = labelsOnInputGrid(work, makeVolume(flipped, boneBox(12, 28)), [2, 2, 2]);
    expect(line(out)).toEqual(Array.from({ length: N }, (_, i) => (i >= 10 && i <= 27 ? 1 : 0)));
    // without the upsampling the surfaces follow the CT numbers instead
    expect(
      countWrong(
        labelsOnInputGrid(work, makeVolume(fine, boneBox(12, 27))),
        boneBox(12, 27),
        SACRAL_LABELS.sacrum,
      ),
    ).toBe(0);
  });

  it('labels input voxels up to one working voxel past the working grid edge', () => {
    // a working grid starting 1.4 mm into the input (on an original lattice): input voxels 0
    // and 1 lie 0.7 and 0.2 working voxels before its first voxel
    const shifted: Grid = { ...coarse, originLps: [1.4, 0, 0] };
    const labels = new Uint8Array((N / 2) ** 3).fill(SACRAL_LABELS.sacrum);
    const out = labelsOnInputGrid(
      makeVolume(shifted, labels),
      makeVolume(fine, boneBox(0, N - 1)),
      [2, 2, 2],
    );
    expect(out[0]).toBe(SACRAL_LABELS.sacrum);
    expect(out[1]).toBe(SACRAL_LABELS.sacrum);
    // the far edge: the working grid ends at 1.4 + 38 = 39.4 mm, the input at 39 mm; beyond one
    // working voxel nothing is labelled
    const short: Grid = { ...coarse, dims: [N / 2 - 2, N / 2, N / 2] };
    const cut = labelsOnInputGrid(
      makeVolume(short, new Uint8Array((N / 2 - 2) * (N / 2) ** 2).fill(SACRAL_LABELS.sacrum)),
      makeVolume(fine, boneBox(0, N - 1)),
    );
    expect(cut[35]).toBe(SACRAL_LABELS.sacrum); // 0.5 working voxel past the last (34 mm)
    expect(cut[37]).toBe(0); // 1.5 past
  });

  it('is plain nearest neighbour when the input grid is not finer', () => {
    const hu = new Float32Array((N / 2) ** 3).fill(20);
    const labels = coarseBox(6, 14, SACRAL_LABELS.sacrum);
    const out = labelsOnInputGrid(makeVolume(coarse, labels), makeVolume(coarse, hu));
    expect(Array.from(out)).toEqual(Array.from(labels));
  });
});
