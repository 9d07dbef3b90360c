/**
 * The record of one in-place edit of a label map: which voxels changed, from what, to what.
 *
 * Interactive edits mutate `labels.data` in place (copying a 70-million-voxel map per brush
 * stroke costs more than the whole 100 ms budget), which is a deliberate exception to the
 * pure-function rule of the code base. What keeps them reversible is this delta: undo writes
 * `before` back, redo writes `after` again, and both first check that the map still holds
 * what the delta expects, so a stale history can never scramble a map.
 */
import { InputError } from '../../core/errors.js';
import type { LabelMap } from '../../core/volume.js';

/** Changed voxels of one edit: flat indices (strictly increasing) with old and new values. */
export interface LabelDelta {
  /** Flat voxel indices i + nx * (j + ny * k), strictly increasing. */
  readonly indices: Uint32Array;
  /** Value of each voxel before the edit. */
  readonly before: Uint8Array;
  /** Value of each voxel after the edit (never equal to `before`). */
  readonly after: Uint8Array;
}

/** A delta that changes nothing. */
export function emptyDelta(): LabelDelta {
  return { indices: new Uint32Array(0), before: new Uint8Array(0), after: new Uint8Array(0) };
}

/** Number of voxels a delta changes. */
export function deltaSize(delta: LabelDelta): number {
  return delta.indices.length;
}

/** Bytes a delta holds in memory (for history budgets). */
export function deltaBytes(delta: LabelDelta): number {
  return delta.indices.byteLength + delta.before.byteLength + delta.after.byteLength;
}

/**
 * Collects the changes of one edit while it writes them. `set` must be called with increasing
 * indices (every edit visits voxels in memory order); `finish` returns the delta.
 */
export class DeltaBuilder {
  private indices = new Uint32Array(1024);
  private before = new Uint8Array(1024);
  private after = new Uint8Array(1024);
  private count = 0;
  private readonly data: Uint8Array;

  constructor(labels: LabelMap) {
    this.data = labels.data;
  }

  /** Writes `value` at flat index `idx` and records it when it changes the voxel. */
  set(idx: number, value: number): void {
    const old = this.data[idx];
    if (old === value) return;
    if (this.count > 0 && idx <= this.indices[this.count - 1]) {
      throw new RangeError(
        `delta index ${idx} after ${this.indices[this.count - 1]}: edits must write in memory order`,
      );
    }
    if (this.count === this.indices.length) this.grow();
    this.indices[this.count] = idx;
    this.before[this.count] = old;
    this.after[this.count] = value;
    this.count++;
    this.data[idx] = value;
  }

  /** Number of changes so far. */
  get size(): number {
    return this.count;
  }

  finish(): LabelDelta {
    return {
      indices: this.indices.slice(0, this.count),
      before: this.before.slice(0, this.count),
      after: this.after.slice(0, this.count),
    };
  }

  private grow(): void {
    const n = this.indices.length * 2;
    const indices = new Uint32Array(n);
    indices.set(this.indices);
    const before = new Uint8Array(n);
    before.set(this.before);
    const after = new Uint8Array(n);
    after.set(this.after);
    this.indices = indices;
    this.before = before;
    this.after = after;
  }
}

/** Re-does an edit: writes `after`. Throws (changing nothing) unless the map holds `before`. */
export function applyDelta(labels: LabelMap, delta: LabelDelta): void {
  writeDelta(labels, delta, 'forward');
}

/** Undoes an edit: writes `before`. Throws (changing nothing) unless the map holds `after`. */
export function revertDelta(labels: LabelMap, delta: LabelDelta): void {
  writeDelta(labels, delta, 'backward');
}

function writeDelta(labels: LabelMap, delta: LabelDelta, direction: 'forward' | 'backward'): void {
  const { indices } = delta;
  const expected = direction === 'forward' ? delta.before : delta.after;
  const written = direction === 'forward' ? delta.after : delta.before;
  if (expected.length !== indices.length || written.length !== indices.length) {
    throw new RangeError(`delta arrays differ in length (${indices.length} indices)`);
  }
  const data = labels.data;
  const n = data.length;
  for (let t = 0; t < indices.length; t++) {
    const idx = indices[t];
    if (idx >= n || data[idx] !== expected[t]) {
      const what =
        idx >= n
          ? `voxel ${idx} is outside the ${n}-voxel map`
          : `voxel ${idx} holds ${data[idx]}, the edit expects ${expected[t]}`;
      throw new InputError(
        `the label map has changed since this edit (${what})`,
        { field: 'labels' },
        'CONFLICT',
      );
    }
  }
  for (let t = 0; t < indices.length; t++) data[indices[t]] = written[t];
}
