/**
 * Finding DICOM objects on disk: a folder is walked recursively (any file names, nested
 * folders); each file's header is read from its first bytes only, up to the pixel data.
 */
import { closeSync, openSync, readSync, readdirSync, statSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../core/errors.js';
import type { ProgressFn } from '../../core/progress.js';
import { NeedMoreBytes, parseDicom } from './parse.js';
import { dicomObjectInfo, type DicomObjectInfo } from './frame-info.js';

const HEAD_BYTES = 32 * 1024;

/** Reads and describes one DICOM file; InputError when it is not a readable DICOM image. */
export function readDicomHeader(path: string): DicomObjectInfo {
  const fd = openSync(path, 'r');
  let head: Uint8Array;
  let size: number;
  try {
    size = statSync(path).size;
    head = new Uint8Array(Math.min(size, HEAD_BYTES));
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  try {
    return dicomObjectInfo(
      parseDicom(head, { file: path, partial: head.length < size, stopAtPixelData: true }),
      path,
    );
  } catch (e) {
    if (!(e instanceof NeedMoreBytes)) throw e;
  }
  const whole = new Uint8Array(readFileSync(path));
  return dicomObjectInfo(parseDicom(whole, { file: path, stopAtPixelData: true }), path);
}

function walk(dir: string, out: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) walk(p, out);
    else if (entry.isFile()) out.push(p);
  }
}

export interface FolderScan {
  objects: DicomObjectInfo[];
  /** Files that are not DICOM images (other files, DICOMDIR, reports). */
  skipped: number;
  warnings: string[];
}

/** Headers of every DICOM image below `dir`. */
export function scanDicomFolder(dir: string, onProgress?: ProgressFn): FolderScan {
  const files: string[] = [];
  walk(dir, files);
  if (files.length === 0) throw new InputError('the folder is empty: no DICOM files', { file: dir });
  files.sort();
  const objects: DicomObjectInfo[] = [];
  const warnings: string[] = [];
  let skipped = 0;
  let damaged = 0;
  for (let i = 0; i < files.length; i++) {
    try {
      objects.push(readDicomHeader(files[i]));
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      skipped++;
      if (/truncated|invalid VR|cannot be inflated|bad pixel data/.test(e.message)) {
        damaged++;
        if (damaged <= 3) warnings.push(`skipped damaged DICOM file ${files[i]}: ${e.message}`);
      }
    }
    if (onProgress && (i & 31) === 0) onProgress(i / files.length, 'reading DICOM headers');
  }
  if (damaged > 3) warnings.push(`${damaged} damaged DICOM files skipped in all`);
  if (objects.length === 0) {
    throw new InputError(
      `no DICOM images in the folder (${files.length} files, none a readable DICOM image)`,
      {
        file: dir,
      },
    );
  }
  return { objects, skipped, warnings };
}
