/**
 * Study uploads: the request body goes to a temporary folder under the data folder (streamed,
 * counted against the size limit: 413 beyond it), is read like any image input (readImage:
 * NIfTI/NRRD/MHA, a DICOM folder), and becomes a study. The temporary folder is removed in
 * every case. Errors name what the user sent (the file name or "uploaded folder"), never the
 * temporary path.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import { InputError, isInputError } from '../core/errors.js';
import { dataRange } from '../core/volume.js';
import { readImage } from '../io/read-image-node.js';
import type { ImageVolume, ReadImageResult } from '../io/image-types.js';
import type { StudyRecord, StudyStore } from './study-store-node.js';

const SINGLE_FILE = /\.(nii|nii\.gz|nrrd|nhdr|mha|mhd)$/i;

interface Received {
  /** Path to read: the single image file, or the folder of DICOM files. */
  path: string;
  /** The user's name for it, used in messages and as the default study name. */
  shownName: string;
  /** Temporary file name -> the name the user sent. */
  names: Map<string, string>;
}

export async function importUpload(
  request: FastifyRequest,
  context: { studies: StudyStore; limitBytes: number; tmpRoot: string },
): Promise<StudyRecord> {
  const declared = Number(request.headers['content-length'] ?? NaN);
  if (declared > context.limitBytes) throw tooLarge(context.limitBytes);
  const tmp = join(context.tmpRoot, `upload-${randomBytes(6).toString('hex')}`);
  await mkdir(tmp, { recursive: true });
  try {
    const fields: Record<string, string> = {};
    const received = request.isMultipart()
      ? await receiveMultipart(request, { tmp, limitBytes: context.limitBytes, fields })
      : await receiveBody(request, { tmp, limitBytes: context.limitBytes });
    let result: ReadImageResult;
    try {
      result = await readImage(received.path);
    } catch (e) {
      throw userFacing(e, received);
    }
    const query = request.query as { name?: unknown };
    const given = (typeof query.name === 'string' && query.name.trim()) || fields.name?.trim();
    const name = given ? withoutImageExtension(given) : studyName(received, result);
    return await context.studies.add(result.volume, {
      name: name.slice(0, 200),
      modality: modalityOf(result),
    });
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/** An octet-stream body: one image file. */
async function receiveBody(
  request: FastifyRequest,
  options: { tmp: string; limitBytes: number },
): Promise<Received> {
  const query = request.query as { name?: unknown };
  const given = typeof query.name === 'string' && query.name.trim() ? query.name.trim() : 'uploaded file';
  // the file's own extension, so that the reader (and its error) takes it for what the user says it is
  const extension = SINGLE_FILE.exec(given)?.[0].toLowerCase() ?? '.bin';
  const path = join(options.tmp, `upload${extension}`);
  const written = await saveStream(request.body as Readable, { path, limitBytes: options.limitBytes });
  if (written === 0) throw new InputError('the upload is empty: send the image file as the request body');
  return { path, shownName: given, names: new Map([[path, given]]) };
}

/** multipart/form-data: the files of a DICOM folder, or one image file; a `name` field is allowed. */
async function receiveMultipart(
  request: FastifyRequest,
  options: { tmp: string; limitBytes: number; fields: Record<string, string> },
): Promise<Received> {
  const dir = join(options.tmp, 'files');
  await mkdir(dir);
  const names = new Map<string, string>();
  let total = 0;
  let count = 0;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'field') {
        if (typeof part.value === 'string') options.fields[part.fieldname] = part.value;
        continue;
      }
      const original = part.filename || `file ${count + 1}`;
      const safe = basename(original.replace(/\\/g, '/'))
        .replace(/[^A-Za-z0-9._-]/g, '_')
        .slice(-80);
      const path = join(dir, `${String(count).padStart(6, '0')}-${safe}`);
      total += await saveStream(part.file, { path, limitBytes: options.limitBytes - total });
      if (part.file.truncated) throw tooLarge(options.limitBytes);
      names.set(path, original);
      count++;
    }
  } catch (e) {
    const status = (e as { statusCode?: number }).statusCode;
    if (status === 413) throw tooLarge(options.limitBytes);
    if (isInputError(e)) throw e;
    throw new InputError(`the multipart upload is malformed (${(e as Error).message})`);
  }
  if (count === 0)
    throw new InputError('the upload holds no files: send the files of a DICOM folder or one image');
  if (count === 1) {
    // one file: an image file, or one DICOM file (a single slice or a multi-frame object)
    const [path, original] = [...names.entries()][0];
    return { path, shownName: original, names };
  }
  const first = [...names.values()][0];
  const folder = first.includes('/') ? first.split('/')[0] : 'uploaded folder';
  return { path: dir, shownName: folder, names };
}

/** Copies a stream to `path`, failing with 413 past `limitBytes`; returns the bytes written. */
async function saveStream(stream: Readable, options: { path: string; limitBytes: number }): Promise<number> {
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      if (bytes > options.limitBytes) done(new InputError('too large', {}, 'TOO_LARGE'));
      else done(null, chunk);
    },
  });
  try {
    await pipeline(stream, counter, createWriteStream(options.path));
  } catch (e) {
    if (isInputError(e) && e.code === 'TOO_LARGE') {
      stream.resume(); // drain, so the client receives the answer
      throw e;
    }
    throw new InputError(`the upload was interrupted (${(e as Error).message})`);
  }
  return bytes;
}

function tooLarge(limitBytes: number): InputError {
  const mb = limitBytes / (1024 * 1024);
  return new InputError(
    `the upload is larger than the ${mb >= 10 ? Math.round(mb) : mb.toFixed(1)} MB limit (SACROGUIDE_UPLOAD_LIMIT_MB)`,
    {},
    'TOO_LARGE',
  );
}

/** The reader's error, naming the user's file instead of the temporary one. */
function userFacing(e: unknown, received: Received): InputError {
  const message = e instanceof Error ? e.message : String(e);
  if (!isInputError(e)) return new InputError(`${received.shownName}: cannot read the image (${message})`);
  const file = e.where.file;
  const shown = (file && received.names.get(file)) ?? received.shownName;
  const code = e.code === 'NOT_FOUND' ? 'BAD_INPUT' : e.code;
  const text = message.includes(file ?? '\0') ? message.split(file as string).join(shown) : message;
  return new InputError(text, { ...e.where, file: shown }, code);
}

function studyName(received: Received, result: ReadImageResult): string {
  const d = result.info.description?.trim();
  if (d) return d;
  return withoutImageExtension(received.shownName) || 'Uploaded study';
}

function withoutImageExtension(name: string): string {
  return name.replace(/\.(nii\.gz|nii|nrrd|nhdr|mha|mhd)$/i, '');
}

/**
 * DICOM says its modality; NIfTI, NRRD and MetaImage do not, and an image whose values reach
 * air in Hounsfield units (-1000) and bone (>= 300) is taken as CT.
 */
function modalityOf(result: ReadImageResult): string {
  if (result.info.modality !== 'unknown') return result.info.modality;
  return looksLikeCt(result.volume) ? 'CT' : 'unknown';
}

function looksLikeCt(volume: ImageVolume): boolean {
  const [lo, hi] = dataRange(volume.data);
  return lo <= -900 && lo >= -3100 && hi >= 300;
}
