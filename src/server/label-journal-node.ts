/**
 * The edit journal of a study's label map: every edit, undo and redo since the last checkpoint,
 * appended (and flushed to disk) before the server answers, so an edit survives a crash or a
 * restart at the cost of the changed voxels only. Layout:
 *
 *   "SGJ1"                               file tag
 *   per record:
 *     kind     u8                        1 = applied forward (edit, redo), 2 = reverted (undo)
 *     revision u32 LE                    the map's revision after this record
 *     length   u32 LE                    bytes of the payload
 *     payload                            encodeDeltas([delta]) of src/segment/refine
 *
 * A record cut short by a crash is ignored on reading (it was never acknowledged).
 */
import { open, readFile, rm } from 'node:fs/promises';
import { writeFileAtomic } from '../io/atomic-write-node.js';
import { decodeDeltas, encodeDeltas, type LabelDelta } from '../segment/refine/index.js';

const TAG = [0x53, 0x47, 0x4a, 0x31]; // "SGJ1"
const RECORD_HEAD = 9;

export type JournalDirection = 'forward' | 'backward';

export interface JournalRecord {
  direction: JournalDirection;
  revision: number;
  delta: LabelDelta;
}

/** Appends one record and flushes it; returns the bytes the journal grew by. */
export async function appendJournal(path: string, record: JournalRecord): Promise<number> {
  const payload = encodeDeltas([record.delta]);
  const fh = await open(path, 'a');
  try {
    const isNew = (await fh.stat()).size === 0;
    const out = new Uint8Array((isNew ? TAG.length : 0) + RECORD_HEAD + payload.length);
    let o = 0;
    if (isNew) for (const b of TAG) out[o++] = b;
    const view = new DataView(out.buffer);
    view.setUint8(o, record.direction === 'forward' ? 1 : 2);
    view.setUint32(o + 1, record.revision, true);
    view.setUint32(o + 5, payload.length, true);
    out.set(payload, o + RECORD_HEAD);
    await fh.write(out, 0, out.length);
    await fh.datasync();
    return out.length;
  } finally {
    await fh.close();
  }
}

/** The complete records of a journal (none when the file is missing). */
export async function readJournal(path: string): Promise<JournalRecord[]> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch {
    return [];
  }
  if (bytes.length < TAG.length || TAG.some((b, i) => bytes[i] !== b)) return [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: JournalRecord[] = [];
  let o = TAG.length;
  while (o + RECORD_HEAD <= bytes.length) {
    const kind = view.getUint8(o);
    const revision = view.getUint32(o + 1, true);
    const length = view.getUint32(o + 5, true);
    if (o + RECORD_HEAD + length > bytes.length || (kind !== 1 && kind !== 2)) break;
    const [delta] = decodeDeltas(bytes.subarray(o + RECORD_HEAD, o + RECORD_HEAD + length));
    out.push({ direction: kind === 1 ? 'forward' : 'backward', revision, delta });
    o += RECORD_HEAD + length;
  }
  return out;
}

/** Empties the journal (after a checkpoint made its records redundant). */
export async function clearJournal(path: string): Promise<void> {
  await writeFileAtomic(path, new Uint8Array(0));
}

export async function removeJournal(path: string): Promise<void> {
  await rm(path, { force: true });
}
