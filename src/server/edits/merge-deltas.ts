/**
 * One delta for several edits applied one after the other (the dabs of one brush stroke), so
 * that a stroke is one undo step. For a voxel changed by several edits, `before` is its value
 * before the first and `after` its value after the last; voxels that end as they began drop out.
 *
 *   d1 = {indices [2, 5], before [0, 0], after [1, 1]}, d2 = {indices [5, 7], before [1, 0], after [0, 1]}
 *   merge([d1, d2]) = {indices [2, 7], before [0, 0], after [1, 1]}   (voxel 5 went 0 -> 1 -> 0)
 */
import type { LabelDelta } from '../../segment/refine/index.js';

export function mergeDeltas(deltas: readonly LabelDelta[]): LabelDelta {
  if (deltas.length === 1) return deltas[0];
  let merged: LabelDelta = {
    indices: new Uint32Array(0),
    before: new Uint8Array(0),
    after: new Uint8Array(0),
  };
  for (const d of deltas) merged = mergeTwo(merged, d);
  return merged;
}

/** `second` applied after `first`, by a merge of the two sorted index lists. */
function mergeTwo(first: LabelDelta, second: LabelDelta): LabelDelta {
  const n1 = first.indices.length;
  const n2 = second.indices.length;
  const indices = new Uint32Array(n1 + n2);
  const before = new Uint8Array(n1 + n2);
  const after = new Uint8Array(n1 + n2);
  let a = 0;
  let b = 0;
  let n = 0;
  while (a < n1 || b < n2) {
    const ia = a < n1 ? first.indices[a] : Infinity;
    const ib = b < n2 ? second.indices[b] : Infinity;
    let idx: number, was: number, now: number;
    if (ia < ib) {
      idx = ia;
      was = first.before[a];
      now = first.after[a++];
    } else if (ib < ia) {
      idx = ib;
      was = second.before[b];
      now = second.after[b++];
    } else {
      idx = ia;
      was = first.before[a++];
      now = second.after[b++];
    }
    if (was === now) continue;
    indices[n] = idx;
    before[n] = was;
    after[n++] = now;
  }
  return { indices: indices.slice(0, n), before: before.slice(0, n), after: after.slice(0, n) };
}
