/** Reads COHORT.csv from disk (Node only): file errors become InputErrors naming the file. */
import { readFile } from 'node:fs/promises';
import { InputError } from '../core/errors.js';
import { parseCohortCsv } from './cohort.js';
import type { CohortRow } from './cohort.js';

/** Reads and validates a cohort file; `path` is named in every error as the user gave it. */
export async function readCohortFile(path: string): Promise<CohortRow[]> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError('no such file', { file: path }, 'NOT_FOUND');
    if (code === 'EISDIR') throw new InputError('is a folder, not a CSV file', { file: path });
    throw new InputError(`cannot read: ${(e as Error).message}`, { file: path });
  }
  return parseCohortCsv(bytes, { file: path });
}
