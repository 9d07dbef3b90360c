/** Raw voxel bytes of a known scalar type -> typed array (aligned copy, byte-swapped if needed). */
import { InputError } from '../core/errors.js';
import type { TypedArray } from '../core/volume.js';

export type ScalarType = 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'float32' | 'float64';

const CTORS: Record<ScalarType, new (n: number) => TypedArray> = {
  int8: Int8Array,
  uint8: Uint8Array,
  int16: Int16Array,
  uint16: Uint16Array,
  int32: Int32Array,
  uint32: Uint32Array,
  float32: Float32Array,
  float64: Float64Array,
};

export function bytesPerScalar(t: ScalarType): number {
  return new CTORS[t](0).BYTES_PER_ELEMENT;
}

export function scalarTypeOf(a: TypedArray): ScalarType {
  if (a instanceof Int8Array) return 'int8';
  if (a instanceof Uint8Array) return 'uint8';
  if (a instanceof Int16Array) return 'int16';
  if (a instanceof Uint16Array) return 'uint16';
  if (a instanceof Int32Array) return 'int32';
  if (a instanceof Uint32Array) return 'uint32';
  if (a instanceof Float32Array) return 'float32';
  return 'float64';
}

/** `count` values of `type` from `bytes` (which may be longer); InputError if too short. */
export function decodeRawData(
  bytes: Uint8Array,
  options: { type: ScalarType; count: number; littleEndian: boolean; file: string },
): TypedArray {
  const { type, count, littleEndian, file } = options;
  const size = bytesPerScalar(type);
  const need = count * size;
  if (bytes.length < need) {
    throw new InputError(`file is truncated: the image needs ${need} bytes of data, found ${bytes.length}`, {
      file,
    });
  }
  const out = new CTORS[type](count);
  const dst = new Uint8Array(out.buffer);
  dst.set(bytes.subarray(0, need));
  if (!littleEndian && size > 1) {
    for (let i = 0; i < need; i += size) {
      for (let a = 0, b = size - 1; a < b; a++, b--) {
        const t = dst[i + a];
        dst[i + a] = dst[i + b];
        dst[i + b] = t;
      }
    }
  }
  return out;
}

/** Little-endian bytes of a typed array (a view, no copy). */
export function bytesOf(a: TypedArray): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/** A zero-filled array of a scalar type. */
export function makeTypedArray(type: ScalarType, count: number): TypedArray {
  return new CTORS[type](count);
}
