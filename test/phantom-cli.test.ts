/** `phantom` and `stl` end to end, and the DICOM round trip of issue 3 from the phantom. */
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { errorLines, runCli, tempDir } from './cli-helpers.js';
import { readImage } from '../src/io/read-image-node.js';
import { makePhantom } from '../src/phantom/index.js';
import { writeDicomSeries } from '../src/io/dicom/write-dicom-node.js';
import { REQUIRED_LABEL_NAMES } from '../src/anatomy/labels.js';
import { decodeStl } from '../src/io/stl.js';
import { expectSameInWorld } from './dicom-helpers.js';
import { orientationCode } from '../src/core/geometry.js';
import { sameGrid } from '../src/core/volume.js';

describe('sacroguide phantom', () => {
  const out = tempDir('sg-phantom-');
  const run = runCli([
    'phantom',
    '--out',
    out,
    '--spacing',
    '3',
    '--cement',
    '--needle',
    '--seed',
    '7',
    '--orientation',
    'RAS',
  ]);

  it('writes the CT, the label map, labels.json and the ground truth', async () => {
    expect(run.status, run.stderr).toBe(0);
    for (const f of ['ct.nii.gz', 'labels.nii.gz', 'labels.json', 'truth.json', 'cement.nii.gz'])
      expect(existsSync(join(out, f)), f).toBe(true);
    const labels = JSON.parse(readFileSync(join(out, 'labels.json'), 'utf8')).labels;
    for (const name of REQUIRED_LABEL_NAMES) expect(labels[name], name).toBeGreaterThan(0);
    const ct = await readImage(join(out, 'ct.nii.gz'));
    const map = await readImage(join(out, 'labels.nii.gz'));
    expect(sameGrid(ct.volume, map.volume)).toBe(true);
    expect(orientationCode(ct.volume)).toBe('RAS');
    const truth = JSON.parse(readFileSync(join(out, 'truth.json'), 'utf8'));
    let sacrum = 0;
    for (const v of map.volume.data) if (v === labels.sacrum) sacrum++;
    expect(truth.structures.sacrum.volume_ml).toBeCloseTo(sacrum * 0.027, 3);
    expect(truth.cement.extravasation.length).toBe(1);
    expect(truth.needle.tip_lps).toHaveLength(3);
  });

  it('refuses a bad orientation with one line', () => {
    const bad = runCli(['phantom', '--out', tempDir(), '--orientation', 'LLS']);
    expect(bad.status).not.toBe(0);
    expect(errorLines(bad.stderr)).toEqual([expect.stringMatching(/^sacroguide: .*orientation.*LLS/)]);
  });

  it('exports every structure as STL, and one with --label', () => {
    const meshes = join(out, 'meshes');
    const all = runCli(['stl', join(out, 'labels.nii.gz'), '--out', meshes]);
    expect(all.status, all.stderr).toBe(0);
    expect(readdirSync(meshes)).toEqual(
      expect.arrayContaining(['sacrum.stl', 'sacral_canal.stl', 'foramen_S4_right.stl']),
    );
    const one = runCli([
      'stl',
      join(out, 'labels.nii.gz'),
      '--label',
      'hip_left',
      '--out',
      join(out, 'hip.stl'),
    ]);
    expect(one.status, one.stderr).toBe(0);
    const stl = decodeStl(readFileSync(join(out, 'hip.stl')));
    expect(stl.header).toContain('SPACE=LPS');
    // hip_left lies at patient left: +x in LPS
    let x = 0;
    for (let i = 0; i < stl.trianglesLps.length; i += 3) x += stl.trianglesLps[i];
    expect(x / (stl.trianglesLps.length / 3)).toBeGreaterThan(40);
    const missing = runCli([
      'stl',
      join(out, 'labels.nii.gz'),
      '--label',
      'spleen',
      '--out',
      join(out, 'x.stl'),
    ]);
    expect(errorLines(missing.stderr)).toEqual([
      expect.stringMatching(/^sacroguide: .*labels\.nii\.gz.*spleen/),
    ]);
  });
});

describe('DICOM series written from the phantom', () => {
  it.each(['LPS', 'PIR'])(
    'reads back identical voxels and world coordinates (%s, shuffled names)',
    async (orientation) => {
      const ph = makePhantom({
        spacingMm: [3, 3, 3],
        orientation,
        obliqueDeg: orientation === 'LPS' ? 0 : 12,
        seed: 2,
        lesion: true,
      });
      const dir = tempDir('sg-phantom-dcm-');
      await writeDicomSeries(dir, ph.ct, { shuffleNames: true });
      expect(readdirSync(dir).some((f) => f.startsWith('slice'))).toBe(false);
      const back = await readImage(dir);
      expectSameInWorld(ph.ct, back.volume);
      expect(Buffer.from(back.volume.data.buffer).equals(Buffer.from(ph.ct.data.buffer))).toBe(true);
    },
  );
});
