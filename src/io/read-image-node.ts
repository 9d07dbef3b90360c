/**
 * One entry for every image input: a NIfTI/NRRD/MetaImage file, a DICOM folder or one DICOM
 * file. The format is chosen from the name and confirmed from the first bytes, so a misnamed
 * file still reads. Readers are loaded lazily (DICOM pulls in wasm decoders).
 */
import { open, stat } from 'node:fs/promises';
import { InputError } from '../core/errors.js';
import type { ReadImageOptions, ReadImageResult } from './image-types.js';

type Sniffed = 'nifti' | 'nrrd' | 'mha' | 'dicom';

async function sniff(path: string): Promise<Sniffed> {
  const lower = path.toLowerCase();
  if (lower.endsWith('.nii') || lower.endsWith('.nii.gz')) return 'nifti';
  if (lower.endsWith('.nrrd') || lower.endsWith('.nhdr')) return 'nrrd';
  if (lower.endsWith('.mha') || lower.endsWith('.mhd')) return 'mha';
  const fh = await open(path, 'r');
  const b = new Uint8Array(348);
  let n = 0;
  try {
    n = (await fh.read(b, 0, b.length, 0)).bytesRead;
  } finally {
    await fh.close();
  }
  const text = new TextDecoder('latin1').decode(b.subarray(0, Math.min(n, 64)));
  if (n >= 2 && b[0] === 0x1f && b[1] === 0x8b) return 'nifti';
  if (n >= 4) {
    const dv = new DataView(b.buffer);
    const s = dv.getInt32(0, true);
    const sb = dv.getInt32(0, false);
    if (s === 348 || sb === 348 || s === 540 || sb === 540) return 'nifti';
  }
  if (text.startsWith('NRRD')) return 'nrrd';
  if (/^(ObjectType|NDims)\s*=/.test(text)) return 'mha';
  return 'dicom';
}

/** Reads any supported image input into a Volume in LPS. */
export async function readImage(path: string, options: ReadImageOptions = {}): Promise<ReadImageResult> {
  let isDir: boolean;
  try {
    isDir = (await stat(path)).isDirectory();
  } catch {
    throw new InputError('no such file or folder', { file: path }, 'NOT_FOUND');
  }
  if (isDir) return (await import('./dicom/index-node.js')).readDicom(path, options);
  switch (await sniff(path)) {
    case 'nifti':
      return (await import('./nifti-node.js')).readNifti(path, options);
    case 'nrrd':
      return (await import('./nrrd-node.js')).readNrrd(path, options);
    case 'mha':
      return (await import('./metaimage-node.js')).readMetaImage(path, options);
    case 'dicom':
      return (await import('./dicom/index-node.js')).readDicom(path, options);
  }
}
