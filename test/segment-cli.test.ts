/** `sacroguide segment` end to end: contract outputs on the phantom, and bad inputs. */
import { describe, expect, it } from 'vitest';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { errorLines, runCli, tempDir } from './cli-helpers.js';
import { readImage } from '../src/io/read-image-node.js';
import { writeNifti } from '../src/io/nifti-node.js';
import { makeVolume, sameGrid } from '../src/core/volume.js';
import { dice } from '../src/segment/overlap-metrics.js';
import { REQUIRED_LABEL_NAMES } from '../src/anatomy/labels.js';

describe('sacroguide segment on the phantom', () => {
  const dir = tempDir('sg-seg-');
  const ph = runCli([
    'phantom',
    '--out',
    join(dir, 'ph'),
    '--spacing',
    '2.5',
    '--lesion',
    '--seed',
    '2',
    '--orientation',
    'RAS',
    '--quiet',
  ]);
  const seg = runCli(['segment', join(dir, 'ph', 'ct.nii.gz'), '--out', join(dir, 'seg')]);

  it('writes labels.nii.gz on the input grid, labels.json with every contract name, report.json', async () => {
    expect(ph.status, ph.stderr).toBe(0);
    expect(seg.status, seg.stderr).toBe(0);
    const ct = (await readImage(join(dir, 'ph', 'ct.nii.gz'))).volume;
    const labels = (await readImage(join(dir, 'seg', 'labels.nii.gz'))).volume;
    expect(sameGrid(ct, labels)).toBe(true);
    const names = JSON.parse(readFileSync(join(dir, 'seg', 'labels.json'), 'utf8')).labels;
    for (const n of REQUIRED_LABEL_NAMES) expect(names[n], n).toBeGreaterThan(0);
    const report = JSON.parse(readFileSync(join(dir, 'seg', 'report.json'), 'utf8'));
    expect(report.input.dims).toEqual([...ct.dims]);
    expect(report.timings_s.total).toBeGreaterThan(0);
    for (const n of REQUIRED_LABEL_NAMES) expect(typeof report.volumes_ml[n], n).toBe('number');
    expect(Array.isArray(report.lesions)).toBe(true);
    expect(Array.isArray(report.warnings)).toBe(true);
    expect(seg.stderr).toMatch(/segment: .*100%/);
  });

  it('finds the sacrum and both hips where the phantom has them', async () => {
    const truth = (await readImage(join(dir, 'ph', 'labels.nii.gz'))).volume.data;
    const ours = (await readImage(join(dir, 'seg', 'labels.nii.gz'))).volume.data;
    const names = JSON.parse(readFileSync(join(dir, 'seg', 'labels.json'), 'utf8')).labels;
    const sacral = new Set([
      names.sacrum,
      names.lesion,
      names.sacral_canal,
      ...Object.entries(names)
        .filter(([n]) => n.startsWith('foramen_'))
        .map(([, v]) => v),
    ]);
    const mask = (a: ArrayLike<number>, ok: (v: number) => boolean): Uint8Array =>
      Uint8Array.from({ length: a.length }, (_, i) => (ok(a[i]) ? 1 : 0));
    expect(
      dice(
        mask(truth, (v) => sacral.has(v)),
        mask(ours, (v) => sacral.has(v)),
      ),
    ).toBeGreaterThan(0.8);
    for (const side of ['hip_left', 'hip_right']) {
      expect(
        dice(
          mask(truth, (v) => v === names[side]),
          mask(ours, (v) => v === names[side]),
        ),
        side,
      ).toBeGreaterThan(0.75);
    }
  });
});

describe('sacroguide segment bad input', () => {
  it('writes an empty but valid output with a warning for all-constant data', async () => {
    const dir = tempDir('sg-seg-flat-');
    const grid = {
      dims: [20, 20, 20] as const,
      spacingMm: [2, 2, 2] as const,
      originLps: [0, 0, 0] as const,
      direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] as const,
    };
    await writeNifti(join(dir, 'flat.nii.gz'), makeVolume(grid, new Int16Array(8000).fill(40)));
    const r = runCli(['segment', join(dir, 'flat.nii.gz'), '--out', join(dir, 'seg')]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/warning: .*(no hip|no sacrum)/);
    const labels = (await readImage(join(dir, 'seg', 'labels.nii.gz'))).volume.data;
    expect(labels.every((v) => v === 0)).toBe(true);
  });

  it('refuses a 2D image with one line', async () => {
    const dir = tempDir('sg-seg-2d-');
    const grid = {
      dims: [20, 20, 1] as const,
      spacingMm: [1, 1, 1] as const,
      originLps: [0, 0, 0] as const,
      direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] as const,
    };
    await writeNifti(join(dir, 'slice.nii'), makeVolume(grid, new Int16Array(400)), { twoD: true });
    const r = runCli(['segment', join(dir, 'slice.nii'), '--out', join(dir, 'seg')]);
    expect(r.status).not.toBe(0);
    expect(errorLines(r.stderr)).toEqual([expect.stringMatching(/^sacroguide: .*slice\.nii.*3D CT/)]);
    expect(existsSync(join(dir, 'seg', 'labels.nii.gz'))).toBe(false);
  });
});
