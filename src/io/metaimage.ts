/**
 * MetaImage (.mha with data inside, .mhd + data file) <-> Volume, ITK conventions: world is LPS;
 * TransformMatrix lists the axis directions one after another (i axis first); Offset is the
 * position of voxel 0; ElementSpacing the voxel size. Pure: (de)compression passed in by -node.
 */
import { InputError } from '../core/errors.js';
import { gridFromAxes } from '../core/geometry.js';
import { makeVolume, voxelCount } from '../core/volume.js';
import type { Vec3 } from '../core/vec.js';
import { decodeRawData, scalarTypeOf, type ScalarType } from './raw-data.js';
import { DEFAULT_MAX_VOXELS, type ImageVolume, type ReadImageResult } from './image-types.js';

const MET_TYPES: Record<string, ScalarType> = {
  MET_CHAR: 'int8',
  MET_UCHAR: 'uint8',
  MET_SHORT: 'int16',
  MET_USHORT: 'uint16',
  MET_INT: 'int32',
  MET_UINT: 'uint32',
  MET_LONG: 'int32',
  MET_ULONG: 'uint32',
  MET_FLOAT: 'float32',
  MET_DOUBLE: 'float64',
};
const TYPE_NAMES: Record<ScalarType, string> = {
  int8: 'MET_CHAR',
  uint8: 'MET_UCHAR',
  int16: 'MET_SHORT',
  uint16: 'MET_USHORT',
  int32: 'MET_INT',
  uint32: 'MET_UINT',
  float32: 'MET_FLOAT',
  float64: 'MET_DOUBLE',
};

export interface MetaImageHeader {
  fields: Map<string, string>;
  /** Offset of the data when ElementDataFile = LOCAL. */
  dataOffset: number;
}

/** Parses "Key = Value" lines up to and including ElementDataFile (always the last field). */
export function parseMetaImageHeader(bytes: Uint8Array, file: string): MetaImageHeader {
  const fields = new Map<string, string>();
  let pos = 0;
  const dec = new TextDecoder('latin1');
  while (pos < bytes.length) {
    let end = bytes.indexOf(0x0a, pos);
    if (end < 0) end = bytes.length;
    const line = dec.decode(bytes.subarray(pos, end)).replace(/\r$/, '');
    pos = end + 1;
    const m = /^\s*([A-Za-z0-9_]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (!m) {
      if (line.trim() === '') continue;
      throw new InputError(`not a MetaImage header line: '${line.slice(0, 40)}'`, { file });
    }
    fields.set(m[1], m[2]);
    if (m[1] === 'ElementDataFile') break;
    if (fields.size > 200) break;
  }
  if (!fields.has('NDims') || !fields.has('DimSize'))
    throw new InputError('not a MetaImage file (no NDims/DimSize)', { file });
  return { fields, dataOffset: pos };
}

export interface MetaImageLayout {
  grid: ReturnType<typeof gridFromAxes>;
  type: ScalarType;
  littleEndian: boolean;
  compressed: boolean;
  dataFile: string;
  headerSize: number;
}

export function metaImageLayout(
  h: MetaImageHeader,
  options: { file: string; maxVoxels?: number },
): MetaImageLayout {
  const { file } = options;
  const f = h.fields;
  const nums = (k: string) => (f.get(k) ?? '').trim().split(/\s+/).filter(Boolean).map(Number);
  const nd = Number(f.get('NDims'));
  if (!(nd >= 2 && nd <= 3))
    throw new InputError(`NDims ${nd} is not supported (2 or 3)`, { file, field: 'NDims' });
  const size = nums('DimSize');
  if (size.length !== nd || size.some((s) => !(s >= 1) || !Number.isInteger(s))) {
    throw new InputError(`DimSize '${f.get('DimSize')}' is not ${nd} positive integers`, {
      file,
      field: 'DimSize',
    });
  }
  const dims: Vec3 = [size[0], size[1], size[2] ?? 1];
  const n = dims[0] * dims[1] * dims[2];
  if (n > (options.maxVoxels ?? DEFAULT_MAX_VOXELS)) {
    throw new InputError(
      `header claims ${dims.join(' x ')} = ${n.toExponential(2)} voxels, more than the limit`,
      { file, field: 'DimSize' },
      'TOO_LARGE',
    );
  }
  const channels = Number(f.get('ElementNumberOfChannels') ?? 1);
  if (channels !== 1)
    throw new InputError(`${channels} channels per voxel: only scalar images are supported`, {
      file,
      field: 'ElementNumberOfChannels',
    });
  const type = MET_TYPES[f.get('ElementType') ?? ''];
  if (!type)
    throw new InputError(`ElementType '${f.get('ElementType')}' is not supported`, {
      file,
      field: 'ElementType',
    });
  const spacing = nums('ElementSpacing').length ? nums('ElementSpacing') : nums('ElementSize');
  const sp = [0, 1, 2].map((i) => (spacing[i] > 0 ? spacing[i] : 1));
  const tm = nums('TransformMatrix').length
    ? nums('TransformMatrix')
    : nums('Rotation').length
      ? nums('Rotation')
      : nums('Orientation');
  const axis = (i: number): Vec3 => {
    if (i >= nd || tm.length !== nd * nd) return [i === 0 ? 1 : 0, i === 1 ? 1 : 0, i === 2 ? 1 : 0];
    const a = tm.slice(i * nd, i * nd + nd);
    return [a[0], a[1], a[2] ?? 0];
  };
  const axes: Vec3[] = [0, 1, 2].map((i) => {
    const a = axis(i);
    return [a[0] * sp[i], a[1] * sp[i], a[2] * sp[i]];
  });
  const off = nums('Offset').length
    ? nums('Offset')
    : nums('Origin').length
      ? nums('Origin')
      : nums('Position');
  let grid;
  try {
    grid = gridFromAxes(dims, axes as [Vec3, Vec3, Vec3], [off[0] ?? 0, off[1] ?? 0, off[2] ?? 0]);
  } catch (e) {
    throw new InputError(`TransformMatrix: ${(e as Error).message}`, { file, field: 'TransformMatrix' });
  }
  const msb =
    (f.get('BinaryDataByteOrderMSB') ?? f.get('ElementByteOrderMSB') ?? 'False').toLowerCase() === 'true';
  return {
    grid,
    type,
    littleEndian: !msb,
    compressed: (f.get('CompressedData') ?? 'False').toLowerCase() === 'true',
    dataFile: f.get('ElementDataFile') ?? 'LOCAL',
    headerSize: Number(f.get('HeaderSize') ?? 0),
  };
}

export function metaImageFromData(layout: MetaImageLayout, data: Uint8Array, file: string): ReadImageResult {
  const count = voxelCount(layout.grid);
  const arr = decodeRawData(data, { type: layout.type, count, littleEndian: layout.littleEndian, file });
  return { volume: makeVolume(layout.grid, arr), info: { format: 'mha', modality: 'unknown', warnings: [] } };
}

/** Header text of an .mha with data following it (ElementDataFile = LOCAL). */
export function metaImageHeaderFor(vol: ImageVolume, compressedSize?: number): string {
  const d = vol.direction;
  const f = (v: number) => String(Number(v.toPrecision(15)));
  const tm = [0, 1, 2]
    .flatMap((c) => [d[c], d[3 + c], d[6 + c]])
    .map(f)
    .join(' ');
  return [
    'ObjectType = Image',
    'NDims = 3',
    'BinaryData = True',
    'BinaryDataByteOrderMSB = False',
    `CompressedData = ${compressedSize !== undefined ? 'True' : 'False'}`,
    ...(compressedSize !== undefined ? [`CompressedDataSize = ${compressedSize}`] : []),
    `TransformMatrix = ${tm}`,
    `Offset = ${vol.originLps.map(f).join(' ')}`,
    'CenterOfRotation = 0 0 0',
    'AnatomicalOrientation = RAI',
    `ElementSpacing = ${vol.spacingMm.map(f).join(' ')}`,
    `DimSize = ${vol.dims.join(' ')}`,
    `ElementType = ${TYPE_NAMES[scalarTypeOf(vol.data)]}`,
    'ElementDataFile = LOCAL',
    '',
  ].join('\n');
}
