import { describe, expect, it } from 'vitest';
import { InputError } from '../../core/errors.js';
import { makeLabelMap } from '../../core/volume.js';
import { applyDelta, DeltaBuilder, revertDelta } from './label-delta.js';

const map = () =>
  makeLabelMap(
    { dims: [3, 2, 1], spacingMm: [1, 1, 1], originLps: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] },
    { a: 1, b: 2 },
  );

describe('LabelDelta', () => {
  it('records only real changes and reverts/applies them exactly', () => {
    const labels = map();
    labels.data.set([0, 1, 2, 0, 1, 2]);
    const b = new DeltaBuilder(labels);
    for (let i = 0; i < 6; i++) b.set(i, 1);
    const d = b.finish();
    expect([...d.indices]).toEqual([0, 2, 3, 5]);
    expect([...d.before]).toEqual([0, 2, 0, 2]);
    expect([...labels.data]).toEqual([1, 1, 1, 1, 1, 1]);
    revertDelta(labels, d);
    expect([...labels.data]).toEqual([0, 1, 2, 0, 1, 2]);
    applyDelta(labels, d);
    expect([...labels.data]).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it('grows past its first capacity', () => {
    const labels = makeLabelMap(
      {
        dims: [50, 50, 1],
        spacingMm: [1, 1, 1],
        originLps: [0, 0, 0],
        direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
      },
      {},
    );
    const b = new DeltaBuilder(labels);
    for (let i = 0; i < 2500; i++) b.set(i, 3);
    expect(b.finish().indices.length).toBe(2500);
  });

  it('refuses, changing nothing, a delta the map does not match or that lies outside it', () => {
    const labels = map();
    const d = { indices: Uint32Array.of(1, 4), before: Uint8Array.of(0, 0), after: Uint8Array.of(2, 2) };
    labels.data[4] = 1;
    expect(() => applyDelta(labels, d)).toThrow(/voxel 4 holds 1, the edit expects 0/);
    expect([...labels.data]).toEqual([0, 0, 0, 0, 1, 0]);
    expect(() => applyDelta(labels, { ...d, indices: Uint32Array.of(1, 6) })).toThrow(InputError);
    expect([...labels.data]).toEqual([0, 0, 0, 0, 1, 0]);
  });
});
