/** NRRD files on disk: attached (.nrrd) or detached (.nhdr + data file), raw/gzip/ascii. */
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { InputError } from '../core/errors.js';
import { bytesOf, nrrdHeaderFor, nrrdImageFromData, nrrdLayout, parseNrrdHeader } from './nrrd.js';
import { writeFileAtomic } from './atomic-write-node.js';
import type { ImageVolume, ReadImageOptions, ReadImageResult } from './image-types.js';

export async function readNrrd(path: string, options: ReadImageOptions = {}): Promise<ReadImageResult> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch {
    throw new InputError('cannot read the file', { file: path }, 'NOT_FOUND');
  }
  const header = parseNrrdHeader(bytes, path);
  const layout = nrrdLayout(header, { file: path, maxVoxels: options.maxVoxels });
  let data = bytes.subarray(header.dataOffset);
  if (layout.dataFile) {
    if (/^LIST|%/.test(layout.dataFile))
      throw new InputError('multi-file NRRD data is not supported', { file: path, field: 'data file' });
    const dataPath = isAbsolute(layout.dataFile) ? layout.dataFile : join(dirname(path), layout.dataFile);
    try {
      data = new Uint8Array(await readFile(dataPath));
    } catch {
      throw new InputError(`the data file ${dataPath} cannot be read`, { file: path, field: 'data file' });
    }
  }
  if (layout.lineSkip > 0) {
    let skipped = 0;
    let i = 0;
    while (i < data.length && skipped < layout.lineSkip) if (data[i++] === 0x0a) skipped++;
    data = data.subarray(i);
  }
  if (layout.encoding === 'gzip') {
    try {
      data = new Uint8Array(gunzipSync(data));
    } catch (e) {
      throw new InputError(`corrupt or truncated gzip data (${(e as Error).message})`, { file: path });
    }
  }
  return nrrdImageFromData(layout, data, path);
}

/** Writes a .nrrd (gzip-encoded, attached data, LPS space) atomically. */
export async function writeNrrd(path: string, vol: ImageVolume): Promise<void> {
  const header = new TextEncoder().encode(nrrdHeaderFor(vol, 'gzip'));
  const data = gzipSync(bytesOf(vol.data), { level: vol.data.byteLength > 32 << 20 ? 1 : 6 });
  await writeFileAtomic(path, [header, new Uint8Array(data.buffer, data.byteOffset, data.byteLength)]);
}
