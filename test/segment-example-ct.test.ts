/**
 * The bundled example CT (3 mm abdomen-pelvis, contrast, fatty sacral marrow) against the
 * reference masks in ../shared/data/example_ct/reference when they are there: floors under the
 * figures the bench reports (issue 4), and no lesion where the CT has none (patchy fatty marrow
 * in the S1 body and the L5/S1 disc were taken for tumour before).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readImage } from '../src/io/read-image-node.js';
import { segmentCt } from '../src/segment/index.js';
import { dice } from '../src/segment/overlap-metrics.js';
import { SACRAL_LABELS } from '../src/anatomy/labels.js';

const ROOT = join(import.meta.dirname, '..');
const CT = join(ROOT, 'data', 'example_ct', 'ct.nii.gz');
const REFERENCE = join(ROOT, '..', 'shared', 'data', 'example_ct', 'reference');

const mask = (a: ArrayLike<number>, ok: (v: number) => boolean): Uint8Array =>
  Uint8Array.from({ length: a.length }, (_, i) => (ok(a[i]) ? 1 : 0));

describe('segmentation of the example CT', () => {
  it('finds no lesion in a CT without one', async () => {
    const { report } = await segmentCt((await readImage(CT)).volume);
    expect(report.volumes_ml.lesion).toBe(0);
    expect(report.lesions).toEqual([]);
  }, 180_000);

  it.skipIf(!existsSync(REFERENCE))(
    'stays above its floors against the reference masks',
    async () => {
      const { labels } = await segmentCt((await readImage(CT)).volume);
      const floors: [string, string, number][] = [
        ['sacrum', 'sacrum', 0.68],
        ['hip_left', 'hip_left', 0.84],
        ['hip_right', 'hip_right', 0.84],
        ['vertebrae_L5', 'L5', 0.68],
      ];
      for (const [file, name, floor] of floors) {
        const ref = (await readImage(join(REFERENCE, `${file}.nii.gz`))).volume.data;
        const ours = mask(labels.data, (v) =>
          name === 'sacrum'
            ? v === SACRAL_LABELS.sacrum || v === SACRAL_LABELS.lesion
            : v === SACRAL_LABELS[name],
        );
        expect(
          dice(
            ours,
            mask(ref, (v) => v > 0),
          ),
          name,
        ).toBeGreaterThan(floor);
      }
    },
    180_000,
  );
});
