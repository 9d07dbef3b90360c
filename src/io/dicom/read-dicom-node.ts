/**
 * Reading a DICOM folder or file into one Volume. Headers first (to group, choose and order),
 * then pixel data read straight into the output array at each frame's place; compressed
 * frames go through GDCM. Uneven spacing and gantry tilt are resampled with a warning.
 */
import { statSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { InputError } from '../../core/errors.js';
import type { ProgressFn } from '../../core/progress.js';
import { makeVolume, type TypedArray } from '../../core/volume.js';
import { DEFAULT_MAX_VOXELS, type ReadImageOptions, type ReadImageResult } from '../image-types.js';
import type { DicomObjectInfo } from './frame-info.js';
import { fitsInt16InPlace, rescaleFrameToInt16, rescaleFrames, swapBytes } from './pixels.js';
import { readDicomHeader, scanDicomFolder } from './scan-node.js';
import {
  chooseSeries,
  groupSeries,
  seriesGeometry,
  summarize,
  type DicomFrame,
  type SliceSource,
} from './series.js';
import { isNativeSyntax, transferSyntaxName } from './tags.js';
import { decodeCompressedFile } from './decode-node.js';
import { resliceStack } from './reslice.js';

/** Reads a DICOM folder (the CT series with the most slices, or options.seriesUid) or one file. */
export async function readDicom(path: string, options: ReadImageOptions = {}): Promise<ReadImageResult> {
  const progress: ProgressFn = options.onProgress ?? (() => {});
  let objects: DicomObjectInfo[];
  let skipped: number | undefined;
  const warnings: string[] = [];
  const isDir = statSync(path).isDirectory();
  if (isDir) {
    const scan = scanDicomFolder(path, (f, m) => progress(0.3 * f, m));
    objects = scan.objects;
    skipped = scan.skipped;
    warnings.push(...scan.warnings);
  } else {
    objects = [readDicomHeader(path)];
  }
  const all = groupSeries(objects);
  const series = chooseSeries(all, path, options.seriesUid);
  const geo = seriesGeometry(series);
  warnings.push(...geo.warnings);
  if (series.modality !== 'CT') {
    warnings.push(`modality is ${series.modality}, not CT: HU-based processing will not be meaningful`);
  }
  if (isDir && all.length > 1) {
    warnings.push(
      `${all.length} series in the folder; read ${series.uid || '(no UID)'} (${series.frames.length} slices); --series picks another`,
    );
  }
  const first = geo.source.frames[0].object;
  if (first.samplesPerPixel !== 1) {
    throw new InputError(`colour images (${first.samplesPerPixel} samples per pixel) are not supported`, {
      file: first.path,
    });
  }
  const nPix = first.rows * first.columns;
  const nVox = nPix * geo.grid.dims[2];
  const maxVoxels = options.maxVoxels ?? DEFAULT_MAX_VOXELS;
  if (nVox > maxVoxels || geo.source.frames.length * nPix > maxVoxels) {
    throw new InputError(
      `${first.columns} x ${first.rows} x ${geo.grid.dims[2]} voxels is more than the limit`,
      { file: path },
      'TOO_LARGE',
    );
  }
  const stack = await readFrames(geo.source.frames, nPix, (f) =>
    progress(0.3 + 0.65 * f, 'reading pixel data'),
  );
  const data = geo.source.regular
    ? stack
    : resliceStack(stack, {
        nPix,
        columns: first.columns,
        rows: first.rows,
        source: geo.source as Required<SliceSource>,
      });
  progress(1, 'done');
  const syntaxes = [...new Set(series.objects.map((o) => transferSyntaxName(o.transferSyntax)))];
  return {
    volume: makeVolume(geo.grid, data),
    info: {
      format: 'dicom',
      modality: series.modality,
      description: series.description || undefined,
      series: summarize(all, series),
      skippedFiles: skipped,
      transferSyntaxes: syntaxes,
      warnings,
    },
  };
}

/** Reads the sorted frames into one stack of rescaled values. */
async function readFrames(
  frames: DicomFrame[],
  nPix: number,
  progress: (f: number) => void,
): Promise<TypedArray> {
  const native = frames.every((f) => isNativeSyntax(f.object.transferSyntax) && !f.object.encapsulated);
  return native ? readNativeFrames(frames, nPix, progress) : readCompressedFrames(frames, nPix, progress);
}

/**
 * Native frames straight into one buffer: files are read concurrently (the kernel's page-cache
 * copy is most of the time, and it runs on both cores this way), each slice rescaled in place
 * while it is in cache when the result fits Int16 (the common CT case).
 */
async function readNativeFrames(
  frames: DicomFrame[],
  nPix: number,
  progress: (f: number) => void,
): Promise<TypedArray> {
  const o0 = frames[0].object;
  const ba = o0.bitsAllocated;
  if (ba !== 8 && ba !== 16 && ba !== 32) {
    throw new InputError(`BitsAllocated ${ba} is not supported (8, 16 or 32)`, {
      file: o0.path,
      tag: '(0028,0100) BitsAllocated',
    });
  }
  const bytesPerFrame = nPix * (ba / 8);
  const format = {
    bitsAllocated: ba,
    bitsStored: o0.bitsStored,
    signed: o0.pixelRepresentation === 1,
    bigEndian: false,
  };
  const byFile = new Map<string, number[]>();
  frames.forEach(({ object: o }, s) => {
    if (
      o.bitsAllocated !== ba ||
      o.pixelRepresentation !== o0.pixelRepresentation ||
      o.bitsStored !== o0.bitsStored
    ) {
      throw new InputError('pixel format differs from the other slices of the series', {
        file: o.path,
        tag: '(0028,0100) BitsAllocated',
      });
    }
    const pd = o.pixelData as { offset: number; length: number };
    const need = o.frames * bytesPerFrame;
    if (pd.length < need) {
      throw new InputError(
        `pixel data has ${pd.length} bytes, Rows x Columns x Frames (${o.rows} x ${o.columns} x ${o.frames}) at ${ba} bits needs ${need}`,
        { file: o.path, tag: '(7FE0,0010) PixelData' },
      );
    }
    const list = byFile.get(o.path) ?? [];
    list.push(s);
    byFile.set(o.path, list);
  });
  const raw = new Uint8Array(frames.length * bytesPerFrame);
  const inLoop = ba === 16 && frames.every((f) => fitsInt16InPlace(format, f.object.rescale[f.frame]));
  const tasks = [...byFile.values()];
  let next = 0;
  let done = 0;
  const readTask = async (slices: number[]): Promise<void> => {
    const o = frames[slices[0]].object;
    const fh = o.inflatedBytes ? null : await open(o.path, 'r');
    try {
      for (const s of slices) {
        const { frame } = frames[s];
        const dst = raw.subarray(s * bytesPerFrame, (s + 1) * bytesPerFrame);
        const at = (o.pixelData as { offset: number }).offset + frame * bytesPerFrame;
        if (o.inflatedBytes) {
          if (at + bytesPerFrame > o.inflatedBytes.length)
            throw new InputError('file is truncated (pixel data)', { file: o.path });
          dst.set(o.inflatedBytes.subarray(at, at + bytesPerFrame));
        } else {
          const { bytesRead } = await (fh as FileHandle).read(dst, 0, bytesPerFrame, at);
          if (bytesRead < bytesPerFrame) {
            throw new InputError(
              `file is truncated: pixel data ends after ${bytesRead} of ${bytesPerFrame} bytes of frame ${frame + 1}`,
              { file: o.path, tag: '(7FE0,0010) PixelData' },
            );
          }
        }
        if (o.bigEndian && ba > 8) swapBytes(dst, ba / 8);
        if (inLoop) rescaleFrameToInt16(dst, { format, rescale: o.rescale[frame] });
      }
    } finally {
      await fh?.close();
    }
    done += slices.length;
    progress(done / frames.length);
  };
  const lane = async (): Promise<void> => {
    while (next < tasks.length) await readTask(tasks[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(8, tasks.length) }, lane));
  if (inLoop) return new Int16Array(raw.buffer, raw.byteOffset, frames.length * nPix);
  const rescale = frames.map((f) => f.object.rescale[f.frame]);
  return rescaleFrames(raw, { format, rescale, nPix });
}

async function readCompressedFrames(
  frames: DicomFrame[],
  nPix: number,
  progress: (f: number) => void,
): Promise<TypedArray> {
  // decode each object once, then place its frames
  const byObject = new Map<DicomObjectInfo, number[]>();
  frames.forEach((f, s) => {
    const list = byObject.get(f.object) ?? [];
    list[f.frame] = s;
    byObject.set(f.object, list);
  });
  let out: TypedArray = new Int16Array(frames.length * nPix);
  let done = 0;
  for (const [o, slots] of byObject) {
    let data: TypedArray;
    if (isNativeSyntax(o.transferSyntax) && !o.encapsulated) {
      data = await readNativeFrames(
        Array.from({ length: o.frames }, (_, f) => ({
          object: o,
          frame: f,
          position: null,
          orientation: null,
        })),
        nPix,
        () => {},
      );
    } else {
      data = (await decodeCompressedFile(o.path, { rows: o.rows, columns: o.columns, frames: o.frames }))
        .data;
    }
    if (out instanceof Int16Array && !fitsInt16(data)) out = Float32Array.from(out);
    slots.forEach((s, f) => {
      if (s !== undefined) out.set(data.subarray(f * nPix, (f + 1) * nPix) as never, s * nPix);
    });
    done += slots.length;
    progress(done / frames.length);
  }
  return out;
}

function fitsInt16(a: TypedArray): boolean {
  if (a instanceof Int16Array || a instanceof Int8Array || a instanceof Uint8Array) return true;
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (v < -32768 || v > 32767 || !Number.isInteger(v)) return false;
  }
  return true;
}
