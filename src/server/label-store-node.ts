/**
 * The label map of each study, its edit history and revision, kept in memory while in use and
 * on disk always. In `<study>/labels/`:
 * - `checkpoint-<revision>.nii.gz`: the map at that revision (the segmentation result, later
 *   compactions); the newest complete one counts.
 * - `journal.sgj`: edits, undos and redos since the checkpoint (label-journal-node.ts), each
 *   flushed before the answer: an edit is saved at once, for the price of its changed voxels.
 * - `history.sgh`: the undo/redo lists (EditHistory bytes) behind a u32 revision; a history
 *   whose revision is not the map's (a crash between the two writes) is dropped, not trusted.
 * - `labels.json` (the name table), `report.json` (the segmentation report) and
 *   `segmentation.json` ({revision}: the revision the report is of).
 * Operations on one study run one at a time (a promise chain per study).
 */
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../core/errors.js';
import type { LabelMap, TypedArray, Volume } from '../core/volume.js';
import { makeLabelMap } from '../core/volume.js';
import { readNifti, encodeNiftiChunks, encodeNiftiNode } from '../io/nifti-node.js';
import { writeFileAtomic, writeJsonAtomic } from '../io/atomic-write-node.js';
import { formatLabelsJson, parseLabelsJson } from '../io/labels-json.js';
import {
  EditHistory,
  applyDelta,
  countDelta,
  labelVolumesMl,
  labelVoxelCounts,
  revertDelta,
  type LabelDelta,
} from '../segment/refine/index.js';
import type { SegmentReport } from '../segment/index.js';
import type { StudyStore } from './study-store-node.js';
import { appendJournal, clearJournal, readJournal, removeJournal } from './label-journal-node.js';
import { applyEdit } from './edits/apply-edit.js';
import { editNeedsCt, type EditRequest } from './edits/edit-request.js';
import { labelPatch, type LabelPatch } from './edits/label-patch-node.js';

/** `GET /api/studies/:id/labels.json`. */
export interface LabelState {
  labels: Record<string, number>;
  volumes_ml: Record<string, number>;
  revision: number;
  can_undo: boolean;
  can_redo: boolean;
}

/** The answer to an edit, undo or redo. */
export interface EditResult {
  volumes_ml: Record<string, number>;
  revision: number;
  changed_voxels: number;
  /** The structures that gained or lost voxels (their surfaces need making again). */
  changed_labels: string[];
  can_undo: boolean;
  can_redo: boolean;
  /** The changed box's new values for the viewer; null = reload the map. */
  patch: LabelPatch | null;
}

/** The current map of a study with its revision and the version of each structure. */
export interface LabelSnapshot {
  labels: LabelMap;
  revision: number;
  /**
   * Per structure name: the revision at which its voxels last changed, or at which the map was
   * loaded into memory. Equal versions mean equal voxels, so its surface can be reused.
   */
  versions: Record<string, number>;
  /** Per structure name: its voxel count. */
  voxels: Record<string, number>;
}

interface Session {
  labels: LabelMap;
  history: EditHistory;
  counts: Float64Array;
  /** By label value: the revision at which its voxels last changed (LabelSnapshot.versions). */
  changedAt: Uint32Array;
  revision: number;
  checkpointRevision: number;
  journalRecords: number;
  journalBytes: number;
  ct: Volume<TypedArray> | null;
  encoded: { revision: number; bytes: Uint8Array } | null;
}

/** A new checkpoint is written after this many journal records or bytes. */
const CHECKPOINT_RECORDS = 64;
const CHECKPOINT_BYTES = 32 * 1024 * 1024;
/** Label maps kept in memory (least recently used dropped first). */
const SESSIONS_KEPT = 3;

export class LabelStore {
  private readonly sessions = new Map<string, Session>();
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(private readonly studies: StudyStore) {}

  private dir(id: string): string {
    return join(this.studies.folder(id), 'labels');
  }

  /** True once the study has been segmented. */
  async has(id: string): Promise<boolean> {
    return (await this.newestCheckpoint(id)) !== null;
  }

  async state(id: string): Promise<LabelState> {
    return this.locked(id, async () => {
      const s = await this.session(id);
      return {
        labels: { ...s.labels.labels },
        volumes_ml: roundedVolumes(s),
        revision: s.revision,
        can_undo: s.history.canUndo,
        can_redo: s.history.canRedo,
      };
    });
  }

  /** The current map as .nii.gz bytes on the study grid, with its revision. */
  async niftiBytes(id: string): Promise<{ revision: number; bytes: Uint8Array }> {
    return this.locked(id, async () => {
      const s = await this.session(id);
      if (s.encoded?.revision !== s.revision)
        s.encoded = { revision: s.revision, bytes: await encodeNiftiNode(s.labels) };
      return s.encoded;
    });
  }

  /**
   * A copy of the current map (exports), with the structure versions; `shared` puts the copy in
   * a SharedArrayBuffer, so that worker threads read it without copies of their own.
   */
  async labelMap(id: string, options: { shared?: boolean } = {}): Promise<LabelSnapshot> {
    return this.locked(id, async () => {
      const s = await this.session(id);
      const source = s.labels.data;
      const data = options.shared
        ? new Uint8Array(new SharedArrayBuffer(source.length))
        : new Uint8Array(source.length);
      data.set(source);
      return { ...structureInfo(s), labels: makeLabelMap(s.labels, s.labels.labels, data) };
    });
  }

  /** The revision, structure versions and voxel counts without a copy of the map. */
  async versions(id: string): Promise<Omit<LabelSnapshot, 'labels'> & { table: Record<string, number> }> {
    return this.locked(id, async () => {
      const s = await this.session(id);
      return { ...structureInfo(s), table: { ...s.labels.labels } };
    });
  }

  async report(id: string): Promise<SegmentReport | null> {
    try {
      return JSON.parse(await readFile(join(this.dir(id), 'report.json'), 'utf8')) as SegmentReport;
    } catch {
      return null;
    }
  }

  /** The revision of the automatic segmentation the report is of; null if unknown. */
  async segmentationRevision(id: string): Promise<number | null> {
    try {
      const { revision } = JSON.parse(await readFile(join(this.dir(id), 'segmentation.json'), 'utf8')) as {
        revision?: unknown;
      };
      return typeof revision === 'number' ? revision : null;
    } catch {
      return null;
    }
  }

  /** Stores a new segmentation: a fresh checkpoint, history and journal. */
  async setSegmentation(id: string, labels: LabelMap, report: SegmentReport): Promise<void> {
    await this.locked(id, async () => {
      await this.studies.get(id);
      const dir = this.dir(id);
      await mkdir(dir, { recursive: true });
      const old = this.sessions.get(id) ?? (await this.load(id).catch(() => null));
      const revision = (old?.revision ?? 0) + 1;
      await writeFileAtomic(join(dir, 'labels.json'), formatLabelsJson(labels.labels));
      await writeJsonAtomic(join(dir, 'report.json'), report);
      await writeJsonAtomic(join(dir, 'segmentation.json'), { revision });
      // the checkpoint first: older journal records and history then no longer apply
      await writeFileAtomic(join(dir, checkpointName(revision)), await encodeNiftiChunks(labels));
      await removeJournal(join(dir, 'journal.sgj'));
      await rm(join(dir, 'history.sgh'), { force: true });
      await this.removeCheckpointsBefore(id, revision);
      this.sessions.delete(id);
      this.keep(id, {
        labels,
        history: new EditHistory(),
        counts: labelVoxelCounts(labels),
        changedAt: new Uint32Array(256).fill(revision),
        revision,
        checkpointRevision: revision,
        journalRecords: 0,
        journalBytes: 0,
        ct: old?.ct ?? null,
        encoded: null,
      });
    });
  }

  async edit(id: string, request: EditRequest): Promise<EditResult> {
    return this.locked(id, async () => {
      const s = await this.session(id);
      if (editNeedsCt(request) && !s.ct) s.ct = (await readNifti(this.studies.imagePath(id))).volume;
      const delta = applyEdit(s.labels, request, s.ct);
      if (!s.history.push(delta)) return this.result(s, delta);
      return this.commit(id, s, { delta, direction: 'forward' });
    });
  }

  async undo(id: string): Promise<EditResult> {
    return this.locked(id, async () => {
      const s = await this.session(id);
      const delta = s.history.undo(s.labels);
      if (!delta) throw new InputError('nothing to undo', {}, 'CONFLICT');
      return this.commit(id, s, { delta, direction: 'backward' });
    });
  }

  async redo(id: string): Promise<EditResult> {
    return this.locked(id, async () => {
      const s = await this.session(id);
      const delta = s.history.redo(s.labels);
      if (!delta) throw new InputError('nothing to redo', {}, 'CONFLICT');
      return this.commit(id, s, { delta, direction: 'forward' });
    });
  }

  /** Drops what is held in memory for a study (it was deleted). */
  forget(id: string): void {
    this.sessions.delete(id);
  }

  /**
   * Saves a change already made in memory: journal record, history, counts; on a failed write
   * the change is rolled back so the request changes nothing.
   */
  private async commit(
    id: string,
    s: Session,
    change: { delta: LabelDelta; direction: 'forward' | 'backward' },
  ): Promise<EditResult> {
    const dir = this.dir(id);
    const revision = s.revision + 1;
    try {
      s.journalBytes += await appendJournal(join(dir, 'journal.sgj'), { ...change, revision });
    } catch (e) {
      this.sessions.delete(id); // reload from disk on the next request
      throw e;
    }
    s.journalRecords++;
    s.revision = revision;
    countDelta(s.counts, change.delta, change.direction);
    markChanged(s.changedAt, change.delta, revision);
    await writeHistory(join(dir, 'history.sgh'), s);
    if (s.journalRecords >= CHECKPOINT_RECORDS || s.journalBytes >= CHECKPOINT_BYTES)
      await this.checkpoint(id, s);
    return this.result(s, change.delta);
  }

  private result(s: Session, delta: LabelDelta): EditResult {
    return {
      volumes_ml: roundedVolumes(s),
      revision: s.revision,
      changed_voxels: delta.indices.length,
      changed_labels: changedLabels(s.labels, delta),
      can_undo: s.history.canUndo,
      can_redo: s.history.canRedo,
      patch: labelPatch(s.labels, delta),
    };
  }

  private async checkpoint(id: string, s: Session): Promise<void> {
    const dir = this.dir(id);
    await writeFileAtomic(join(dir, checkpointName(s.revision)), await encodeNiftiChunks(s.labels));
    await clearJournal(join(dir, 'journal.sgj'));
    s.checkpointRevision = s.revision;
    s.journalRecords = 0;
    s.journalBytes = 0;
    await this.removeCheckpointsBefore(id, s.revision);
  }

  private async session(id: string): Promise<Session> {
    const cached = this.sessions.get(id);
    if (cached) {
      this.sessions.delete(id);
      this.sessions.set(id, cached); // most recently used last
      return cached;
    }
    await this.studies.get(id);
    const s = await this.load(id);
    this.keep(id, s);
    return s;
  }

  private keep(id: string, s: Session): void {
    this.sessions.set(id, s);
    while (this.sessions.size > SESSIONS_KEPT)
      this.sessions.delete(this.sessions.keys().next().value as string);
  }

  /** The map from the newest checkpoint and the journal after it, and the history if it matches. */
  private async load(id: string): Promise<Session> {
    const dir = this.dir(id);
    const checkpoint = await this.newestCheckpoint(id);
    if (checkpoint === null)
      throw new InputError(`study "${id}" has no label map yet: run the segmentation first`, {}, 'NOT_FOUND');
    const table = parseLabelsJson(await readFile(join(dir, 'labels.json'), 'utf8'), 'labels.json');
    const { volume } = await readNifti(join(dir, checkpointName(checkpoint)));
    if (!(volume.data instanceof Uint8Array))
      throw new Error(`${checkpointName(checkpoint)} of study ${id} is not an 8-bit label map`);
    const labels = makeLabelMap(volume, table, volume.data);
    let revision = checkpoint;
    const records = (await readJournal(join(dir, 'journal.sgj'))).filter((r) => r.revision > checkpoint);
    for (const r of records) {
      if (r.revision !== revision + 1) break; // a gap: later records are not of this map
      if (r.direction === 'forward') applyDelta(labels, r.delta);
      else revertDelta(labels, r.delta);
      revision = r.revision;
    }
    return {
      labels,
      history: await readHistory(join(dir, 'history.sgh'), revision),
      counts: labelVoxelCounts(labels),
      changedAt: new Uint32Array(256).fill(revision),
      revision,
      checkpointRevision: checkpoint,
      journalRecords: records.length,
      journalBytes: 0,
      ct: null,
      encoded: null,
    };
  }

  private async checkpointRevisions(id: string): Promise<number[]> {
    let names: string[];
    try {
      names = await readdir(this.dir(id));
    } catch {
      return [];
    }
    return names
      .map((n) => /^checkpoint-(\d+)\.nii\.gz$/.exec(n))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => Number(m[1]));
  }

  private async newestCheckpoint(id: string): Promise<number | null> {
    const revs = await this.checkpointRevisions(id);
    return revs.length ? Math.max(...revs) : null;
  }

  private async removeCheckpointsBefore(id: string, revision: number): Promise<void> {
    for (const r of await this.checkpointRevisions(id))
      if (r < revision) await rm(join(this.dir(id), checkpointName(r)), { force: true });
  }

  private locked<T>(id: string, fn: () => Promise<T>): Promise<T> {
    const before = this.locks.get(id) ?? Promise.resolve();
    const run = before.then(fn, fn);
    const tail = run.catch(() => undefined);
    this.locks.set(id, tail);
    void tail.then(() => {
      if (this.locks.get(id) === tail) this.locks.delete(id);
    });
    return run;
  }
}

function checkpointName(revision: number): string {
  return `checkpoint-${String(revision).padStart(8, '0')}.nii.gz`;
}

/** By label value: 1 when a delta takes voxels from it or gives voxels to it. */
function touchedValues(delta: LabelDelta): Uint8Array {
  const seen = new Uint8Array(256);
  for (let i = 0; i < delta.before.length; i++) {
    seen[delta.before[i]] = 1;
    seen[delta.after[i]] = 1;
  }
  return seen;
}

/** Records `revision` as the version of every label value a delta touches. */
function markChanged(changedAt: Uint32Array, delta: LabelDelta, revision: number): void {
  const seen = touchedValues(delta);
  for (let v = 0; v < 256; v++) if (seen[v]) changedAt[v] = revision;
}

function changedLabels(labels: LabelMap, delta: LabelDelta): string[] {
  const seen = touchedValues(delta);
  return Object.entries(labels.labels)
    .filter(([, v]) => seen[v] === 1)
    .map(([n]) => n);
}

function structureInfo(s: Session): Omit<LabelSnapshot, 'labels'> {
  const versions: Record<string, number> = {};
  const voxels: Record<string, number> = {};
  for (const [name, value] of Object.entries(s.labels.labels)) {
    versions[name] = s.changedAt[value];
    voxels[name] = s.counts[value] ?? 0;
  }
  return { revision: s.revision, versions, voxels };
}

function roundedVolumes(s: Session): Record<string, number> {
  const ml = labelVolumesMl(s.labels, s.counts);
  for (const k of Object.keys(ml)) ml[k] = Math.round(ml[k] * 1000) / 1000;
  return ml;
}

async function writeHistory(path: string, s: Session): Promise<void> {
  const body = s.history.toBytes();
  const out = new Uint8Array(4 + body.length);
  new DataView(out.buffer).setUint32(0, s.revision, true);
  out.set(body, 4);
  await writeFileAtomic(path, out);
}

async function readHistory(path: string, revision: number): Promise<EditHistory> {
  try {
    const bytes = await readFile(path);
    if (bytes.length < 4 || new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true) !== revision)
      return new EditHistory();
    return EditHistory.fromBytes(bytes.subarray(4));
  } catch {
    return new EditHistory();
  }
}
