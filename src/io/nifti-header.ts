/**
 * NIfTI-1 and NIfTI-2 headers: parse into a plain object and build for writing.
 * Reference: https://nifti.nimh.nih.gov/nifti-1 (nifti1.h) and nifti2.h.
 * Affines in NIfTI are RAS (x = right->left negated); conversion to LPS happens in nifti.ts.
 */
import { InputError } from '../core/errors.js';

export interface NiftiHeader {
  version: 1 | 2;
  littleEndian: boolean;
  /** dim[0..7]. */
  dim: number[];
  datatype: number;
  bitpix: number;
  /** pixdim[0..7]; pixdim[0] is qfac. */
  pixdim: number[];
  voxOffset: number;
  sclSlope: number;
  sclInter: number;
  qformCode: number;
  sformCode: number;
  quatern: [number, number, number];
  qoffset: [number, number, number];
  /** Rows of the sform, each [a, b, c, d] (RAS). */
  srow: [number[], number[], number[]];
  description: string;
  /** Separate .hdr/.img pair ('ni1' / 'ni2' magic). */
  pair: boolean;
}

export const NIFTI1_HEADER_BYTES = 348;
export const NIFTI2_HEADER_BYTES = 540;

/** Bytes per voxel and the name of each supported datatype code. */
export const NIFTI_DATATYPES: Record<number, { bytes: number; name: string }> = {
  2: { bytes: 1, name: 'uint8' },
  4: { bytes: 2, name: 'int16' },
  8: { bytes: 4, name: 'int32' },
  16: { bytes: 4, name: 'float32' },
  64: { bytes: 8, name: 'float64' },
  256: { bytes: 1, name: 'int8' },
  512: { bytes: 2, name: 'uint16' },
  768: { bytes: 4, name: 'uint32' },
  1024: { bytes: 8, name: 'int64' },
  1280: { bytes: 8, name: 'uint64' },
};

function readCString(bytes: Uint8Array, offset: number, length: number): string {
  let end = offset;
  while (end < offset + length && bytes[end] !== 0) end++;
  return new TextDecoder('latin1').decode(bytes.subarray(offset, end));
}

/** Parses the first bytes of a NIfTI file (at least 348, or 540 for NIfTI-2). */
export function parseNiftiHeader(bytes: Uint8Array, file: string): NiftiHeader {
  if (bytes.length < NIFTI1_HEADER_BYTES) {
    throw new InputError(`not a NIfTI file: only ${bytes.length} bytes, a header needs 348`, { file });
  }
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const sizeLE = dv.getInt32(0, true);
  const sizeBE = dv.getInt32(0, false);
  let version: 1 | 2;
  let le: boolean;
  if (sizeLE === 348 || sizeBE === 348) {
    version = 1;
    le = sizeLE === 348;
  } else if (sizeLE === 540 || sizeBE === 540) {
    version = 2;
    le = sizeLE === 540;
  } else {
    throw new InputError('not a NIfTI file: sizeof_hdr is neither 348 nor 540', {
      file,
      field: 'sizeof_hdr',
    });
  }
  if (version === 2) return parseNifti2(bytes, { littleEndian: le, file });
  const magic = readCString(bytes, 344, 4);
  if (magic !== 'n+1' && magic !== 'ni1') {
    throw new InputError(`not a NIfTI-1 file: magic is '${magic}', expected 'n+1'`, { file, field: 'magic' });
  }
  const dim: number[] = [];
  for (let i = 0; i < 8; i++) dim.push(dv.getInt16(40 + 2 * i, le));
  const pixdim: number[] = [];
  for (let i = 0; i < 8; i++) pixdim.push(dv.getFloat32(76 + 4 * i, le));
  const srow = [0, 1, 2].map((r) => [0, 1, 2, 3].map((c) => dv.getFloat32(280 + 16 * r + 4 * c, le)));
  return {
    version,
    littleEndian: le,
    dim,
    datatype: dv.getInt16(70, le),
    bitpix: dv.getInt16(72, le),
    pixdim,
    voxOffset: dv.getFloat32(108, le),
    sclSlope: dv.getFloat32(112, le),
    sclInter: dv.getFloat32(116, le),
    qformCode: dv.getInt16(252, le),
    sformCode: dv.getInt16(254, le),
    quatern: [dv.getFloat32(256, le), dv.getFloat32(260, le), dv.getFloat32(264, le)],
    qoffset: [dv.getFloat32(268, le), dv.getFloat32(272, le), dv.getFloat32(276, le)],
    srow: srow as [number[], number[], number[]],
    description: readCString(bytes, 148, 80),
    pair: magic === 'ni1',
  };
}

function parseNifti2(bytes: Uint8Array, opts: { littleEndian: boolean; file: string }): NiftiHeader {
  const { littleEndian: le, file } = opts;
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < NIFTI2_HEADER_BYTES) {
    throw new InputError('truncated NIfTI-2 header', { file });
  }
  const magic = readCString(bytes, 4, 8);
  if (!magic.startsWith('n+2') && !magic.startsWith('ni2')) {
    throw new InputError(`not a NIfTI-2 file: magic is '${magic}'`, { file, field: 'magic' });
  }
  const dim: number[] = [];
  for (let i = 0; i < 8; i++) dim.push(Number(dv.getBigInt64(16 + 8 * i, le)));
  const pixdim: number[] = [];
  for (let i = 0; i < 8; i++) pixdim.push(dv.getFloat64(104 + 8 * i, le));
  const srow = [0, 1, 2].map((r) => [0, 1, 2, 3].map((c) => dv.getFloat64(400 + 32 * r + 8 * c, le)));
  return {
    version: 2,
    littleEndian: le,
    dim,
    datatype: dv.getInt16(12, le),
    bitpix: dv.getInt16(14, le),
    pixdim,
    voxOffset: Number(dv.getBigInt64(168, le)),
    sclSlope: dv.getFloat64(176, le),
    sclInter: dv.getFloat64(184, le),
    qformCode: dv.getInt32(344, le),
    sformCode: dv.getInt32(348, le),
    quatern: [dv.getFloat64(352, le), dv.getFloat64(360, le), dv.getFloat64(368, le)],
    qoffset: [dv.getFloat64(376, le), dv.getFloat64(384, le), dv.getFloat64(392, le)],
    srow: srow as [number[], number[], number[]],
    description: readCString(bytes, 240, 80),
    pair: magic.startsWith('ni2'),
  };
}

export interface NiftiHeaderFields {
  dim: number[];
  datatype: number;
  bitpix: number;
  pixdim: number[];
  quatern: [number, number, number];
  qoffset: [number, number, number];
  /** RAS sform rows. */
  srow: [number[], number[], number[]];
  description: string;
  intentName?: string;
}

/** A NIfTI-1 single-file header (348 bytes + 4 extension bytes, vox_offset 352), little endian. */
export function buildNifti1Header(f: NiftiHeaderFields): Uint8Array {
  const bytes = new Uint8Array(352);
  const dv = new DataView(bytes.buffer);
  dv.setInt32(0, 348, true);
  bytes[38] = 'r'.charCodeAt(0); // regular
  for (let i = 0; i < 8; i++) dv.setInt16(40 + 2 * i, f.dim[i] ?? 1, true);
  dv.setInt16(70, f.datatype, true);
  dv.setInt16(72, f.bitpix, true);
  for (let i = 0; i < 8; i++) dv.setFloat32(76 + 4 * i, f.pixdim[i] ?? 1, true);
  dv.setFloat32(108, 352, true);
  dv.setFloat32(112, 1, true); // scl_slope
  dv.setFloat32(116, 0, true); // scl_inter
  bytes[123] = 2 | 8; // xyzt_units: mm, s
  const desc = new TextEncoder().encode(f.description.slice(0, 79));
  bytes.set(desc, 148);
  dv.setInt16(252, 1, true); // qform_code: scanner
  dv.setInt16(254, 1, true); // sform_code: scanner
  dv.setFloat32(256, f.quatern[0], true);
  dv.setFloat32(260, f.quatern[1], true);
  dv.setFloat32(264, f.quatern[2], true);
  dv.setFloat32(268, f.qoffset[0], true);
  dv.setFloat32(272, f.qoffset[1], true);
  dv.setFloat32(276, f.qoffset[2], true);
  for (let r = 0; r < 3; r++)
    for (let c = 0; c < 4; c++) dv.setFloat32(280 + 16 * r + 4 * c, f.srow[r][c], true);
  if (f.intentName) bytes.set(new TextEncoder().encode(f.intentName.slice(0, 15)), 328);
  bytes.set([0x6e, 0x2b, 0x31, 0x00], 344); // "n+1\0"
  return bytes;
}
