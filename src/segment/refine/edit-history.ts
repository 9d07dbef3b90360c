/**
 * Undo/redo for in-place edits of one label map. The history holds deltas, not copies: undo
 * writes a delta's `before` values back, redo its `after` values, each after checking that the
 * map is in the state the delta expects (a CONFLICT InputError otherwise, with the map
 * untouched). A new edit clears the redo list. The oldest edits are forgotten beyond
 * `maxDepth` edits or `maxBytes` of deltas. `toBytes`/`fromBytes` persist both lists.
 */
import { InputError } from '../../core/errors.js';
import type { LabelMap } from '../../core/volume.js';
import { decodeHistory, encodeHistory } from './delta-codec.js';
import { applyDelta, deltaBytes, revertDelta, type LabelDelta } from './label-delta.js';

export interface EditHistoryOptions {
  /** Most undoable edits kept (default 100). */
  maxDepth?: number;
  /** Most bytes of undoable deltas kept in memory (default 512 MiB); the newest edit always stays. */
  maxBytes?: number;
}

export class EditHistory {
  readonly maxDepth: number;
  readonly maxBytes: number;
  private undoList: LabelDelta[] = [];
  private redoList: LabelDelta[] = [];
  private undoBytes = 0;

  constructor(options: EditHistoryOptions = {}) {
    this.maxDepth = options.maxDepth ?? 100;
    this.maxBytes = options.maxBytes ?? 512 * 1024 * 1024;
    if (!Number.isInteger(this.maxDepth) || this.maxDepth < 1) {
      throw new InputError(`maxDepth ${this.maxDepth} must be a positive integer`, { field: 'maxDepth' });
    }
    if (!(this.maxBytes > 0)) {
      throw new InputError(`maxBytes ${this.maxBytes} must be positive`, { field: 'maxBytes' });
    }
  }

  get canUndo(): boolean {
    return this.undoList.length > 0;
  }

  get canRedo(): boolean {
    return this.redoList.length > 0;
  }

  /** Number of edits that can be undone. */
  get undoDepth(): number {
    return this.undoList.length;
  }

  /** Number of undone edits that can be redone. */
  get redoDepth(): number {
    return this.redoList.length;
  }

  /**
   * Records an edit already applied to the map. Clears the redo list. An empty delta changes
   * nothing and is not recorded (returns false).
   */
  push(delta: LabelDelta): boolean {
    if (delta.indices.length === 0) return false;
    this.redoList = [];
    this.undoList.push(delta);
    this.undoBytes += deltaBytes(delta);
    this.trim();
    return true;
  }

  /** Undoes the newest edit on `labels` and returns its delta, or null when there is none. */
  undo(labels: LabelMap): LabelDelta | null {
    const delta = this.undoList.at(-1);
    if (!delta) return null;
    revertDelta(labels, delta);
    this.undoList.pop();
    this.undoBytes -= deltaBytes(delta);
    this.redoList.push(delta);
    return delta;
  }

  /** Re-applies the newest undone edit and returns its delta, or null when there is none. */
  redo(labels: LabelMap): LabelDelta | null {
    const delta = this.redoList.at(-1);
    if (!delta) return null;
    applyDelta(labels, delta);
    this.redoList.pop();
    this.undoList.push(delta);
    this.undoBytes += deltaBytes(delta);
    this.trim();
    return delta;
  }

  /** Forgets every edit. */
  clear(): void {
    this.undoList = [];
    this.redoList = [];
    this.undoBytes = 0;
  }

  /** Both lists as bytes: the undo list (oldest first), then the redo list (next redo last). */
  toBytes(): Uint8Array {
    return encodeHistory({ undo: this.undoList, redo: this.redoList });
  }

  /** A history from `toBytes` output (limits from `options`, the oldest edits dropped to fit). */
  static fromBytes(bytes: Uint8Array, options: EditHistoryOptions = {}): EditHistory {
    const { undo, redo } = decodeHistory(bytes);
    const h = new EditHistory(options);
    h.undoList = undo;
    h.redoList = redo;
    h.undoBytes = undo.reduce((s, d) => s + deltaBytes(d), 0);
    h.trim();
    return h;
  }

  private trim(): void {
    while (
      this.undoList.length > 1 &&
      (this.undoList.length > this.maxDepth || this.undoBytes > this.maxBytes)
    ) {
      const old = this.undoList.shift() as LabelDelta;
      this.undoBytes -= deltaBytes(old);
    }
  }
}
