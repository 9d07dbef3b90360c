/**
 * Native (uncompressed) pixel values -> stored values -> rescaled values, in place where the
 * result fits: values are masked to BitsStored, sign-extended when PixelRepresentation is 1,
 * then multiplied by RescaleSlope and offset by RescaleIntercept (PS3.3 C.7.6.3.1, C.11.1.1.2).
 * The output stays Int16 when every rescaled value is an integer in int16 range.
 */
import type { TypedArray } from '../../core/volume.js';

export interface PixelFormat {
  bitsAllocated: number;
  bitsStored: number;
  signed: boolean;
  bigEndian: boolean;
}

export interface Rescale {
  slope: number;
  intercept: number;
}

function storedRange(f: PixelFormat): [number, number] {
  const bs = Math.min(f.bitsStored, f.bitsAllocated);
  return f.signed ? [-(2 ** (bs - 1)), 2 ** (bs - 1) - 1] : [0, 2 ** bs - 1];
}

/** Swaps bytes of 16- or 32-bit words in place (big-endian data). */
export function swapBytes(bytes: Uint8Array, wordBytes: number): void {
  if (wordBytes === 2) {
    for (let i = 0; i + 1 < bytes.length; i += 2) {
      const t = bytes[i];
      bytes[i] = bytes[i + 1];
      bytes[i + 1] = t;
    }
  } else if (wordBytes === 4) {
    for (let i = 0; i + 3 < bytes.length; i += 4) {
      let t = bytes[i];
      bytes[i] = bytes[i + 3];
      bytes[i + 3] = t;
      t = bytes[i + 1];
      bytes[i + 1] = bytes[i + 2];
      bytes[i + 2] = t;
    }
  }
}

/** Stored value of raw word x (masked to BitsStored, sign-extended). */
function storedValueFn(f: PixelFormat): (x: number) => number {
  const bs = Math.min(f.bitsStored, f.bitsAllocated);
  if (bs >= 32) return f.signed ? (x) => x | 0 : (x) => x >>> 0;
  const mask = 2 ** bs - 1;
  const sign = 2 ** (bs - 1);
  const wrap = 2 ** bs;
  return f.signed
    ? (x) => {
        const v = (x >>> 0) % (mask + 1);
        return v >= sign ? v - wrap : v;
      }
    : (x) => (x >>> 0) % (mask + 1);
}

/**
 * Converts a stack of raw frames (`raw` holds frames one after another, each nPix words of
 * bitsAllocated bits, already in machine byte order) into rescaled values. Returns an
 * Int16Array over the same buffer when possible (no copy), else a new Float32Array.
 */
export function rescaleFrames(
  raw: Uint8Array,
  layout: { format: PixelFormat; rescale: readonly Rescale[]; nPix: number },
): TypedArray {
  const { format: f, rescale, nPix } = layout;
  const frames = rescale.length;
  const n = frames * nPix;
  const integral = rescale.every((r) => Number.isInteger(r.slope) && Number.isInteger(r.intercept));
  const [lo, hi] = storedRange(f);
  let fitsInt16 = integral;
  if (integral) {
    for (const r of rescale) {
      const a = lo * r.slope + r.intercept;
      const b = hi * r.slope + r.intercept;
      if (Math.min(a, b) < -32768 || Math.max(a, b) > 32767) fitsInt16 = false;
    }
  }
  const stored = storedValueFn(f);
  const ba = f.bitsAllocated;
  const src: TypedArray =
    ba === 8
      ? f.signed
        ? new Int8Array(raw.buffer, raw.byteOffset, n)
        : raw.subarray(0, n)
      : ba === 16
        ? new Uint16Array(raw.buffer, raw.byteOffset, n)
        : new Uint32Array(raw.buffer, raw.byteOffset, n);
  if (integral && !fitsInt16) {
    // the stored range is wider than int16, but the actual values may still fit
    let min = Infinity;
    let max = -Infinity;
    for (let fr = 0; fr < frames; fr++) {
      const { slope, intercept } = rescale[fr];
      for (let p = fr * nPix, e = p + nPix; p < e; p++) {
        const v = stored(src[p]) * slope + intercept;
        if (v < min) min = v;
        if (v > max) max = v;
      }
    }
    fitsInt16 = min >= -32768 && max <= 32767;
  }
  let out: TypedArray;
  if (fitsInt16) out = ba === 16 ? new Int16Array(raw.buffer, raw.byteOffset, n) : new Int16Array(n);
  else out = ba === 32 ? new Float32Array(raw.buffer, raw.byteOffset, n) : new Float32Array(n);
  const bs = Math.min(f.bitsStored, ba);
  const simple16 = ba === 16 && bs === 16;
  for (let fr = 0; fr < frames; fr++) {
    const { slope, intercept } = rescale[fr];
    const start = fr * nPix;
    const end = start + nPix;
    if (simple16 && slope === 1) {
      // the common CT case: int16/uint16 words, integer intercept
      if (f.signed) {
        const s16 = new Int16Array(raw.buffer, raw.byteOffset, n);
        for (let p = start; p < end; p++) out[p] = s16[p] + intercept;
      } else {
        for (let p = start; p < end; p++) out[p] = src[p] + intercept;
      }
      continue;
    }
    if (ba === 16 && !f.signed && bs < 16 && slope === 1) {
      const mask = (1 << bs) - 1;
      for (let p = start; p < end; p++) out[p] = (src[p] & mask) + intercept;
      continue;
    }
    if (ba === 16 && f.signed && bs < 16 && slope === 1) {
      const shift = 32 - bs;
      for (let p = start; p < end; p++) out[p] = ((src[p] << shift) >> shift) + intercept;
      continue;
    }
    for (let p = start; p < end; p++) out[p] = stored(src[p]) * slope + intercept;
  }
  return out;
}

/** True when 16-bit words with this rescale always give integers in int16 range. */
export function fitsInt16InPlace(f: PixelFormat, r: Rescale): boolean {
  if (f.bitsAllocated !== 16 || !Number.isInteger(r.slope) || !Number.isInteger(r.intercept)) return false;
  const [lo, hi] = storedRange(f);
  const a = lo * r.slope + r.intercept;
  const b = hi * r.slope + r.intercept;
  return Math.min(a, b) >= -32768 && Math.max(a, b) <= 32767;
}

/**
 * Rescales one frame of 16-bit words in place to Int16 (caller checked `fitsInt16InPlace`).
 * Monomorphic loops over concrete array types: this runs over every voxel of a series.
 */
export function rescaleFrameToInt16(
  bytes: Uint8Array,
  layout: { format: PixelFormat; rescale: Rescale },
): void {
  const { format: f, rescale: r } = layout;
  const n = bytes.length >> 1;
  const out = new Int16Array(bytes.buffer, bytes.byteOffset, n);
  const u16 = new Uint16Array(bytes.buffer, bytes.byteOffset, n);
  const bs = Math.min(f.bitsStored, 16);
  const slope = r.slope;
  const intercept = r.intercept;
  if (f.signed) {
    const shift = 32 - bs;
    for (let p = 0; p < n; p++) out[p] = ((u16[p] << shift) >> shift) * slope + intercept;
  } else {
    const mask = bs >= 16 ? 0xffff : (1 << bs) - 1;
    for (let p = 0; p < n; p++) out[p] = (u16[p] & mask) * slope + intercept;
  }
}
