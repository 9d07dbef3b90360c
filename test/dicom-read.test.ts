import { describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync, readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { readDicom } from '../src/io/dicom/index-node.js';
import { writeDicomSeries, writeEnhancedCt, type WritableSyntax } from '../src/io/dicom/write-dicom-node.js';
import { InputError } from '../src/core/errors.js';
import { makeVolume } from '../src/core/volume.js';
import { DIRECTIONS, expectSameInWorld, syntheticCt } from './dicom-helpers.js';
import { errorLines, runCli, tempDir } from './cli-helpers.js';

async function readError(p: Promise<unknown>): Promise<InputError> {
  const e = await p.then(
    () => null,
    (x) => x,
  );
  expect(e).toBeInstanceOf(InputError);
  return e as InputError;
}

describe('DICOM series round trip (written from a volume, shuffled file names)', () => {
  for (const [name, dir] of Object.entries(DIRECTIONS)) {
    it(`reads back identical voxels and world positions: ${name}`, async () => {
      const vol = syntheticCt(dir);
      const folder = tempDir();
      await writeDicomSeries(folder, vol, { shuffleNames: true });
      const { volume, info } = await readDicom(folder);
      expect(volume.data).toBeInstanceOf(Int16Array);
      expect(info.modality).toBe('CT');
      expect(info.warnings).toEqual([]);
      expectSameInWorld(vol, volume);
    });
  }

  for (const syntax of ['implicit-le', 'explicit-le', 'explicit-be', 'deflated'] as WritableSyntax[]) {
    it(`decodes ${syntax}, signed and unsigned, with rescale`, async () => {
      const vol = syntheticCt(DIRECTIONS.RAS);
      const a = tempDir();
      await writeDicomSeries(a, vol, { syntax, shuffleNames: true });
      expectSameInWorld(vol, (await readDicom(a)).volume);
      const b = tempDir();
      await writeDicomSeries(b, vol, { syntax, signed: true, rescale: { slope: 1, intercept: 0 } });
      expectSameInWorld(vol, (await readDicom(b)).volume);
    });
  }

  it('applies a non-integer slope (float output)', async () => {
    const vol = syntheticCt(DIRECTIONS.LPS);
    const dir = tempDir();
    await writeDicomSeries(dir, vol, { rescale: { slope: 0.5, intercept: -1024 }, bitsStored: 16 });
    const { volume } = await readDicom(dir);
    expect(volume.data).toBeInstanceOf(Float32Array);
    expectSameInWorld(vol, volume);
  });

  it('reads an Enhanced CT multi-frame file (functional groups, undefined-length sequences)', async () => {
    const vol = syntheticCt(DIRECTIONS.oblique);
    const dir = tempDir();
    const file = join(dir, 'enhanced.dcm');
    await writeEnhancedCt(file, vol, { undefinedLengthSequences: true });
    expectSameInWorld(vol, (await readDicom(file)).volume);
    await writeEnhancedCt(file, vol, { syntax: 'implicit-le' });
    expectSameInWorld(vol, (await readDicom(file)).volume);
  });

  it('reads files without preamble and with trailing padding, in nested folders with other files', async () => {
    const vol = syntheticCt(DIRECTIONS.PIR);
    const dir = tempDir();
    await writeDicomSeries(join(dir, 'a', 'b'), vol, { noPreamble: true, trailingPadding: 7 });
    writeFileSync(join(dir, 'README.txt'), 'not dicom');
    writeFileSync(join(dir, 'a', 'DICOMDIR.bak'), Buffer.alloc(300, 1));
    const { volume, info } = await readDicom(dir);
    expect(info.skippedFiles).toBe(2);
    expectSameInWorld(vol, volume);
  });

  it('resamples uneven spacing and gantry tilt with a warning', async () => {
    const base = syntheticCt(DIRECTIONS.LPS, [8, 8, 6]);
    // drop slice 2: positions 0, 1, 3, 4, 5 -> uneven
    const dir = tempDir();
    const paths = await writeDicomSeries(dir, base);
    const { rmSync } = await import('node:fs');
    rmSync(paths[2]);
    const r = await readDicom(dir);
    expect(r.info.warnings.join(' ')).toMatch(/uneven slice spacing/);
    expect(r.volume.dims[2]).toBe(6);
    // tilt: a sheared grid (k axis not normal to the slices)
    const k = [0.2, 0, Math.sqrt(1 - 0.04)];
    const sheared = makeVolume(
      { ...base, direction: [1, 0, k[0], 0, 1, k[1], 0, 0, k[2]] as never },
      base.data,
    );
    const tdir = tempDir();
    await writeDicomSeries(tdir, sheared);
    const t = await readDicom(tdir);
    expect(t.info.warnings.join(' ')).toMatch(/gantry tilt of 11\.5\d deg/);
  });

  it('chooses the CT series with most slices among interleaved series; --series picks another', async () => {
    const dir = tempDir();
    await writeDicomSeries(dir, syntheticCt(DIRECTIONS.LPS, [6, 6, 5]), {
      shuffleNames: true,
      seriesUid: '1.2.3.4',
    });
    await writeDicomSeries(dir, syntheticCt(DIRECTIONS.LPS, [6, 6, 3]), {
      shuffleNames: true,
      seriesUid: '1.2.3.5',
    });
    const a = await readDicom(dir);
    expect(a.volume.dims[2]).toBe(5);
    expect(a.info.series?.map((s) => [s.uid, s.slices, s.chosen])).toEqual(
      expect.arrayContaining([
        ['1.2.3.4', 5, true],
        ['1.2.3.5', 3, false],
      ]),
    );
    const b = await readDicom(dir, { seriesUid: '1.2.3.5' });
    expect(b.volume.dims[2]).toBe(3);
    const e = await readError(readDicom(dir, { seriesUid: '9.9' }));
    expect(e.message).toMatch(/no series with SeriesInstanceUID 9\.9; found: .*1\.2\.3\.4/);
  });

  it('refuses one series holding two acquisitions at the same positions', async () => {
    const dir = tempDir();
    await writeDicomSeries(join(dir, 'x'), syntheticCt(DIRECTIONS.LPS, [6, 6, 4]), { seriesUid: '1.2.3.9' });
    await writeDicomSeries(join(dir, 'y'), syntheticCt(DIRECTIONS.LPS, [6, 6, 4]), { seriesUid: '1.2.3.9' });
    const e = await readError(readDicom(dir));
    expect(e.message).toMatch(/two slices at the same position/);
    expect(e.where.tag).toMatch(/0020,0032/);
  });

  it('warns for MR and still reads it', async () => {
    const dir = tempDir();
    const vol = syntheticCt(DIRECTIONS.LPS);
    await writeDicomSeries(dir, vol, { modality: 'MR' });
    const r = await readDicom(dir);
    expect(r.info.warnings.join(' ')).toMatch(/modality is MR/);
    expectSameInWorld(vol, r.volume);
  });
});

describe('DICOM bad input', () => {
  it('empty folder, folder of non-DICOM files', async () => {
    const empty = tempDir();
    expect((await readError(readDicom(empty))).message).toMatch(/empty/);
    const junk = tempDir();
    writeFileSync(join(junk, 'a.txt'), 'hello');
    writeFileSync(join(junk, 'b.bin'), Buffer.alloc(1000, 7));
    const e = await readError(readDicom(junk));
    expect(e.message).toMatch(/no DICOM images in the folder \(2 files/);
    expect(e.where.file).toBe(junk);
  });

  it('a series without ImagePositionPatient is refused naming a file and the tag; one file is read with a warning', async () => {
    const dir = tempDir();
    const paths = await writeDicomSeries(dir, syntheticCt(DIRECTIONS.LPS), { omitPosition: true });
    const e = await readError(readDicom(dir));
    expect(e.where.tag).toMatch(/\(0020,0032\) ImagePositionPatient/);
    expect(paths).toContain(e.where.file);
    const one = await readDicom(paths[0]);
    expect(one.info.warnings.join(' ')).toMatch(/no ImagePositionPatient/);
    expect(one.volume.dims).toEqual([12, 10, 1]);
  });

  it('a truncated file and a non-DICOM file are refused through the CLI with one line and no output', async () => {
    const dir = tempDir();
    const paths = await writeDicomSeries(join(dir, 's'), syntheticCt(DIRECTIONS.LPS));
    const cut = join(dir, 'cut.dcm');
    const whole = readFileSync(paths[0]);
    writeFileSync(cut, whole.subarray(0, whole.length - 100));
    const out = join(dir, 'out.nii.gz');
    const r = runCli(['convert', cut, out]);
    expect(r.status).not.toBe(0);
    expect(errorLines(r.stderr)).toHaveLength(1);
    expect(errorLines(r.stderr)[0]).toMatch(/cut\.dcm.*file is truncated/);
    expect(existsSync(out)).toBe(false);
    const txt = join(dir, 'notes.txt');
    writeFileSync(txt, 'This is not an image at all, just some text.\n'.repeat(20));
    const r2 = runCli(['info', txt]);
    expect(r2.status).not.toBe(0);
    expect(errorLines(r2.stderr)[0]).toMatch(/notes\.txt: not a DICOM file/);
    expect(readdirSync(dir).sort()).toEqual(['cut.dcm', 'notes.txt', 's']);
  });

  it('refuses pixel data shorter than Rows x Columns x Frames', async () => {
    const dir = tempDir();
    const vol = syntheticCt(DIRECTIONS.LPS);
    const [p] = await writeDicomSeries(
      dir,
      makeVolume({ ...vol, dims: [12, 10, 1] }, vol.data.slice(0, 120)),
    );
    const bytes = readFileSync(p);
    // shrink the OW length field of the pixel data by 40 bytes and cut the file accordingly
    const at = bytes.lastIndexOf(Buffer.from([0xe0, 0x7f, 0x10, 0x00, 0x4f, 0x57]));
    bytes.writeUInt32LE(240 - 40, at + 8);
    mkdirSync(join(dir, 'short'));
    writeFileSync(join(dir, 'short', 'x.dcm'), bytes.subarray(0, bytes.length - 40));
    const e = await readError(readDicom(join(dir, 'short', 'x.dcm')));
    expect(e.message).toMatch(
      /pixel data has 200 bytes, Rows x Columns x Frames \(10 x 12 x 1\) at 16 bits needs 240/,
    );
  });
});
