/** MetaImage files on disk (.mha, or .mhd with a separate raw/zraw file). */
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { deflateSync, inflateSync } from 'node:zlib';
import { InputError } from '../core/errors.js';
import { metaImageFromData, metaImageHeaderFor, metaImageLayout, parseMetaImageHeader } from './metaimage.js';
import { bytesOf } from './raw-data.js';
import { writeFileAtomic } from './atomic-write-node.js';
import type { ImageVolume, ReadImageOptions, ReadImageResult } from './image-types.js';

export async function readMetaImage(path: string, options: ReadImageOptions = {}): Promise<ReadImageResult> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch {
    throw new InputError('cannot read the file', { file: path }, 'NOT_FOUND');
  }
  const header = parseMetaImageHeader(bytes, path);
  const layout = metaImageLayout(header, { file: path, maxVoxels: options.maxVoxels });
  let data: Uint8Array;
  if (layout.dataFile === 'LOCAL') {
    data = bytes.subarray(header.dataOffset);
  } else {
    if (layout.dataFile.startsWith('LIST') || layout.dataFile.includes('%')) {
      throw new InputError('multi-file MetaImage data is not supported', {
        file: path,
        field: 'ElementDataFile',
      });
    }
    const p = isAbsolute(layout.dataFile) ? layout.dataFile : join(dirname(path), layout.dataFile);
    try {
      data = new Uint8Array(await readFile(p));
    } catch {
      throw new InputError(`the data file ${p} cannot be read`, { file: path, field: 'ElementDataFile' });
    }
    if (layout.headerSize > 0) data = data.subarray(layout.headerSize);
  }
  if (layout.compressed) {
    try {
      data = new Uint8Array(inflateSync(data));
    } catch (e) {
      throw new InputError(`corrupt or truncated compressed data (${(e as Error).message})`, { file: path });
    }
  }
  return metaImageFromData(layout, data, path);
}

/** Writes a compressed .mha atomically. */
export async function writeMetaImage(path: string, vol: ImageVolume): Promise<void> {
  const z = deflateSync(bytesOf(vol.data), { level: vol.data.byteLength > 32 << 20 ? 1 : 6 });
  const header = new TextEncoder().encode(metaImageHeaderFor(vol, z.length));
  await writeFileAtomic(path, [header, new Uint8Array(z.buffer, z.byteOffset, z.byteLength)]);
}
