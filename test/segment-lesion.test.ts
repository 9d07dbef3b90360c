/**
 * Lytic lesions that have destroyed the cortex (issue 4: "incl. where it has destroyed the
 * cortex"): the phantom's lesion of seed 2 breaks out of the sacrum's anterior surface into
 * the presacral fat. Its soft-tissue mass outside the bone and its partial-volume edge must be
 * lesion too (this phantom's lesion scored 0.71 at 1.5 mm and 0.53 at 3 mm before they were).
 */
import { describe, expect, it } from 'vitest';
import { makePhantom } from '../src/phantom/index.js';
import { segmentCt } from '../src/segment/index.js';
import { dice } from '../src/segment/overlap-metrics.js';
import { SACRAL_LABELS } from '../src/anatomy/labels.js';

const only = (a: ArrayLike<number>, v: number) =>
  Uint8Array.from({ length: a.length }, (_, i) => (a[i] === v ? 1 : 0));

describe('lesions through a destroyed cortex', () => {
  for (const [spacing, floor] of [
    [1.5, 0.85],
    [3, 0.8],
  ] as const) {
    it(`labels the mass outside the bone as lesion (${spacing} mm)`, async () => {
      const ph = makePhantom({ spacingMm: [spacing, spacing, spacing], lesion: true, seed: 2 });
      const { labels, report } = await segmentCt(ph.ct);
      const lesion = SACRAL_LABELS.lesion;
      expect(dice(only(ph.labels.data, lesion), only(labels.data, lesion))).toBeGreaterThan(floor);
      // one lesion, and its volume within 20% of the truth's
      const truthMl = (only(ph.labels.data, lesion).reduce((s, v) => s + v, 0) * spacing ** 3) / 1000;
      expect(report.lesions).toHaveLength(1);
      expect(Math.abs(report.volumes_ml.lesion - truthMl) / truthMl).toBeLessThan(0.2);
    }, 120_000);
  }

  // seed 12's lesion has eaten a bite out of the anterior surface: most of it lies outside the
  // bone's outline, not enclosed by bone; the same bone on the other side tells where it was
  // (seed 15's, 4.3 mL, is 9 mm thick where it meets the bone: it was missed whole while a lesion
  // had to be 10 mm thick)
  for (const seed of [12, 15])
    it(`finds a lesion in a bite out of the surface by the mirrored sacrum (seed ${seed}, 1.5 mm)`, async () => {
      const ph = makePhantom({ spacingMm: [1.5, 1.5, 1.5], lesion: true, seed });
      const { labels } = await segmentCt(ph.ct);
      const lesion = SACRAL_LABELS.lesion;
      expect(dice(only(ph.labels.data, lesion), only(labels.data, lesion))).toBeGreaterThan(0.8);
    }, 120_000);

  // seed 10's lesion breaks out of the dorsal surface under the paraspinal muscles, of tumour
  // density: the mass outside the bone is followed 4 mm, not into the muscle (0.82 at 6 mm)
  it('does not follow a dorsal lesion into the muscles behind the sacrum (seed 10, 1.5 mm)', async () => {
    const ph = makePhantom({ spacingMm: [1.5, 1.5, 1.5], lesion: true, seed: 10 });
    const { labels } = await segmentCt(ph.ct);
    const lesion = SACRAL_LABELS.lesion;
    expect(dice(only(ph.labels.data, lesion), only(labels.data, lesion))).toBeGreaterThan(0.88);
  }, 120_000);
});
