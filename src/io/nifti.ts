/**
 * NIfTI-1/2 <-> Volume. NIfTI affines map voxel indices to RAS+ mm; volumes here are LPS, so the
 * first two rows are negated on the way in and out. The sform is used when sform_code > 0,
 * else the qform when qform_code > 0, else the ANALYZE pixdim-only mapping (method 1).
 * Pure (no fs): works in Node and the browser. Gzip is handled by the caller or decodeNifti.
 */
import { gunzipSync, gzipSync } from 'fflate';
import { InputError } from '../core/errors.js';
import { makeVolume, type Grid, type TypedArray } from '../core/volume.js';
import { det3, type Mat3, type Vec3 } from '../core/vec.js';
import { buildNifti1Header, NIFTI_DATATYPES, parseNiftiHeader, type NiftiHeader } from './nifti-header.js';
import { DEFAULT_MAX_VOXELS, type ImageVolume, type ReadImageResult } from './image-types.js';

/** Voxels of the first 3D volume, and whether the file holds more (4D/5D). */
export function niftiVoxelLayout(h: NiftiHeader, file: string): { dims: Vec3; extraVolumes: number } {
  const nd = h.dim[0];
  if (!(nd >= 1 && nd <= 7)) throw new InputError(`dim[0] is ${nd}, expected 1-7`, { file, field: 'dim' });
  const d = (i: number) => (i <= nd ? Math.max(1, h.dim[i]) : 1);
  for (let i = 1; i <= nd; i++) {
    if (h.dim[i] < 0) throw new InputError(`dim[${i}] is ${h.dim[i]}`, { file, field: 'dim' });
  }
  let extra = 1;
  for (let i = 4; i <= nd; i++) extra *= d(i);
  return { dims: [d(1), d(2), d(3)], extraVolumes: extra - 1 };
}

/** Nearest orthonormal matrix (polar decomposition by Newton iteration). */
function orthonormalize(m: number[]): number[] {
  let r = m.slice();
  for (let it = 0; it < 30; it++) {
    const t = r;
    const det = det3(t as unknown as Mat3);
    // inverse transpose
    const inv = [
      (t[4] * t[8] - t[5] * t[7]) / det,
      (t[5] * t[6] - t[3] * t[8]) / det,
      (t[3] * t[7] - t[4] * t[6]) / det,
      (t[2] * t[7] - t[1] * t[8]) / det,
      (t[0] * t[8] - t[2] * t[6]) / det,
      (t[1] * t[6] - t[0] * t[7]) / det,
      (t[1] * t[5] - t[2] * t[4]) / det,
      (t[2] * t[3] - t[0] * t[5]) / det,
      (t[0] * t[4] - t[1] * t[3]) / det,
    ];
    const next = t.map((v, i) => 0.5 * (v + inv[i]));
    const diff = next.reduce((s, v, i) => s + Math.abs(v - t[i]), 0);
    r = next;
    if (diff < 1e-12) break;
  }
  return r;
}

/** Grid (LPS) described by a NIfTI header, plus warnings about what was assumed. */
export function niftiHeaderToGrid(
  h: NiftiHeader,
  dims: Vec3,
  file: string,
): { grid: Grid; warnings: string[] } {
  const warnings: string[] = [];
  let cols: number[][]; // RAS columns i, j, k (scaled by spacing)
  let offset: number[];
  if (h.sformCode > 0) {
    cols = [0, 1, 2].map((c) => [h.srow[0][c], h.srow[1][c], h.srow[2][c]]);
    offset = [h.srow[0][3], h.srow[1][3], h.srow[2][3]];
  } else if (h.qformCode > 0) {
    const [b, c, d] = h.quatern;
    let a = 1 - (b * b + c * c + d * d);
    let bb = b,
      cc = c,
      dd = d;
    if (a < 1e-7) {
      const s = 1 / Math.sqrt(b * b + c * c + d * d);
      bb *= s;
      cc *= s;
      dd *= s;
      a = 0;
    } else {
      a = Math.sqrt(a);
    }
    const R = [
      [a * a + bb * bb - cc * cc - dd * dd, 2 * (bb * cc - a * dd), 2 * (bb * dd + a * cc)],
      [2 * (bb * cc + a * dd), a * a + cc * cc - bb * bb - dd * dd, 2 * (cc * dd - a * bb)],
      [2 * (bb * dd - a * cc), 2 * (cc * dd + a * bb), a * a + dd * dd - cc * cc - bb * bb],
    ];
    const qfac = h.pixdim[0] < 0 ? -1 : 1;
    const sp = [1, 2, 3].map((i) => (h.pixdim[i] > 0 ? h.pixdim[i] : 1));
    sp[2] *= qfac;
    cols = [0, 1, 2].map((c2) => [R[0][c2] * sp[c2], R[1][c2] * sp[c2], R[2][c2] * sp[c2]]);
    offset = [...h.qoffset];
  } else {
    warnings.push('no sform or qform: orientation assumed from pixdim only (ANALYZE method 1, RAS axes)');
    const sp = [1, 2, 3].map((i) => (h.pixdim[i] > 0 ? h.pixdim[i] : 1));
    cols = [
      [sp[0], 0, 0],
      [0, sp[1], 0],
      [0, 0, sp[2]],
    ];
    offset = [0, 0, 0];
  }
  const spacing = cols.map((c) => Math.hypot(c[0], c[1], c[2]));
  for (let i = 0; i < 3; i++) {
    if (!(spacing[i] > 0) || !Number.isFinite(spacing[i])) {
      if (dims[i] > 1 || !(spacing[i] >= 0)) {
        throw new InputError(`voxel axis ${'ijk'[i]} has zero or invalid length in the affine`, {
          file,
          field: h.sformCode > 0 ? 'srow' : 'pixdim',
        });
      }
      // a singleton axis with no extent: choose a unit axis orthogonal to the others
      spacing[i] = 1;
      cols[i] = [0, 0, 0];
    }
  }
  // direction in RAS (row-major, columns = axes)
  let dRas = [0, 1, 2].flatMap((r) => [0, 1, 2].map((c) => cols[c][r] / spacing[c]));
  if (cols.some((c) => c.every((v) => v === 0))) {
    // fill a missing singleton axis with the cross product of the other two
    const a = [dRas[0], dRas[3], dRas[6]];
    const b = [dRas[1], dRas[4], dRas[7]];
    const n = [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
    dRas[2] = n[0];
    dRas[5] = n[1];
    dRas[8] = n[2];
  }
  const orthErr = Math.max(
    Math.abs(dRas[0] * dRas[1] + dRas[3] * dRas[4] + dRas[6] * dRas[7]),
    Math.abs(dRas[0] * dRas[2] + dRas[3] * dRas[5] + dRas[6] * dRas[8]),
    Math.abs(dRas[1] * dRas[2] + dRas[4] * dRas[5] + dRas[7] * dRas[8]),
  );
  if (orthErr > 1e-4) {
    warnings.push(
      `affine has shear (axes ${((Math.acos(Math.min(1, orthErr)) * 180) / Math.PI).toFixed(2)} deg from orthogonal): nearest rotation used`,
    );
    dRas = orthonormalize(dRas);
  } else if (orthErr > 1e-7) {
    dRas = orthonormalize(dRas);
  }
  if (Math.abs(det3(dRas as unknown as Mat3)) < 1e-6) {
    throw new InputError('the affine is singular (voxel axes are not independent)', { file, field: 'srow' });
  }
  // RAS -> LPS: negate x and y rows
  const direction = [
    -dRas[0],
    -dRas[1],
    -dRas[2],
    -dRas[3],
    -dRas[4],
    -dRas[5],
    dRas[6],
    dRas[7],
    dRas[8],
  ] as unknown as Mat3;
  const originLps: Vec3 = [-offset[0], -offset[1], offset[2]];
  return { grid: { dims, spacingMm: spacing as unknown as Vec3, originLps, direction }, warnings };
}

/** Array constructor for a NIfTI datatype code. */
function arrayFor(
  datatype: number,
  file: string,
): new (buf: ArrayBuffer, off?: number, len?: number) => TypedArray {
  switch (datatype) {
    case 2:
      return Uint8Array;
    case 4:
      return Int16Array;
    case 8:
      return Int32Array;
    case 16:
      return Float32Array;
    case 64:
      return Float64Array;
    case 256:
      return Int8Array;
    case 512:
      return Uint16Array;
    case 768:
      return Uint32Array;
    default:
      throw new InputError(
        `datatype ${datatype}${NIFTI_DATATYPES[datatype] ? ` (${NIFTI_DATATYPES[datatype].name})` : ''} is not supported for images (use uint8/int16/int32/float32/float64)`,
        { file, field: 'datatype' },
      );
  }
}

/** Byte length of the first 3D volume's data, after checking the header's claims. */
export function niftiDataBytes(h: NiftiHeader, file: string, maxVoxels = DEFAULT_MAX_VOXELS): number {
  const { dims } = niftiVoxelLayout(h, file);
  const type = NIFTI_DATATYPES[h.datatype];
  if (!type) throw new InputError(`unknown datatype ${h.datatype}`, { file, field: 'datatype' });
  const n = dims[0] * dims[1] * dims[2];
  if (n > maxVoxels) {
    throw new InputError(
      `header claims ${dims.join(' x ')} = ${n.toExponential(2)} voxels, more than the limit of ${maxVoxels.toExponential(2)}`,
      { file, field: 'dim' },
      'TOO_LARGE',
    );
  }
  return n * type.bytes;
}

/**
 * Builds the image from a parsed header and the bytes of its first volume (exactly
 * niftiDataBytes long). Byte-swaps big-endian data and applies scl_slope/scl_inter.
 * The data buffer may be reused as the output (it is not copied when no scaling applies).
 */
export function niftiImageFromData(h: NiftiHeader, data: Uint8Array, file: string): ReadImageResult {
  const { dims, extraVolumes } = niftiVoxelLayout(h, file);
  const { grid, warnings } = niftiHeaderToGrid(h, dims, file);
  if (extraVolumes > 0)
    warnings.push(`file holds ${extraVolumes + 1} volumes (4D/5D): the first one was read`);
  const ctor = arrayFor(h.datatype, file);
  const bytesPer = NIFTI_DATATYPES[h.datatype].bytes;
  const n = dims[0] * dims[1] * dims[2];
  let buf = data;
  if (buf.byteOffset % bytesPer !== 0) buf = buf.slice();
  if (!h.littleEndian && bytesPer > 1) {
    for (let i = 0; i < n * bytesPer; i += bytesPer) {
      for (let a = 0, b = bytesPer - 1; a < b; a++, b--) {
        const t = buf[i + a];
        buf[i + a] = buf[i + b];
        buf[i + b] = t;
      }
    }
  }
  let arr: TypedArray = new ctor(buf.buffer as ArrayBuffer, buf.byteOffset, n);
  const slope = h.sclSlope;
  const inter = Number.isFinite(h.sclInter) ? h.sclInter : 0;
  if (Number.isFinite(slope) && slope !== 0 && !(slope === 1 && inter === 0)) {
    arr = applyScaling(arr, slope, inter);
  }
  return {
    volume: makeVolume(grid, arr),
    info: { format: 'nifti', modality: 'unknown', description: h.description || undefined, warnings },
  };
}

function applyScaling(raw: TypedArray, slope: number, inter: number): TypedArray {
  const isIntRaw = !(raw instanceof Float32Array || raw instanceof Float64Array);
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < raw.length; i++) {
    const v = raw[i];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const a = lo * slope + inter;
  const b = hi * slope + inter;
  const outLo = Math.min(a, b);
  const outHi = Math.max(a, b);
  const integral = isIntRaw && Number.isInteger(slope) && Number.isInteger(inter);
  const out: TypedArray =
    integral && outLo >= -32768 && outHi <= 32767
      ? new Int16Array(raw.length)
      : integral && outLo >= -2147483648 && outHi <= 2147483647
        ? new Int32Array(raw.length)
        : new Float32Array(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = raw[i] * slope + inter;
  return out;
}

/** Decodes a whole .nii or .nii.gz held in memory (gzip detected from its magic bytes). */
export function decodeNifti(
  bytes: Uint8Array,
  options: { file?: string; maxVoxels?: number } = {},
): ReadImageResult {
  const file = options.file ?? 'image.nii';
  let raw = bytes;
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      raw = gunzipSync(bytes);
    } catch (e) {
      throw new InputError(`corrupt or truncated gzip data (${e instanceof Error ? e.message : e})`, {
        file,
      });
    }
  }
  const h = parseNiftiHeader(raw, file);
  if (h.pair)
    throw new InputError('a .hdr/.img pair header: give the single-file .nii instead', {
      file,
      field: 'magic',
    });
  const need = niftiDataBytes(h, file, options.maxVoxels);
  const start = Math.floor(h.voxOffset);
  if (raw.length < start + need) {
    throw new InputError(
      `file is truncated: the header needs ${start + need} bytes, the file has ${raw.length}`,
      { file },
    );
  }
  return niftiImageFromData(h, raw.subarray(start, start + need), file);
}

/** NIfTI datatype code for a typed array. */
function datatypeOf(data: TypedArray): { code: number; bitpix: number } {
  if (data instanceof Uint8Array) return { code: 2, bitpix: 8 };
  if (data instanceof Int16Array) return { code: 4, bitpix: 16 };
  if (data instanceof Int32Array) return { code: 8, bitpix: 32 };
  if (data instanceof Float32Array) return { code: 16, bitpix: 32 };
  if (data instanceof Float64Array) return { code: 64, bitpix: 64 };
  if (data instanceof Int8Array) return { code: 256, bitpix: 8 };
  if (data instanceof Uint16Array) return { code: 512, bitpix: 16 };
  return { code: 768, bitpix: 32 };
}

/** Quaternion parameters (b, c, d) and qfac of an orthonormal RAS rotation (nifti1_io mat44_to_quatern). */
function rotationToQuaternion(dRas: number[]): { quatern: [number, number, number]; qfac: number } {
  const r = dRas.slice();
  let qfac = 1;
  if (det3(r as unknown as Mat3) < 0) {
    qfac = -1;
    r[2] = -r[2];
    r[5] = -r[5];
    r[8] = -r[8];
  }
  const [r11, r12, r13, r21, r22, r23, r31, r32, r33] = r;
  let a = r11 + r22 + r33 + 1;
  let b: number, c: number, d: number;
  if (a > 0.5) {
    a = 0.5 * Math.sqrt(a);
    b = (0.25 * (r32 - r23)) / a;
    c = (0.25 * (r13 - r31)) / a;
    d = (0.25 * (r21 - r12)) / a;
  } else {
    const xd = 1 + r11 - (r22 + r33);
    const yd = 1 + r22 - (r11 + r33);
    const zd = 1 + r33 - (r11 + r22);
    if (xd > 1) {
      b = 0.5 * Math.sqrt(xd);
      c = (0.25 * (r12 + r21)) / b;
      d = (0.25 * (r13 + r31)) / b;
      a = (0.25 * (r32 - r23)) / b;
    } else if (yd > 1) {
      c = 0.5 * Math.sqrt(yd);
      b = (0.25 * (r12 + r21)) / c;
      d = (0.25 * (r23 + r32)) / c;
      a = (0.25 * (r13 - r31)) / c;
    } else {
      d = 0.5 * Math.sqrt(zd);
      b = (0.25 * (r13 + r31)) / d;
      c = (0.25 * (r23 + r32)) / d;
      a = (0.25 * (r21 - r12)) / d;
    }
    if (a < 0) {
      b = -b;
      c = -c;
      d = -d;
    }
  }
  return { quatern: [b, c, d], qfac };
}

export interface EncodeNiftiOptions {
  description?: string;
  /** Write a 2D image (dim[0] = 2) when the third axis has one voxel. */
  twoD?: boolean;
  /** gzip the result (for .nii.gz). Default true. */
  gzip?: boolean;
  /** zlib level 0-9 (default 6; 1 is much faster for big volumes). */
  level?: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
}

/** NIfTI-1 header for a volume: both sform and qform (code 1, scanner), RAS as the standard says. */
export function niftiHeaderFor(vol: ImageVolume, options: EncodeNiftiOptions = {}): Uint8Array {
  const { code, bitpix } = datatypeOf(vol.data);
  const d = vol.direction;
  const s = vol.spacingMm;
  const dRas = [-d[0], -d[1], -d[2], -d[3], -d[4], -d[5], d[6], d[7], d[8]];
  const { quatern, qfac } = rotationToQuaternion(dRas);
  const o = vol.originLps;
  const twoD = options.twoD === true && vol.dims[2] === 1;
  const srow = [0, 1, 2].map((r) => [
    dRas[3 * r] * s[0],
    dRas[3 * r + 1] * s[1],
    dRas[3 * r + 2] * s[2],
    r === 0 ? -o[0] : r === 1 ? -o[1] : o[2],
  ]);
  return buildNifti1Header({
    dim: twoD
      ? [2, vol.dims[0], vol.dims[1], 1, 1, 1, 1, 1]
      : [3, vol.dims[0], vol.dims[1], vol.dims[2], 1, 1, 1, 1],
    datatype: code,
    bitpix,
    pixdim: [qfac, s[0], s[1], s[2], 0, 0, 0, 0],
    quatern,
    qoffset: [-o[0], -o[1], o[2]],
    srow: srow as [number[], number[], number[]],
    description: options.description ?? 'SacroGuide',
  });
}

/** The bytes of a .nii (or .nii.gz when options.gzip is not false). */
export function encodeNifti(vol: ImageVolume, options: EncodeNiftiOptions = {}): Uint8Array {
  const header = niftiHeaderFor(vol, options);
  const data = new Uint8Array(vol.data.buffer, vol.data.byteOffset, vol.data.byteLength);
  const out = new Uint8Array(header.length + data.length);
  out.set(header, 0);
  out.set(data, header.length);
  return options.gzip === false ? out : gzipSync(out, { level: options.level ?? 6 });
}
