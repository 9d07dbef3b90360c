/**
 * NRRD (http://teem.sourceforge.net/nrrd/format.html) <-> Volume. Spaces RAS/LAS/LPS (and
 * their long names) are converted to LPS; `space directions` give spacing and direction;
 * without them, `spacings` and an LPS identity are used. Encodings raw, gzip and ascii.
 * Pure: decompression is passed in so the browser and Node can share it.
 */
import { InputError } from '../core/errors.js';
import { gridFromAxes } from '../core/geometry.js';
import { makeVolume, voxelCount, type TypedArray } from '../core/volume.js';
import type { Vec3 } from '../core/vec.js';
import {
  bytesOf,
  bytesPerScalar,
  decodeRawData,
  makeTypedArray,
  scalarTypeOf,
  type ScalarType,
} from './raw-data.js';
import { DEFAULT_MAX_VOXELS, type ImageVolume, type ReadImageResult } from './image-types.js';

export interface NrrdHeader {
  fields: Map<string, string>;
  /** Byte offset of the data in the same file (attached data). */
  dataOffset: number;
}

const TYPES: Record<string, ScalarType> = {};
for (const n of ['signed char', 'int8', 'int8_t']) TYPES[n] = 'int8';
for (const n of ['uchar', 'unsigned char', 'uint8', 'uint8_t']) TYPES[n] = 'uint8';
for (const n of ['short', 'short int', 'signed short', 'signed short int', 'int16', 'int16_t'])
  TYPES[n] = 'int16';
for (const n of ['ushort', 'unsigned short', 'unsigned short int', 'uint16', 'uint16_t']) TYPES[n] = 'uint16';
for (const n of ['int', 'signed int', 'int32', 'int32_t']) TYPES[n] = 'int32';
for (const n of ['uint', 'unsigned int', 'uint32', 'uint32_t']) TYPES[n] = 'uint32';
TYPES.float = 'float32';
TYPES.double = 'float64';

/** Signs turning a NRRD space's axes into LPS. */
const SPACES: Record<string, Vec3> = {
  'left-posterior-superior': [1, 1, 1],
  lps: [1, 1, 1],
  'right-anterior-superior': [-1, -1, 1],
  ras: [-1, -1, 1],
  'left-anterior-superior': [1, -1, 1],
  las: [1, -1, 1],
  'scanner-xyz': [1, 1, 1],
  '3d-right-handed': [1, 1, 1],
};

/** Parses the text header; the data starts after the first empty line. */
export function parseNrrdHeader(bytes: Uint8Array, file: string): NrrdHeader {
  const magic = new TextDecoder('latin1').decode(bytes.subarray(0, 8));
  if (!/^NRRD000\d/.test(magic)) throw new InputError('not a NRRD file (no NRRD000x magic)', { file });
  let end = -1;
  for (let i = 0; i + 1 < bytes.length; i++) {
    if (bytes[i] === 0x0a && bytes[i + 1] === 0x0a) {
      end = i + 2;
      break;
    }
    if (bytes[i] === 0x0a && bytes[i + 1] === 0x0d && bytes[i + 2] === 0x0a) {
      end = i + 3;
      break;
    }
  }
  const text = new TextDecoder('latin1').decode(bytes.subarray(0, end < 0 ? bytes.length : end));
  const fields = new Map<string, string>();
  for (const raw of text.split(/\r?\n/).slice(1)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^([^:]+):=?\s*(.*)$/.exec(line);
    if (m) fields.set(m[1].trim().toLowerCase(), m[2].trim());
  }
  return { fields, dataOffset: end < 0 ? bytes.length : end };
}

function vectors(text: string): (Vec3 | null)[] {
  return text
    .trim()
    .split(/\s+(?=\(|none)/)
    .map((t) => {
      if (t === 'none') return null;
      const nums = t.replace(/[()]/g, '').split(',').map(Number);
      return [nums[0] ?? 0, nums[1] ?? 0, nums[2] ?? 0] as Vec3;
    });
}

export interface NrrdLayout {
  dims: Vec3;
  type: ScalarType;
  littleEndian: boolean;
  encoding: 'raw' | 'gzip' | 'ascii';
  dataFile?: string;
  byteSkip: number;
  lineSkip: number;
  warnings: string[];
  grid: ReturnType<typeof gridFromAxes>;
}

/** Interprets the header fields: sizes, type, geometry in LPS, encoding. */
export function nrrdLayout(h: NrrdHeader, options: { file: string; maxVoxels?: number }): NrrdLayout {
  const { file } = options;
  const f = h.fields;
  const get = (k: string) => f.get(k);
  const typeName = (get('type') ?? '').toLowerCase();
  const type = TYPES[typeName];
  if (!type) throw new InputError(`type '${typeName}' is not supported`, { file, field: 'type' });
  const dimension = Number(get('dimension'));
  const sizes = (get('sizes') ?? '').split(/\s+/).map(Number);
  if (
    !(dimension >= 1 && dimension <= 3) ||
    sizes.length !== dimension ||
    sizes.some((s) => !(s >= 1) || !Number.isInteger(s))
  ) {
    throw new InputError(`sizes '${get('sizes')}' do not describe a 1-3D scalar image`, {
      file,
      field: 'sizes',
    });
  }
  const dims: Vec3 = [sizes[0], sizes[1] ?? 1, sizes[2] ?? 1];
  const n = dims[0] * dims[1] * dims[2];
  if (n > (options.maxVoxels ?? DEFAULT_MAX_VOXELS)) {
    throw new InputError(
      `header claims ${dims.join(' x ')} = ${n.toExponential(2)} voxels, more than the limit`,
      { file, field: 'sizes' },
      'TOO_LARGE',
    );
  }
  const warnings: string[] = [];
  const spaceName = (get('space') ?? '').toLowerCase();
  const sign = SPACES[spaceName] ?? [1, 1, 1];
  if (spaceName && !SPACES[spaceName])
    warnings.push(`space '${spaceName}' is not anatomical: axes taken as LPS`);
  const flip = (v: Vec3): Vec3 => [v[0] * sign[0], v[1] * sign[1], v[2] * sign[2]];
  let axes: Vec3[];
  const sd = get('space directions');
  if (sd) {
    const v = vectors(sd).filter((x): x is Vec3 => x !== null);
    if (v.length !== dimension)
      throw new InputError('space directions do not match the dimension', {
        file,
        field: 'space directions',
      });
    axes = v.map(flip);
  } else {
    const sp = (get('spacings') ?? '').split(/\s+/).map(Number);
    axes = Array.from({ length: dimension }, (_, i) => {
      const s = sp[i] > 0 ? sp[i] : 1;
      return [i === 0 ? s : 0, i === 1 ? s : 0, i === 2 ? s : 0] as Vec3;
    });
    if (!get('spacings')) warnings.push('no space directions or spacings: 1 mm voxels assumed');
  }
  while (axes.length < 3) {
    const a = axes[0];
    const b = axes[1] ?? (Math.abs(a[0]) < 0.9 ? [1, 0, 0] : [0, 1, 0]);
    const c: Vec3 = [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
    const nc = Math.hypot(...c);
    axes.push([c[0] / nc, c[1] / nc, c[2] / nc]);
  }
  const originText = get('space origin');
  const origin = originText ? flip(vectors(originText)[0] ?? [0, 0, 0]) : ([0, 0, 0] as Vec3);
  let grid;
  try {
    grid = gridFromAxes(dims, axes as [Vec3, Vec3, Vec3], origin);
  } catch (e) {
    throw new InputError(`space directions: ${(e as Error).message}`, { file, field: 'space directions' });
  }
  const enc = (get('encoding') ?? 'raw').toLowerCase();
  const encoding =
    enc === 'gz' || enc === 'gzip'
      ? 'gzip'
      : enc === 'txt' || enc === 'text' || enc === 'ascii'
        ? 'ascii'
        : enc === 'raw'
          ? 'raw'
          : null;
  if (!encoding)
    throw new InputError(`encoding '${enc}' is not supported (raw, gzip, ascii)`, {
      file,
      field: 'encoding',
    });
  return {
    dims,
    type,
    littleEndian: (get('endian') ?? 'little').toLowerCase() !== 'big',
    encoding,
    dataFile: get('data file') ?? get('datafile'),
    byteSkip: Number(get('byte skip') ?? 0),
    lineSkip: Number(get('line skip') ?? 0),
    warnings,
    grid,
  };
}

/** Builds the image from a layout and its (decompressed) data bytes. */
export function nrrdImageFromData(layout: NrrdLayout, data: Uint8Array, file: string): ReadImageResult {
  const count = voxelCount(layout.grid);
  let arr: TypedArray;
  if (layout.encoding === 'ascii') {
    const nums = new TextDecoder('latin1')
      .decode(data)
      .trim()
      .split(/[\s,]+/)
      .map(Number);
    if (nums.length < count)
      throw new InputError(`ascii data has ${nums.length} values, the image needs ${count}`, { file });
    arr = makeTypedArray(layout.type, count);
    for (let i = 0; i < count; i++) arr[i] = nums[i];
  } else {
    // a negative byte skip means "the data are the last bytes of the file"
    const size = bytesPerScalar(layout.type);
    const start = layout.byteSkip < 0 ? Math.max(0, data.length - count * size) : layout.byteSkip;
    arr = decodeRawData(data.subarray(start), {
      type: layout.type,
      count,
      littleEndian: layout.littleEndian,
      file,
    });
  }
  return {
    volume: makeVolume(layout.grid, arr),
    info: { format: 'nrrd', modality: 'unknown', warnings: layout.warnings },
  };
}

/** NRRD header text for a volume (LPS space, gzip or raw encoding, little endian). */
export function nrrdHeaderFor(vol: ImageVolume, encoding: 'gzip' | 'raw'): string {
  const t = scalarTypeOf(vol.data);
  const d = vol.direction;
  const s = vol.spacingMm;
  const axis = (c: number) =>
    `(${[d[c] * s[c], d[3 + c] * s[c], d[6 + c] * s[c]].map((v) => Number(v.toPrecision(15))).join(',')})`;
  return [
    'NRRD0004',
    '# Complete NRRD file format specification at: http://teem.sourceforge.net/nrrd/format.html',
    `type: ${t}`,
    'dimension: 3',
    'space: left-posterior-superior',
    `sizes: ${vol.dims.join(' ')}`,
    `space directions: ${axis(0)} ${axis(1)} ${axis(2)}`,
    'kinds: domain domain domain',
    'endian: little',
    `encoding: ${encoding}`,
    `space origin: (${vol.originLps.map((v) => Number(v.toPrecision(15))).join(',')})`,
    '',
    '',
  ].join('\n');
}

export { bytesOf };
