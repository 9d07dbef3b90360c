/**
 * Compressed pixel data (JPEG baseline/extended/lossless, JPEG-LS, JPEG 2000, RLE) decoded by
 * GDCM through @itk-wasm/image-io (module loaded once, see gdcm-pipeline-node.ts), from the wasm
 * files inside node_modules (no network).
 * GDCM returns rescaled values (slope/intercept applied).
 */
import { InputError } from '../../core/errors.js';
import type { TypedArray } from '../../core/volume.js';
import { gdcmReadImageCached } from './gdcm-pipeline-node.js';

export interface DecodedFrames {
  /** Frame after frame, columns fastest. */
  data: TypedArray;
  frames: number;
}

/** Decodes every frame of one compressed DICOM file. */
export async function decodeCompressedFile(
  path: string,
  expected: { rows: number; columns: number; frames: number },
): Promise<DecodedFrames> {
  let result;
  try {
    result = await gdcmReadImageCached(path);
  } catch (e) {
    throw new InputError(
      `pixel data cannot be decoded (${e instanceof Error ? e.message.split('\n')[0] : e})`,
      { file: path },
    );
  }
  const image = result.image;
  if (!result.couldRead || !image || !image.data) {
    throw new InputError('pixel data cannot be decoded', { file: path });
  }
  if (image.imageType.components !== 1) {
    throw new InputError(
      `colour images (${image.imageType.components} samples per pixel) are not supported`,
      { file: path },
    );
  }
  const [w, h] = image.size;
  const frames = image.size.length > 2 ? image.size[2] : 1;
  if (w !== expected.columns || h !== expected.rows || frames !== expected.frames) {
    throw new InputError(
      `decoded pixel data is ${w}x${h}x${frames}, the header says ${expected.columns}x${expected.rows}x${expected.frames}`,
      { file: path },
    );
  }
  return { data: image.data as TypedArray, frames };
}
