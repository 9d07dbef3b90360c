import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readImage } from '../src/io/read-image-node.js';
import { writeImage } from '../src/io/write-image-node.js';
import { transformIndexToWorld } from '../src/core/geometry.js';
import { InputError } from '../src/core/errors.js';
import { DIRECTIONS, expectSameInWorld, syntheticCt } from './dicom-helpers.js';
import { tempDir } from './cli-helpers.js';

describe('image round trips through every writable format', () => {
  for (const ext of ['.nii', '.nii.gz', '.nrrd', '.mha']) {
    for (const [name, dir] of Object.entries(DIRECTIONS)) {
      it(`${ext} keeps voxels and world positions (${name})`, async () => {
        const vol = syntheticCt(dir, [5, 4, 3]);
        const path = join(tempDir(), `img${ext}`);
        await writeImage(path, vol);
        const back = (await readImage(path)).volume;
        expect(back.data).toBeInstanceOf(Int16Array);
        expect(Array.from(back.data)).toEqual(Array.from(vol.data));
        for (let d = 0; d < 3; d++) {
          expect(back.spacingMm[d]).toBeCloseTo(vol.spacingMm[d], 6);
          expect(transformIndexToWorld(back, [4, 3, 2])[d]).toBeCloseTo(
            transformIndexToWorld(vol, [4, 3, 2])[d],
            4,
          );
        }
      });
    }
  }
});

describe('hand-written headers', () => {
  it('NRRD in RAS space becomes the right LPS geometry; gzip and raw; detached header', async () => {
    const dir = tempDir();
    const data = new Int16Array([1, 2, 3, 4, 5, 6, 7, 8]);
    const header = (enc: string, extra = '') =>
      `NRRD0004\ntype: short\ndimension: 3\nspace: right-anterior-superior\nsizes: 2 2 2\n` +
      `space directions: (2,0,0) (0,3,0) (0,0,4)\nkinds: domain domain domain\nendian: little\nencoding: ${enc}\n` +
      `space origin: (10,20,30)\n${extra}\n`;
    writeFileSync(join(dir, 'a.nrrd'), Buffer.concat([Buffer.from(header('raw')), Buffer.from(data.buffer)]));
    writeFileSync(
      join(dir, 'b.nrrd'),
      Buffer.concat([Buffer.from(header('gzip')), gzipSync(Buffer.from(data.buffer))]),
    );
    writeFileSync(join(dir, 'c.raw'), Buffer.from(data.buffer));
    writeFileSync(join(dir, 'c.nhdr'), header('raw', 'data file: c.raw\n'));
    for (const f of ['a.nrrd', 'b.nrrd', 'c.nhdr']) {
      const v = (await readImage(join(dir, f))).volume;
      expect(Array.from(v.data)).toEqual(Array.from(data));
      expect(v.originLps).toEqual([-10, -20, 30]);
      expect(v.spacingMm).toEqual([2, 3, 4]);
      // voxel (1,1,1) is at RAS (12, 23, 34) = LPS (-12, -23, 34)
      expect(transformIndexToWorld(v, [1, 1, 1])).toEqual([-12, -23, 34]);
    }
  });

  it('MetaImage TransformMatrix lists axis directions; big-endian data', async () => {
    const dir = tempDir();
    const be = Buffer.alloc(16);
    [1, 2, 3, 4, 5, 6, 7, 8].forEach((v, i) => be.writeInt16BE(v, 2 * i));
    const header =
      'ObjectType = Image\nNDims = 3\nBinaryData = True\nBinaryDataByteOrderMSB = True\nCompressedData = False\n' +
      'TransformMatrix = 0 1 0 -1 0 0 0 0 1\nOffset = 1 2 3\nElementSpacing = 0.5 0.5 2\nDimSize = 2 2 2\n' +
      'ElementType = MET_SHORT\nElementDataFile = LOCAL\n';
    writeFileSync(join(dir, 'x.mha'), Buffer.concat([Buffer.from(header), be]));
    const v = (await readImage(join(dir, 'x.mha'))).volume;
    expect(Array.from(v.data)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    // i axis = (0,1,0) * 0.5, j axis = (-1,0,0) * 0.5
    expect(transformIndexToWorld(v, [1, 1, 1])).toEqual([0.5, 2.5, 5]);
  });

  it('refuses absurd sizes before allocating and truncated data, naming the field', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'big.nrrd'),
      'NRRD0004\ntype: short\ndimension: 3\nsizes: 10000 10000 10000\nencoding: raw\n\n',
    );
    const e = (await readImage(join(dir, 'big.nrrd')).catch((x) => x)) as InputError;
    expect(e).toBeInstanceOf(InputError);
    expect(e.where.field).toBe('sizes');
    writeFileSync(
      join(dir, 'short.mha'),
      'NDims = 3\nDimSize = 4 4 4\nElementType = MET_SHORT\nElementDataFile = LOCAL\n' + 'xx',
    );
    const t = (await readImage(join(dir, 'short.mha')).catch((x) => x)) as InputError;
    expect(t.message).toMatch(/truncated/);
  });

  it('same anatomy whatever the format: NIfTI -> NRRD -> MHA -> NIfTI', async () => {
    const vol = syntheticCt(DIRECTIONS.oblique, [6, 5, 4]);
    const dir = tempDir();
    await writeImage(join(dir, 'a.nrrd'), vol);
    await writeImage(join(dir, 'b.mha'), (await readImage(join(dir, 'a.nrrd'))).volume);
    await writeImage(join(dir, 'c.nii.gz'), (await readImage(join(dir, 'b.mha'))).volume);
    expectSameInWorld(vol, (await readImage(join(dir, 'c.nii.gz'))).volume);
  });
});
