/**
 * NIfTI files on disk. Reading streams: the header is parsed first and checked (voxel count,
 * file size) before the one allocation of the data, which is inflated straight into place.
 */
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { createGunzip, createGzip, constants as zc } from 'node:zlib';
import { InputError } from '../core/errors.js';
import { parseNiftiHeader, NIFTI2_HEADER_BYTES, type NiftiHeader } from './nifti-header.js';
import { niftiDataBytes, niftiHeaderFor, niftiImageFromData, type EncodeNiftiOptions } from './nifti.js';
import { writeFileAtomic } from './atomic-write-node.js';
import {
  DEFAULT_MAX_VOXELS,
  type ImageVolume,
  type ReadImageOptions,
  type ReadImageResult,
} from './image-types.js';

async function isGzipFile(path: string): Promise<boolean> {
  const fh = await open(path, 'r');
  try {
    const b = new Uint8Array(2);
    const { bytesRead } = await fh.read(b, 0, 2, 0);
    return bytesRead === 2 && b[0] === 0x1f && b[1] === 0x8b;
  } finally {
    await fh.close();
  }
}

async function readPlain(path: string, maxVoxels: number): Promise<ReadImageResult> {
  const fh = await open(path, 'r');
  try {
    const size = (await fh.stat()).size;
    const head = new Uint8Array(Math.min(size, NIFTI2_HEADER_BYTES));
    await fh.read(head, 0, head.length, 0);
    const h = parseNiftiHeader(head, path);
    if (h.pair)
      throw new InputError('a .hdr/.img pair header: give the single-file .nii instead', { file: path });
    const need = niftiDataBytes(h, path, maxVoxels);
    const start = Math.floor(h.voxOffset);
    if (size < start + need) {
      throw new InputError(
        `file is truncated: the header needs ${start + need} bytes, the file has ${size}`,
        { file: path },
      );
    }
    const data = new Uint8Array(need);
    let off = 0;
    while (off < need) {
      const { bytesRead } = await fh.read(data, off, Math.min(need - off, 1 << 26), start + off);
      if (bytesRead === 0) break;
      off += bytesRead;
    }
    return niftiImageFromData(h, data, path);
  } finally {
    await fh.close();
  }
}

/** Header bytes needed once the first 4 bytes (sizeof_hdr) are known. */
function headerBytesNeeded(head: Uint8Array): number {
  if (head.length < 4) return 4;
  const dv = new DataView(head.buffer, head.byteOffset, 4);
  return dv.getInt32(0, true) === 540 || dv.getInt32(0, false) === 540 ? NIFTI2_HEADER_BYTES : 348;
}

async function readGzip(path: string, maxVoxels: number): Promise<ReadImageResult> {
  const stream = createReadStream(path, { highWaterMark: 1 << 20 }).pipe(
    createGunzip({ chunkSize: 1 << 20 }),
  );
  let head = new Uint8Array(0);
  let header: NiftiHeader | null = null;
  let data = new Uint8Array(0);
  let start = 0;
  let need = 0;
  let pos = 0; // offset in the decompressed stream of the next chunk
  let filled = 0; // data bytes received
  const take = (chunk: Uint8Array) => {
    const from = Math.max(start, pos);
    const to = Math.min(start + need, pos + chunk.length);
    if (to > from) data.set(chunk.subarray(from - pos, to - pos), from - start);
    filled = Math.max(filled, to - start);
    pos += chunk.length;
  };
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (header) {
        take(chunk);
      } else {
        const merged = new Uint8Array(head.length + chunk.length);
        merged.set(head, 0);
        merged.set(chunk, head.length);
        head = merged;
        if (head.length < headerBytesNeeded(head)) continue;
        header = parseNiftiHeader(head, path);
        need = niftiDataBytes(header, path, maxVoxels);
        start = Math.floor(header.voxOffset);
        data = new Uint8Array(need);
        take(head);
      }
      if (header && filled >= need) break;
    }
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`corrupt or truncated gzip data (${e instanceof Error ? e.message : String(e)})`, {
      file: path,
    });
  } finally {
    stream.destroy();
  }
  if (!header)
    throw new InputError('not a NIfTI file: the decompressed data is shorter than a header', { file: path });
  if (filled < need) {
    throw new InputError(
      `file is truncated: the header needs ${start + need} bytes, the decompressed file has ${start + Math.max(0, filled)}`,
      { file: path },
    );
  }
  return niftiImageFromData(header, data, path);
}

/** Reads a .nii or .nii.gz (gzip detected from the bytes, not the name). */
export async function readNifti(path: string, options: ReadImageOptions = {}): Promise<ReadImageResult> {
  const maxVoxels = options.maxVoxels ?? DEFAULT_MAX_VOXELS;
  try {
    await stat(path);
  } catch {
    throw new InputError('no such file', { file: path }, 'NOT_FOUND');
  }
  return (await isGzipFile(path)) ? readGzip(path, maxVoxels) : readPlain(path, maxVoxels);
}

/**
 * The file as chunks (header, then the voxel bytes without a copy, or the gzip stream's
 * output), so that writing a large image does not hold a second copy of its data.
 */
export async function encodeNiftiChunks(
  vol: ImageVolume,
  options: EncodeNiftiOptions = {},
): Promise<Uint8Array[]> {
  const header = niftiHeaderFor(vol, options);
  const data = new Uint8Array(vol.data.buffer, vol.data.byteOffset, vol.data.byteLength);
  if (options.gzip === false) return [header, data];
  const level = options.level ?? (data.byteLength > 32 * 1024 * 1024 ? 1 : 6);
  const gz = createGzip({ level, strategy: zc.Z_DEFAULT_STRATEGY, chunkSize: 1 << 20 });
  const out: Uint8Array[] = [];
  gz.on('data', (c: Buffer) => out.push(c));
  const done = new Promise<void>((resolve, reject) => {
    gz.on('end', resolve);
    gz.on('error', reject);
  });
  gz.write(header);
  const step = 16 << 20;
  for (let o = 0; o < data.length; o += step) gz.write(data.subarray(o, Math.min(data.length, o + step)));
  gz.end();
  await done;
  return out;
}

/** The whole file in one buffer (small images, HTTP answers). */
export async function encodeNiftiNode(
  vol: ImageVolume,
  options: EncodeNiftiOptions = {},
): Promise<Uint8Array> {
  const chunks = await encodeNiftiChunks(vol, options);
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
}

/** Writes a .nii or .nii.gz (by extension) atomically. */
export async function writeNifti(
  path: string,
  vol: ImageVolume,
  options: EncodeNiftiOptions = {},
): Promise<void> {
  const gz = path.toLowerCase().endsWith('.gz');
  await writeFileAtomic(path, await encodeNiftiChunks(vol, { ...options, gzip: gz }));
}
