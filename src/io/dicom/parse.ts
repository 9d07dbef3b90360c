/**
 * A lean DICOM Part 10 parser: enough of PS3.5 to find geometry, pixel format and the pixel
 * data's place in the file, fast, without decoding values it does not need.
 * Reads files with or without the 128-byte preamble and "DICM", implicit/explicit VR little
 * endian, explicit big endian, deflated (inflated first), undefined-length sequences and items,
 * odd value lengths and trailing bytes after the pixel data.
 */
import { inflateSync } from 'fflate';
import { InputError } from '../../core/errors.js';
import { SEQUENCE_TAGS, TAG, TRANSFER_SYNTAX, tagName } from './tags.js';

export const UNDEFINED_LENGTH = 0xffffffff;

export interface DicomElement {
  tag: number;
  vr: string;
  /** Offset of the value in the dataset's bytes. */
  offset: number;
  /** Value length in bytes; UNDEFINED_LENGTH for encapsulated pixel data. */
  length: number;
  /** Items of a sequence. */
  items?: DicomDataset[];
  /** Encapsulated pixel data: fragment [offset, length] pairs (basic offset table excluded). */
  fragments?: { offset: number; length: number }[];
}

export interface DicomDataset {
  bytes: Uint8Array;
  littleEndian: boolean;
  elements: Map<number, DicomElement>;
}

export interface ParsedDicom {
  dataset: DicomDataset;
  transferSyntax: string;
  /** True when the file had no "DICM" prefix (raw dataset). */
  noPreamble: boolean;
  /** Dataset bytes are an inflated copy (deflated syntax), not the file's own bytes. */
  inflated: boolean;
}

/** Thrown when a partial read of a file ended before the pixel data: read more and retry. */
export class NeedMoreBytes extends Error {
  constructor() {
    super('need more bytes');
  }
}

const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);

function isVrChars(b0: number, b1: number): boolean {
  return b0 >= 0x41 && b0 <= 0x5a && b1 >= 0x41 && b1 <= 0x5a;
}

interface Ctx {
  bytes: Uint8Array;
  dv: DataView;
  file: string;
  /** The buffer holds only the first part of the file. */
  partial: boolean;
  stopAtPixelData: boolean;
}

function outOfData(ctx: Ctx, what: string): never {
  if (ctx.partial) throw new NeedMoreBytes();
  throw new InputError(`file is truncated (${what} runs past the end of the file)`, { file: ctx.file });
}

/** Parses elements in [start, end) (end = Infinity inside undefined-length items). */
function parseElements(
  ctx: Ctx,
  ds: DicomDataset,
  range: { start: number; end: number; explicit: boolean; depth: number },
): number {
  const { bytes, dv } = ctx;
  const le = ds.littleEndian;
  const limit = Math.min(range.end, bytes.length);
  let pos = range.start;
  while (pos < limit) {
    if (pos + 8 > bytes.length) {
      if (range.end === Infinity) outOfData(ctx, 'an item');
      break; // a few trailing bytes: padding
    }
    const group = dv.getUint16(pos, le);
    const elem = dv.getUint16(pos + 2, le);
    const tag = ((group << 16) | elem) >>> 0;
    if (tag === TAG.ItemDelimitation || tag === TAG.SequenceDelimitation) return pos + 8;
    if (tag === 0xfffcfffc && range.depth === 0) return bytes.length; // dataset trailing padding
    let vr: string;
    let length: number;
    let header: number;
    if (range.explicit && group !== 0xfffe) {
      const b0 = bytes[pos + 4];
      const b1 = bytes[pos + 5];
      if (!isVrChars(b0, b1)) {
        if (range.depth === 0 && tag === 0) break; // zero padding at the end
        throw new InputError(`invalid VR at byte ${pos} for tag ${tagName(tag)}`, {
          file: ctx.file,
          tag: tagName(tag),
        });
      }
      vr = String.fromCharCode(b0, b1);
      if (LONG_VRS.has(vr)) {
        if (pos + 12 > bytes.length) outOfData(ctx, `tag ${tagName(tag)}`);
        length = dv.getUint32(pos + 8, le);
        header = 12;
      } else {
        length = dv.getUint16(pos + 6, le);
        header = 8;
      }
    } else {
      length = dv.getUint32(pos + 4, le);
      header = 8;
      vr = SEQUENCE_TAGS.has(tag) ? 'SQ' : tag === TAG.PixelData ? 'OW' : 'UN';
    }
    const valueStart = pos + header;
    const el: DicomElement = { tag, vr, offset: valueStart, length };
    if (tag === TAG.PixelData && range.depth === 0) {
      ds.elements.set(tag, el);
      if (length === UNDEFINED_LENGTH) {
        if (ctx.stopAtPixelData) return valueStart;
        return parseFragments(ctx, ds, el);
      }
      if (ctx.stopAtPixelData) return valueStart;
      if (valueStart + length > bytes.length) outOfData(ctx, 'the pixel data');
      return valueStart + length; // anything after the pixel data is ignored
    }
    if (length === UNDEFINED_LENGTH) {
      // a sequence (SQ, or UN / implicit of undefined length, which is an implicit-VR sequence)
      const nestedExplicit = vr === 'UN' ? false : range.explicit;
      el.vr = 'SQ';
      el.items = [];
      pos = parseItems(ctx, el.items, {
        start: valueStart,
        end: Infinity,
        explicit: nestedExplicit,
        depth: range.depth + 1,
        le,
      });
      ds.elements.set(tag, el);
      continue;
    }
    const end = valueStart + length;
    if (end > bytes.length) outOfData(ctx, `tag ${tagName(tag)}`);
    if (vr === 'SQ') {
      el.items = [];
      parseItems(ctx, el.items, {
        start: valueStart,
        end,
        explicit: range.explicit,
        depth: range.depth + 1,
        le,
      });
    }
    ds.elements.set(tag, el);
    pos = end;
  }
  if (range.end !== Infinity && range.end > bytes.length) outOfData(ctx, 'a sequence');
  return pos;
}

/** Items of a sequence starting at range.start; returns the offset after the sequence. */
function parseItems(
  ctx: Ctx,
  items: DicomDataset[],
  range: { start: number; end: number; explicit: boolean; depth: number; le: boolean },
): number {
  const le = range.le;
  if (range.depth > 32) throw new InputError('sequences nested too deeply', { file: ctx.file });
  const { dv, bytes } = ctx;
  let pos = range.start;
  while (pos < range.end) {
    if (pos + 8 > bytes.length) {
      if (range.end === Infinity) outOfData(ctx, 'a sequence');
      break;
    }
    const tag = ((dv.getUint16(pos, le) << 16) | dv.getUint16(pos + 2, le)) >>> 0;
    const len = dv.getUint32(pos + 4, le);
    if (tag === TAG.SequenceDelimitation) return pos + 8;
    if (tag !== TAG.Item) {
      throw new InputError(`expected a sequence item at byte ${pos}, found ${tagName(tag)}`, {
        file: ctx.file,
      });
    }
    const item: DicomDataset = { bytes, littleEndian: le, elements: new Map() };
    if (len === UNDEFINED_LENGTH) {
      pos = parseElements(ctx, item, {
        start: pos + 8,
        end: Infinity,
        explicit: range.explicit,
        depth: range.depth,
      });
    } else {
      if (pos + 8 + len > bytes.length) outOfData(ctx, 'a sequence item');
      parseElements(ctx, item, {
        start: pos + 8,
        end: pos + 8 + len,
        explicit: range.explicit,
        depth: range.depth,
      });
      pos = pos + 8 + len;
    }
    items.push(item);
  }
  return pos;
}

function parseFragments(ctx: Ctx, ds: DicomDataset, el: DicomElement): number {
  const { dv, bytes } = ctx;
  const le = ds.littleEndian;
  let pos = el.offset;
  const frags: { offset: number; length: number }[] = [];
  let first = true;
  for (;;) {
    if (pos + 8 > bytes.length) outOfData(ctx, 'the encapsulated pixel data');
    const tag = ((dv.getUint16(pos, le) << 16) | dv.getUint16(pos + 2, le)) >>> 0;
    const len = dv.getUint32(pos + 4, le);
    if (tag === TAG.SequenceDelimitation) {
      pos += 8;
      break;
    }
    if (tag !== TAG.Item)
      throw new InputError(`bad pixel data fragment at byte ${pos}`, {
        file: ctx.file,
        tag: tagName(TAG.PixelData),
      });
    if (pos + 8 + len > bytes.length) outOfData(ctx, 'a pixel data fragment');
    if (!first) frags.push({ offset: pos + 8, length: len });
    first = false; // the first item is the basic offset table
    pos += 8 + len;
  }
  el.fragments = frags;
  return pos;
}

/**
 * Parses a DICOM file's bytes. With `partial`, the bytes are the start of a longer file and
 * NeedMoreBytes is thrown when they end before the pixel data.
 */
export function parseDicom(
  bytes: Uint8Array,
  options: { file: string; partial?: boolean; stopAtPixelData?: boolean },
): ParsedDicom {
  const file = options.file;
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = 0;
  let noPreamble = false;
  const magicAt = (o: number) =>
    bytes.length >= o + 4 &&
    bytes[o] === 0x44 &&
    bytes[o + 1] === 0x49 &&
    bytes[o + 2] === 0x43 &&
    bytes[o + 3] === 0x4d;
  if (magicAt(128)) pos = 132;
  else if (magicAt(0)) pos = 4;
  else noPreamble = true;
  if (bytes.length < pos + 8) {
    if (options.partial) throw new NeedMoreBytes();
    throw new InputError('not a DICOM file (too short)', { file });
  }
  const ctx: Ctx = {
    bytes,
    dv,
    file,
    partial: options.partial === true,
    stopAtPixelData: options.stopAtPixelData === true,
  };
  // file meta information: group 0002, always explicit VR little endian
  const meta: DicomDataset = { bytes, littleEndian: true, elements: new Map() };
  let metaEnd = pos;
  while (metaEnd + 8 <= bytes.length && dv.getUint16(metaEnd, true) === 0x0002) {
    const next = parseElements(ctx, meta, { start: metaEnd, end: metaEnd + 1, explicit: true, depth: 0 });
    if (next <= metaEnd) break;
    metaEnd = next;
  }
  let ts = meta.elements.has(TAG.TransferSyntaxUID) ? stringValue(meta, TAG.TransferSyntaxUID) : '';
  if (!ts) {
    // no meta: sniff explicit vs implicit from the first element
    const g = dv.getUint16(metaEnd, true);
    if (
      noPreamble &&
      !(g === 0x0008 || g === 0x0010 || g === 0x0018 || g === 0x0020 || g === 0x0028 || g < 0x0030)
    ) {
      throw new InputError('not a DICOM file (no DICM prefix and no DICOM element at the start)', { file });
    }
    ts = isVrChars(bytes[metaEnd + 4], bytes[metaEnd + 5])
      ? TRANSFER_SYNTAX.ExplicitLE
      : TRANSFER_SYNTAX.ImplicitLE;
  }
  let dsBytes = bytes;
  let start = metaEnd;
  let inflated = false;
  if (ts === TRANSFER_SYNTAX.DeflatedLE) {
    if (options.partial) throw new NeedMoreBytes();
    try {
      dsBytes = inflateSync(bytes.subarray(metaEnd));
    } catch (e) {
      throw new InputError(`deflated dataset cannot be inflated (${e instanceof Error ? e.message : e})`, {
        file,
      });
    }
    start = 0;
    inflated = true;
  }
  const le = ts !== TRANSFER_SYNTAX.ExplicitBE;
  const explicit = ts !== TRANSFER_SYNTAX.ImplicitLE;
  const dctx: Ctx = inflated
    ? { ...ctx, bytes: dsBytes, dv: new DataView(dsBytes.buffer, dsBytes.byteOffset, dsBytes.byteLength) }
    : ctx;
  const dataset: DicomDataset = { bytes: dsBytes, littleEndian: le, elements: new Map() };
  for (const [t, e] of meta.elements) if (!inflated) dataset.elements.set(t, e);
  parseElements(dctx, dataset, { start, end: Infinity, explicit, depth: 0 });
  if (noPreamble && dataset.elements.size === 0) throw new InputError('not a DICOM file', { file });
  return { dataset, transferSyntax: ts, noPreamble, inflated };
}

// ---- value access -------------------------------------------------------------------------

const latin1 = new TextDecoder('latin1');

/** A string value with trailing spaces and NULs removed ('' when absent). */
export function stringValue(ds: DicomDataset, tag: number): string {
  const el = ds.elements.get(tag);
  if (!el || el.length === UNDEFINED_LENGTH || el.length === 0) return '';
  return latin1
    .decode(ds.bytes.subarray(el.offset, el.offset + el.length))
    .replace(/[\0 ]+$/, '')
    .replace(/^ +/, '');
}

/** Numbers of a DS/IS (backslash-separated text) or binary US/SS/UL/FL/FD value. */
export function numberValues(ds: DicomDataset, tag: number): number[] {
  const el = ds.elements.get(tag);
  if (!el || el.length === 0 || el.length === UNDEFINED_LENGTH) return [];
  const dv = new DataView(ds.bytes.buffer, ds.bytes.byteOffset + el.offset, el.length);
  const le = ds.littleEndian;
  switch (el.vr) {
    case 'US':
      return Array.from({ length: el.length >> 1 }, (_, i) => dv.getUint16(2 * i, le));
    case 'SS':
      return Array.from({ length: el.length >> 1 }, (_, i) => dv.getInt16(2 * i, le));
    case 'UL':
      return Array.from({ length: el.length >> 2 }, (_, i) => dv.getUint32(4 * i, le));
    case 'SL':
      return Array.from({ length: el.length >> 2 }, (_, i) => dv.getInt32(4 * i, le));
    case 'FL':
      return Array.from({ length: el.length >> 2 }, (_, i) => dv.getFloat32(4 * i, le));
    case 'FD':
      return Array.from({ length: el.length >> 3 }, (_, i) => dv.getFloat64(8 * i, le));
    default: {
      const s = stringValue(ds, tag);
      if (!s) return [];
      return s.split('\\').map((p) => Number(p.trim()));
    }
  }
}

/** An unsigned short attribute (US) also in implicit VR, where the VR is unknown. */
export function uint16Value(ds: DicomDataset, tag: number): number | undefined {
  const el = ds.elements.get(tag);
  if (!el || el.length < 2 || el.length === UNDEFINED_LENGTH) return undefined;
  if (el.vr === 'US' || el.vr === 'UN' || el.vr === 'OW' || el.vr === 'SS') {
    return new DataView(ds.bytes.buffer, ds.bytes.byteOffset + el.offset, 2).getUint16(0, ds.littleEndian);
  }
  const n = numberValues(ds, tag);
  return n.length ? n[0] : undefined;
}

/** First item of a sequence, if any. */
export function firstItem(ds: DicomDataset | undefined, tag: number): DicomDataset | undefined {
  return ds?.elements.get(tag)?.items?.[0];
}
