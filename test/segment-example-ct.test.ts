/**
 * The bundled example CT (3 mm abdomen-pelvis, contrast, fatty sacral marrow) against the
 * reference masks in ../shared/data/example_ct/reference when they are there: floors under the
 * figures the bench reports (issue 4), and no lesion where the CT has none (patchy fatty marrow
 * in the S1 body and the L5/S1 disc were taken for tumour before). And the same CT resampled to
 * 1 mm slices (thick slices exported thin) segments as the 3 mm CT does.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Grid } from '../src/core/volume.js';
import { makeVolume } from '../src/core/volume.js';
import { resampleVolume } from '../src/core/resample.js';
import { gridFromAxes, transformIndexToWorld } from '../src/core/geometry.js';
import { readImage } from '../src/io/read-image-node.js';
import { segmentCt } from '../src/segment/index.js';
import { dice } from '../src/segment/overlap-metrics.js';
import { SACRAL_LABELS } from '../src/anatomy/labels.js';

const ROOT = join(import.meta.dirname, '..');
const CT = join(ROOT, 'data', 'example_ct', 'ct.nii.gz');
const REFERENCE = join(ROOT, '..', 'shared', 'data', 'example_ct', 'reference');

const mask = (a: ArrayLike<number>, ok: (v: number) => boolean): Uint8Array =>
  Uint8Array.from({ length: a.length }, (_, i) => (ok(a[i]) ? 1 : 0));

/** Sacrum, hips and L5 of `ours` agree with `expected` (Dice above `floor`). */
function expectSameStructures(ours: ArrayLike<number>, expected: ArrayLike<number>, floor: number): void {
  for (const name of ['sacrum', 'hip_left', 'hip_right', 'L5'] as const) {
    const v = SACRAL_LABELS[name];
    expect(
      dice(
        mask(ours, (x) => x === v),
        mask(expected, (x) => x === v),
      ),
      name,
    ).toBeGreaterThan(floor);
  }
}

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
        ['sacrum', 'sacrum', 0.74],
        ['hip_left', 'hip_left', 0.86],
        ['hip_right', 'hip_right', 0.86],
        ['vertebrae_L5', 'L5', 0.75],
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

  it('segments the CT resampled to 1 mm slices as it segments the 3 mm CT', async () => {
    const ct = (await readImage(CT)).volume;
    const base = await segmentCt(ct);
    const thin: Grid = { ...ct, dims: [ct.dims[0], ct.dims[1], 3 * ct.dims[2] - 2], spacingMm: [3, 3, 1] };
    const fine = resampleVolume(makeVolume(ct, Float32Array.from(ct.data)), thin, {
      interpolation: 'linear',
    });
    const { labels, report } = await segmentCt(fine);
    expect(report.working_grid.spacing_mm).toEqual([3, 3, 3]);
    expect(report.warnings.join(' ')).toMatch(/resampled from a coarser scan.*3 x 3 x 3 mm/);
    const expected = resampleVolume(base.labels, thin, { interpolation: 'nearest' }).data;
    expectSameStructures(labels.data, expected, 0.97);
  }, 180_000);

  // the check: the same CT reoriented and resampled to 1.5 mm loses no Dice; its
  // half-way voxels (every other one) are labelled as the same voxels in space whatever the
  // voxel order (in the input's own order PIR had lost 0.03-0.05)
  it('segments the CT reoriented to PIR at 1.5 mm as the same voxels in space', async () => {
    const ct = (await readImage(CT)).volume;
    const base = await segmentCt(ct);
    const lo = transformIndexToWorld(ct, [0, 0, 0]);
    const hi = transformIndexToWorld(ct, [ct.dims[0] - 1, ct.dims[1] - 1, ct.dims[2] - 1]);
    const span = [0, 1, 2].map((d) => Math.abs(hi[d] - lo[d]));
    const min = [0, 1, 2].map((d) => Math.min(lo[d], hi[d]));
    const pir = gridFromAxes(
      [Math.round(span[1] / 1.5) + 1, Math.round(span[2] / 1.5) + 1, Math.round(span[0] / 1.5) + 1],
      [
        [0, 1.5, 0],
        [0, 0, -1.5],
        [-1.5, 0, 0],
      ],
      [min[0] + span[0], min[1], min[2] + span[2]],
    );
    const moved = resampleVolume(makeVolume(ct, Float32Array.from(ct.data)), pir, {
      interpolation: 'linear',
    });
    const { labels } = await segmentCt(moved);
    const expected = resampleVolume(base.labels, pir, { interpolation: 'nearest' }).data;
    expectSameStructures(labels.data, expected, 0.99);
  }, 180_000);
});
