/**
 * The 20-slice JPEG 2000 example (../shared/data/example_dicom_j2k) decoded through GDCM must
 * equal dcm2niix's NIfTI of the same series, voxel for voxel in world space. (gdcmconv cannot
 * rewrite these files: their UIDs are empty.)
 */
import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { readDicom } from '../src/io/dicom/index-node.js';
import { readNifti } from '../src/io/nifti-node.js';
import { SHARED_DATA, tempDir } from './cli-helpers.js';
import { expectSameInWorld } from './dicom-helpers.js';

const J2K = join(SHARED_DATA, 'example_dicom_j2k');
const has = (tool: string) => spawnSync('which', [tool]).status === 0;

describe.skipIf(!existsSync(J2K))('JPEG 2000 example series', () => {
  it('has the known geometry: 512x512x20, 0.977 mm pixels, 2 mm apart from positions', async () => {
    const { volume, info } = await readDicom(J2K);
    expect(volume.dims).toEqual([512, 512, 20]);
    expect(volume.spacingMm[0]).toBeCloseTo(0.9765625, 6);
    expect(volume.spacingMm[2]).toBeCloseTo(2, 6);
    expect(info.transferSyntaxes?.[0]).toMatch(/JPEG 2000 Lossless/);
    expect(info.series?.[0].uid).toBe('');
  });

  it.skipIf(!has('dcm2niix'))('matches dcm2niix voxel for voxel in world space', async () => {
    const out = tempDir();
    mkdirSync(out, { recursive: true });
    const r = spawnSync('dcm2niix', ['-o', out, '-f', 'ref', '-z', 'n', J2K]);
    expect(r.status).toBe(0);
    const ref = (await readNifti(join(out, 'ref.nii'))).volume;
    const ours = (await readDicom(J2K)).volume;
    expectSameInWorld(ref, ours, 1e-2);
  });
});
