/**
 * Writing a volume as DICOM CT images: one file per slice (CT Image Storage) or one Enhanced
 * CT multi-frame file. Used by tests and benchmarks to make series with known content, in any
 * uncompressed transfer syntax, with shuffled file names and chosen quirks.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { randomBytes } from 'node:crypto';
import { transformIndexToWorld } from '../../core/geometry.js';
import { column } from '../../core/vec.js';
import type { Volume } from '../../core/volume.js';
import { TRANSFER_SYNTAX } from './tags.js';

const CT_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.2';
const ENHANCED_CT_STORAGE = '1.2.840.10008.5.1.4.1.1.2.1';

export type WritableSyntax = 'implicit-le' | 'explicit-le' | 'explicit-be' | 'deflated';

const SYNTAX_UID: Record<WritableSyntax, string> = {
  'implicit-le': TRANSFER_SYNTAX.ImplicitLE,
  'explicit-le': TRANSFER_SYNTAX.ExplicitLE,
  'explicit-be': TRANSFER_SYNTAX.ExplicitBE,
  deflated: TRANSFER_SYNTAX.DeflatedLE,
};

export interface WriteDicomOptions {
  syntax?: WritableSyntax;
  /** Random file names instead of slice numbers. */
  shuffleNames?: boolean;
  /** Stored = (HU - intercept) / slope; default slope 1, intercept -1024, unsigned 12-bit. */
  rescale?: { slope: number; intercept: number };
  signed?: boolean;
  bitsStored?: number;
  modality?: string;
  seriesUid?: string;
  seriesDescription?: string;
  /** Quirks: no preamble and DICM prefix; leave ImagePositionPatient out; add bytes after the pixel data. */
  noPreamble?: boolean;
  omitPosition?: boolean;
  trailingPadding?: number;
  /** Use undefined-length sequence encoding (Enhanced CT). */
  undefinedLengthSequences?: boolean;
}

export function newUid(): string {
  const n = BigInt('0x' + randomBytes(12).toString('hex'));
  return `2.25.${n.toString()}`;
}

type Value = { vr: string; bytes: Uint8Array } | { vr: 'SQ'; items: Element[][] };
interface Element {
  tag: number;
  value: Value;
}

const enc = new TextEncoder();

function str(vr: string, s: string): Value {
  let b = enc.encode(s);
  if (b.length % 2) {
    const p = new Uint8Array(b.length + 1);
    p.set(b);
    p[b.length] = vr === 'UI' ? 0 : 0x20;
    b = p;
  }
  return { vr, bytes: b };
}
const ds = (nums: number[]) => str('DS', nums.map((v) => Number(v.toPrecision(12)).toString()).join('\\'));
function us(v: number, le: boolean): Value {
  const b = new Uint8Array(2);
  new DataView(b.buffer).setUint16(0, v, le);
  return { vr: 'US', bytes: b };
}

const LONG = new Set(['OB', 'OW', 'SQ', 'UN', 'UT', 'UC', 'UR', 'OF', 'OD', 'OL']);

function encodeElements(
  elements: Element[],
  o: { explicit: boolean; le: boolean; undefinedSq: boolean },
): Uint8Array[] {
  const out: Uint8Array[] = [];
  const sorted = [...elements].sort((a, b) => a.tag - b.tag);
  for (const el of sorted) {
    const head = new Uint8Array(12);
    const dv = new DataView(head.buffer);
    dv.setUint16(0, el.tag >>> 16, o.le);
    dv.setUint16(2, el.tag & 0xffff, o.le);
    let body: Uint8Array[];
    if ('items' in el.value) {
      body = [];
      for (const item of el.value.items) {
        const inner = encodeElements(item, o);
        const len = inner.reduce((s, b) => s + b.length, 0);
        const ih = new Uint8Array(8);
        const idv = new DataView(ih.buffer);
        idv.setUint16(0, 0xfffe, o.le);
        idv.setUint16(2, 0xe000, o.le);
        idv.setUint32(4, o.undefinedSq ? 0xffffffff : len, o.le);
        body.push(ih, ...inner);
        if (o.undefinedSq) body.push(delim(0xe00d, o.le));
      }
      if (o.undefinedSq) body.push(delim(0xe0dd, o.le));
    } else {
      body = [el.value.bytes];
    }
    const len = o.undefinedSq && el.value.vr === 'SQ' ? 0xffffffff : body.reduce((s, b) => s + b.length, 0);
    const vr = el.value.vr;
    if (o.explicit) {
      head[4] = vr.charCodeAt(0);
      head[5] = vr.charCodeAt(1);
      if (LONG.has(vr)) {
        dv.setUint32(8, len, o.le);
        out.push(head);
      } else {
        dv.setUint16(6, len, o.le);
        out.push(head.subarray(0, 8));
      }
    } else {
      dv.setUint32(4, len, o.le);
      out.push(head.subarray(0, 8));
    }
    out.push(...body);
  }
  return out;
}

function delim(elem: number, le: boolean): Uint8Array {
  const b = new Uint8Array(8);
  const dv = new DataView(b.buffer);
  dv.setUint16(0, 0xfffe, le);
  dv.setUint16(2, elem, le);
  return b;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function fileBytes(
  dataset: Element[],
  meta: { sopClass: string; sopInstance: string },
  opts: WriteDicomOptions,
): Uint8Array {
  const syntax = opts.syntax ?? 'explicit-le';
  const tsUid = SYNTAX_UID[syntax];
  const metaEls: Element[] = [
    { tag: 0x00020001, value: { vr: 'OB', bytes: new Uint8Array([0, 1]) } },
    { tag: 0x00020002, value: str('UI', meta.sopClass) },
    { tag: 0x00020003, value: str('UI', meta.sopInstance) },
    { tag: 0x00020010, value: str('UI', tsUid) },
    { tag: 0x00020012, value: str('UI', '2.25.1234567') },
  ];
  const metaBody = concat(encodeElements(metaEls, { explicit: true, le: true, undefinedSq: false }));
  const glBytes = new Uint8Array(4);
  new DataView(glBytes.buffer).setUint32(0, metaBody.length, true);
  const groupLength = concat(
    encodeElements([{ tag: 0x00020000, value: { vr: 'UL', bytes: glBytes } }], {
      explicit: true,
      le: true,
      undefinedSq: false,
    }),
  );
  const le = syntax !== 'explicit-be';
  let body = concat(
    encodeElements(dataset, {
      explicit: syntax !== 'implicit-le',
      le,
      undefinedSq: opts.undefinedLengthSequences === true,
    }),
  );
  if (syntax === 'deflated') body = deflateRawSync(body);
  const preamble = opts.noPreamble ? [] : [new Uint8Array(128), enc.encode('DICM')];
  const parts = opts.noPreamble ? [body] : [...preamble, groupLength, metaBody, body];
  if (opts.trailingPadding) parts.push(new Uint8Array(opts.trailingPadding));
  return concat(parts);
}

/** Stored pixel words of one slice (k) or all slices, with the byte order of the syntax. */
function pixelBytes(
  vol: Volume<Int16Array | Float32Array>,
  ks: number[],
  opts: WriteDicomOptions,
): Uint8Array {
  const { slope, intercept } = opts.rescale ?? { slope: 1, intercept: -1024 };
  const le = opts.syntax !== 'explicit-be';
  const n = vol.dims[0] * vol.dims[1];
  const out = new Uint8Array(ks.length * n * 2);
  const dv = new DataView(out.buffer);
  let o = 0;
  for (const k of ks) {
    for (let p = 0; p < n; p++, o += 2) {
      const stored = Math.round((vol.data[k * n + p] - intercept) / slope);
      if (opts.signed) dv.setInt16(o, stored, le);
      else dv.setUint16(o, Math.max(0, stored), le);
    }
  }
  return out;
}

function commonElements(
  vol: Volume<Int16Array | Float32Array>,
  ctx: { ids: { study: string; series: string; frame: string }; opts: WriteDicomOptions; le: boolean },
): Element[] {
  const { ids, opts, le } = ctx;
  const row = column(vol.direction, 0);
  const col = column(vol.direction, 1);
  const bits = opts.bitsStored ?? (opts.signed ? 16 : 12);
  return [
    { tag: 0x00080060, value: str('CS', opts.modality ?? 'CT') },
    { tag: 0x0008103e, value: str('LO', opts.seriesDescription ?? 'SacroGuide test series') },
    { tag: 0x00100010, value: str('PN', 'Phantom^Test') },
    { tag: 0x00100020, value: str('LO', 'PHANTOM') },
    { tag: 0x0020000d, value: str('UI', ids.study) },
    { tag: 0x0020000e, value: str('UI', ids.series) },
    { tag: 0x00200011, value: str('IS', '1') },
    { tag: 0x00200052, value: str('UI', ids.frame) },
    { tag: 0x00200037, value: ds([...row, ...col]) },
    { tag: 0x00280002, value: us(1, le) },
    { tag: 0x00280004, value: str('CS', 'MONOCHROME2') },
    { tag: 0x00280010, value: us(vol.dims[1], le) },
    { tag: 0x00280011, value: us(vol.dims[0], le) },
    { tag: 0x00280030, value: ds([vol.spacingMm[1], vol.spacingMm[0]]) },
    { tag: 0x00280100, value: us(16, le) },
    { tag: 0x00280101, value: us(bits, le) },
    { tag: 0x00280102, value: us(bits - 1, le) },
    { tag: 0x00280103, value: us(opts.signed ? 1 : 0, le) },
  ];
}

/** Writes one CT image file per slice k into `dir`; returns the file paths (slice order). */
export async function writeDicomSeries(
  dir: string,
  vol: Volume<Int16Array | Float32Array>,
  opts: WriteDicomOptions = {},
): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const ids = { study: newUid(), series: opts.seriesUid ?? newUid(), frame: newUid() };
  const le = opts.syntax !== 'explicit-be';
  const { slope, intercept } = opts.rescale ?? { slope: 1, intercept: -1024 };
  const paths: string[] = [];
  for (let k = 0; k < vol.dims[2]; k++) {
    const sop = newUid();
    const pos = transformIndexToWorld(vol, [0, 0, k]);
    const els: Element[] = [
      ...commonElements(vol, { ids, opts, le }),
      { tag: 0x00080008, value: str('CS', 'ORIGINAL\\PRIMARY\\AXIAL') },
      { tag: 0x00080016, value: str('UI', CT_IMAGE_STORAGE) },
      { tag: 0x00080018, value: str('UI', sop) },
      { tag: 0x00180050, value: ds([vol.spacingMm[2]]) },
      // InstanceNumber deliberately reversed: readers must order by position
      { tag: 0x00200013, value: str('IS', String(vol.dims[2] - k)) },
      { tag: 0x00281052, value: ds([intercept]) },
      { tag: 0x00281053, value: ds([slope]) },
      { tag: 0x7fe00010, value: { vr: 'OW', bytes: pixelBytes(vol, [k], opts) } },
    ];
    if (!opts.omitPosition) els.push({ tag: 0x00200032, value: ds([...pos]) });
    const name = opts.shuffleNames
      ? randomBytes(6).toString('hex')
      : `slice${String(k).padStart(4, '0')}.dcm`;
    const path = join(dir, name);
    await writeFile(path, fileBytes(els, { sopClass: CT_IMAGE_STORAGE, sopInstance: sop }, opts));
    paths.push(path);
  }
  return paths;
}

/** Writes the volume as one Enhanced CT multi-frame file (geometry in functional groups). */
export async function writeEnhancedCt(
  path: string,
  vol: Volume<Int16Array | Float32Array>,
  opts: WriteDicomOptions = {},
): Promise<void> {
  const ids = { study: newUid(), series: opts.seriesUid ?? newUid(), frame: newUid() };
  const le = opts.syntax !== 'explicit-be';
  const { slope, intercept } = opts.rescale ?? { slope: 1, intercept: -1024 };
  const sop = newUid();
  const common = commonElements(vol, { ids, opts, le }).filter(
    (e) => e.tag !== 0x00200037 && e.tag !== 0x00280030,
  );
  const row = column(vol.direction, 0);
  const col = column(vol.direction, 1);
  const shared: Element[] = [
    {
      tag: 0x00289110,
      value: {
        vr: 'SQ',
        items: [
          [
            { tag: 0x00280030, value: ds([vol.spacingMm[1], vol.spacingMm[0]]) },
            { tag: 0x00180050, value: ds([vol.spacingMm[2]]) },
          ],
        ],
      },
    },
    { tag: 0x00209116, value: { vr: 'SQ', items: [[{ tag: 0x00200037, value: ds([...row, ...col]) }]] } },
    {
      tag: 0x00289145,
      value: {
        vr: 'SQ',
        items: [
          [
            { tag: 0x00281052, value: ds([intercept]) },
            { tag: 0x00281053, value: ds([slope]) },
          ],
        ],
      },
    },
  ];
  // frames deliberately in reverse order of position
  const ks = Array.from({ length: vol.dims[2] }, (_, i) => vol.dims[2] - 1 - i);
  const perFrame: Element[][] = ks.map((k) => [
    {
      tag: 0x00209113,
      value: {
        vr: 'SQ',
        items: [[{ tag: 0x00200032, value: ds([...transformIndexToWorld(vol, [0, 0, k])]) }]],
      },
    },
  ]);
  const els: Element[] = [
    ...common,
    { tag: 0x00080008, value: str('CS', 'ORIGINAL\\PRIMARY\\AXIAL\\NONE') },
    { tag: 0x00080016, value: str('UI', ENHANCED_CT_STORAGE) },
    { tag: 0x00080018, value: str('UI', sop) },
    { tag: 0x00280008, value: str('IS', String(vol.dims[2])) },
    { tag: 0x52009229, value: { vr: 'SQ', items: [shared] } },
    { tag: 0x52009230, value: { vr: 'SQ', items: perFrame } },
    { tag: 0x7fe00010, value: { vr: 'OW', bytes: pixelBytes(vol, ks, opts) } },
  ];
  await writeFile(path, fileBytes(els, { sopClass: ENHANCED_CT_STORAGE, sopInstance: sop }, opts));
}
