/**
 * The study store: one folder per study under `<dataDir>/studies/<id>/` holding the image as
 * NIfTI (LPS-correct affine) and `study.json`. Writes are atomic; a study appears in the list
 * only once its image and metadata are both on disk.
 */
import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { ImageVolume } from '../io/image-types.js';
import { readImage } from '../io/read-image-node.js';
import { encodeNiftiNode } from '../io/nifti-node.js';
import { writeFileAtomic, writeJsonAtomic } from '../io/atomic-write-node.js';
import { InputError } from '../core/errors.js';

export interface StudyRecord {
  id: string;
  name: string;
  modality: string;
  dims: number[];
  spacing_mm: number[];
  created: string;
}

export const EXAMPLE_STUDY_ID = 'example-ct';

/**
 * The volume with 16-bit integer voxels when every value is an integer in the int16 range (CT
 * in HU stored as int32 or float): half the bytes to store, send and draw, the same values.
 */
export function compactVolume(volume: ImageVolume): ImageVolume {
  const d = volume.data;
  if (d instanceof Int16Array || d instanceof Uint8Array || d instanceof Int8Array) return volume;
  for (let i = 0; i < d.length; i++) {
    const v = d[i];
    if (v !== Math.round(v) || v < -32768 || v > 32767) return volume;
  }
  return { ...volume, data: Int16Array.from(d as ArrayLike<number>) };
}

export class StudyStore {
  readonly root: string;

  constructor(dataDir: string) {
    this.root = join(dataDir, 'studies');
  }

  folder(id: string): string {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(id))
      throw new InputError(`study id "${id}" is not valid`, {}, 'NOT_FOUND');
    return join(this.root, id);
  }

  imagePath(id: string): string {
    return join(this.folder(id), 'image.nii.gz');
  }

  async list(): Promise<StudyRecord[]> {
    await mkdir(this.root, { recursive: true });
    const out: StudyRecord[] = [];
    for (const id of await readdir(this.root)) {
      if (id.startsWith('.')) continue;
      try {
        out.push(JSON.parse(await readFile(join(this.root, id, 'study.json'), 'utf8')) as StudyRecord);
      } catch {
        // a folder without metadata is an interrupted import: not a study
      }
    }
    return out.sort((a, b) => a.created.localeCompare(b.created));
  }

  async get(id: string): Promise<StudyRecord> {
    try {
      return JSON.parse(await readFile(join(this.folder(id), 'study.json'), 'utf8')) as StudyRecord;
    } catch {
      throw new InputError(`no study "${id}"`, {}, 'NOT_FOUND');
    }
  }

  /** Adds a study from a volume already read; the image is stored as NIfTI. */
  async add(
    volume: ImageVolume,
    meta: { name: string; modality: string; id?: string },
  ): Promise<StudyRecord> {
    const id = meta.id ?? randomBytes(8).toString('hex');
    const tmp = join(this.root, `.import-${id}-${randomBytes(4).toString('hex')}`);
    await mkdir(tmp, { recursive: true });
    const record: StudyRecord = {
      id,
      name: meta.name,
      modality: meta.modality,
      dims: [...volume.dims],
      spacing_mm: volume.spacingMm.map((s) => Math.round(s * 1e4) / 1e4),
      created: new Date().toISOString(),
    };
    try {
      await writeFileAtomic(join(tmp, 'image.nii.gz'), await encodeNiftiNode(compactVolume(volume)));
      await writeJsonAtomic(join(tmp, 'study.json'), record);
      await rename(tmp, this.folder(id));
    } catch (e) {
      await rm(tmp, { recursive: true, force: true });
      throw e;
    }
    return record;
  }

  async remove(id: string): Promise<void> {
    await this.get(id);
    const trash = join(this.root, `.deleted-${id}-${randomBytes(4).toString('hex')}`);
    await rename(this.folder(id), trash);
    await rm(trash, { recursive: true, force: true });
  }

  /** Puts the bundled example CT in the store unless a study with its id is there. */
  async ensureExample(exampleCtPath: string): Promise<void> {
    try {
      await stat(join(this.folder(EXAMPLE_STUDY_ID), 'study.json'));
      return;
    } catch {
      // not there yet
    }
    try {
      await stat(exampleCtPath);
    } catch {
      return; // a checkout without the example: nothing to add
    }
    const { volume } = await readImage(exampleCtPath);
    await this.add(volume, {
      id: EXAMPLE_STUDY_ID,
      name: 'Example CT (abdomen-pelvis, 3 mm)',
      modality: 'CT',
    });
  }
}
