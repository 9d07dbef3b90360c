import { describe, expect, it } from 'vitest';
import { InputError } from '../../core/errors.js';
import { EditHistory } from './edit-history.js';
import { emptyDelta } from './label-delta.js';
import { paintSphere } from './paint-sphere.js';
import { cubeGrid, DIRECTIONS, emptyMap } from './test-grids.js';

function setup() {
  const labels = emptyMap(cubeGrid(DIRECTIONS.RAS, { n: 16, spacingMm: 1 }));
  const states = [labels.data.slice()];
  const history = new EditHistory();
  const edit = (label: number, x: number, mode: 'paint' | 'erase' = 'paint') => {
    history.push(paintSphere(labels, { label, centerLps: [x, 0, 0], radiusMm: 3, mode }));
    states.push(labels.data.slice());
  };
  return { labels, states, history, edit };
}

describe('EditHistory', () => {
  it('undoes and redoes edits back to the exact maps', () => {
    const { labels, states, history, edit } = setup();
    edit(1, 0);
    edit(2, 2);
    edit(1, 1, 'erase');
    expect([history.canUndo, history.canRedo]).toEqual([true, false]);
    for (let s = 2; s >= 0; s--) {
      expect(history.undo(labels)).not.toBeNull();
      expect(labels.data).toEqual(states[s]);
    }
    expect(history.undo(labels)).toBeNull();
    expect([history.canUndo, history.canRedo]).toEqual([false, true]);
    for (let s = 1; s <= 3; s++) {
      history.redo(labels);
      expect(labels.data).toEqual(states[s]);
    }
    expect(history.redo(labels)).toBeNull();
  });

  it('returns the delta it applied, and a new edit clears the redo list', () => {
    const { labels, history, edit } = setup();
    edit(1, 0);
    edit(2, 2);
    const undone = history.undo(labels);
    expect(undone?.after[0]).toBe(2);
    edit(13, -3);
    expect(history.canRedo).toBe(false);
    expect(history.undoDepth).toBe(2);
  });

  it('forgets the oldest edits beyond maxDepth and maxBytes, keeping the newest', () => {
    const { labels } = setup();
    const h = new EditHistory({ maxDepth: 2 });
    for (const x of [-4.5, 0.5, 5.5]) {
      // voxel centres are at half-integer mm: 33 voxels each, apart
      h.push(paintSphere(labels, { label: 1, centerLps: [x, 0.5, 0.5], radiusMm: 2, mode: 'paint' }));
    }
    expect(h.undoDepth).toBe(2);
    h.undo(labels);
    h.undo(labels);
    expect(h.canUndo).toBe(false);
    expect(labels.data.filter((v) => v === 1).length).toBe(33);
    const tiny = new EditHistory({ maxBytes: 10 });
    tiny.push(paintSphere(labels, { label: 2, centerLps: [-5, 0, 0], radiusMm: 2, mode: 'paint' }));
    tiny.push(paintSphere(labels, { label: 2, centerLps: [5, 5, 0], radiusMm: 2, mode: 'paint' }));
    expect(tiny.undoDepth).toBe(1);
  });

  it('does not record an empty delta', () => {
    const h = new EditHistory();
    expect(h.push(emptyDelta())).toBe(false);
    expect(h.canUndo).toBe(false);
  });

  it('refuses to undo or redo on a map that has changed, leaving it untouched (CONFLICT)', () => {
    const { labels, history, edit } = setup();
    edit(1, 0);
    const d = history.undo(labels)!;
    labels.data[d.indices[3]] = 2; // someone else wrote there
    const copy = labels.data.slice();
    let error: unknown;
    try {
      history.redo(labels);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).status).toBe(409);
    expect(labels.data).toEqual(copy);
    expect(history.canRedo).toBe(true);
  });

  it('survives a restart through toBytes / fromBytes', () => {
    const { labels, states, history, edit } = setup();
    edit(1, 0);
    edit(2, 2);
    edit(13, -2);
    history.undo(labels);
    const restored = EditHistory.fromBytes(history.toBytes());
    expect([restored.undoDepth, restored.redoDepth]).toEqual([2, 1]);
    restored.undo(labels);
    expect(labels.data).toEqual(states[1]);
    restored.redo(labels);
    restored.redo(labels);
    expect(labels.data).toEqual(states[3]);
    expect(() => EditHistory.fromBytes(Uint8Array.of(1, 2, 3))).toThrow(InputError);
  });

  it('refuses nonsense limits', () => {
    expect(() => new EditHistory({ maxDepth: 0 })).toThrow(InputError);
    expect(() => new EditHistory({ maxBytes: -1 })).toThrow(InputError);
  });
});
