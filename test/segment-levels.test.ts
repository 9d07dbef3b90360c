/**
 * Level identification on phantoms whose L5 touches the sacrum through its posterior elements
 * (seeds 1 and 3 at 1.5 mm): L5 must come out as L5 with its arch, not as part of the sacrum; the lesion and
 * sacrum must stay where the phantom has them; the canal must not take the foramina, which must
 * come out at their own level and side; the hips must not take the femoral heads.
 */
import { describe, expect, it } from 'vitest';
import { makePhantom } from '../src/phantom/index.js';
import { segmentCt } from '../src/segment/index.js';
import { dice } from '../src/segment/overlap-metrics.js';
import { REQUIRED_LABEL_NAMES, SACRAL_LABELS } from '../src/anatomy/labels.js';

const FORAMINA = REQUIRED_LABEL_NAMES.filter((n) => n.startsWith('foramen_'));

const only = (a: ArrayLike<number>, v: number) =>
  Uint8Array.from({ length: a.length }, (_, i) => (a[i] === v ? 1 : 0));

/** Every named structure's Dice against the phantom's truth above `floor`. */
function expectEachAbove(
  maps: { truth: ArrayLike<number>; ours: ArrayLike<number> },
  names: readonly string[],
  floor: number,
): void {
  for (const name of names)
    expect(
      dice(only(maps.truth, SACRAL_LABELS[name]), only(maps.ours, SACRAL_LABELS[name])),
      name,
    ).toBeGreaterThan(floor);
}

describe('segmentation levels and joints on the phantom', () => {
  for (const seed of [1, 3]) {
    it(`separates L5 from the sacrum (seed ${seed})`, async () => {
      const ph = makePhantom({ spacingMm: [1.5, 1.5, 1.5], lesion: true, seed });
      const { labels } = await segmentCt(ph.ct);
      const t = ph.labels.data;
      const o = labels.data;
      expect(dice(only(t, SACRAL_LABELS.L5), only(o, SACRAL_LABELS.L5))).toBeGreaterThan(0.85);
      expect(dice(only(t, SACRAL_LABELS.sacrum), only(o, SACRAL_LABELS.sacrum))).toBeGreaterThan(0.88);
      expect(dice(only(t, SACRAL_LABELS.lesion), only(o, SACRAL_LABELS.lesion))).toBeGreaterThan(0.7);
      // the canal without the foramina that leave it; each foramen at its own level and side
      expect(dice(only(t, SACRAL_LABELS.sacral_canal), only(o, SACRAL_LABELS.sacral_canal))).toBeGreaterThan(
        0.78,
      );
      for (const name of FORAMINA)
        expect(dice(only(t, SACRAL_LABELS[name]), only(o, SACRAL_LABELS[name])), name).toBeGreaterThan(0.75);
      // the femoral heads go to the femurs, not to the hip bones (their sphere is found)
      for (const hip of [SACRAL_LABELS.hip_left, SACRAL_LABELS.hip_right])
        expect(dice(only(t, hip), only(o, hip))).toBeGreaterThan(0.9);
    }, 180_000);
  }

  // issue 4: on thick slices a soft pocket at the L5/S1 facets sat on top of S1 and shifted every
  // level name by one (S1 took the pocket, S2 took S1, ...): the levels must stay in place
  it('names the foramina by their own level on 2.5 mm slices in RAS voxel order', async () => {
    const ph = makePhantom({ spacingMm: [0.9, 0.9, 2.5], orientation: 'RAS', lesion: true, seed: 3 });
    const { labels } = await segmentCt(ph.ct);
    expectEachAbove({ truth: ph.labels.data, ours: labels.data }, FORAMINA, 0.65);
  }, 180_000);

  // S3 and S4 are channels 2-3 voxels wide at 1.5 mm between dense walls: smoothed, they read as
  // bone and were lost (both S4 on seeds 7-12), so they are taken by their own CT number too
  it('finds the narrow lower foramina (seed 9, 1.5 mm)', async () => {
    const ph = makePhantom({ spacingMm: [1.5, 1.5, 1.5], lesion: true, seed: 9 });
    const { labels } = await segmentCt(ph.ct);
    expectEachAbove({ truth: ph.labels.data, ours: labels.data }, FORAMINA, 0.8);
  }, 180_000);

  // a lesion in the midline (13 mL) opens into the canal for 15 mm: the canal below it was lost
  // (0.74 Dice), its soft tissue taken as lesion, and the lower foramina with it
  it('follows the canal past a lesion that hides it, and keeps the foramina (seed 4, 1.5 mm)', async () => {
    const ph = makePhantom({ spacingMm: [1.5, 1.5, 1.5], lesion: true, seed: 4 });
    const { labels } = await segmentCt(ph.ct);
    expectEachAbove({ truth: ph.labels.data, ours: labels.data }, REQUIRED_LABEL_NAMES, 0.82);
  }, 180_000);

  // seed 2's lesion has destroyed the cortex where S1 right leaves the sacrum: the foramen's outer
  // part lies outside the sacral envelope and was lost (0.78 Dice)
  it('follows a foramen out through a lesion that destroyed the cortex (seed 2, 1.5 mm)', async () => {
    const ph = makePhantom({ spacingMm: [1.5, 1.5, 1.5], lesion: true, seed: 2 });
    const { labels } = await segmentCt(ph.ct);
    const s1 = SACRAL_LABELS.foramen_S1_right;
    expect(dice(only(ph.labels.data, s1), only(labels.data, s1))).toBeGreaterThan(0.87);
    const lesion = SACRAL_LABELS.lesion;
    expect(dice(only(ph.labels.data, lesion), only(labels.data, lesion))).toBeGreaterThan(0.85);
  }, 180_000);

  // everything outside bone set to 0 HU, as in bone-masked datasets: the constant looks like
  // fatty marrow and filled the sacrum's concavities (sacrum 0.971 before it was kept out, 0.980
  // with it kept out, 0.991 with the bones and joints taken from it)
  it("takes a bone-only CT's bones from its constant background (seed 2, 1.5 mm)", async () => {
    const ph = makePhantom({ spacingMm: [1.5, 1.5, 1.5], lesion: true, seed: 2, boneOnly: true });
    const { labels, report } = await segmentCt(ph.ct);
    const truth = ph.labels.data;
    const sacrum = (a: ArrayLike<number>) =>
      Uint8Array.from({ length: a.length }, (_, i) =>
        a[i] === SACRAL_LABELS.sacrum || a[i] === SACRAL_LABELS.lesion ? 1 : 0,
      );
    expect(dice(sacrum(truth), sacrum(labels.data)), 'sacrum with lesion').toBeGreaterThan(0.985);
    expectEachAbove({ truth, ours: labels.data }, ['L5', 'sacral_canal', 'hip_left', 'hip_right'], 0.9);
    expectEachAbove({ truth, ours: labels.data }, ['lesion', ...FORAMINA], 0.85);
    expect(report.warnings.join(' ')).toMatch(/exactly 0 HU: a bone-only CT/);
  }, 180_000);

  it('finds no lesion in a phantom without one', async () => {
    const ph = makePhantom({ spacingMm: [2, 2, 2], seed: 4 });
    const { report } = await segmentCt(ph.ct);
    expect(report.volumes_ml.lesion).toBeLessThan(0.5);
  }, 180_000);
});
