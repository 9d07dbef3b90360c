import { describe, expect, it } from 'vitest';
import type { Grid } from '../core/volume.js';
import { makePhantom } from '../phantom/index.js';
import { boneEnclosure } from './enclosed-by-bone.js';
import { onThisThread } from './off-thread.js';
import { warmUpOffThread, workerThread } from './off-thread-node.js';
import { segmentCt } from './segment-ct.js';

const grid: Grid = {
  dims: [16, 14, 12],
  spacingMm: [2, 2, 2.5],
  originLps: [-10, 5, 0],
  direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
};

describe('the worker thread of the segmentation', () => {
  it('starts (npm test builds its script first)', () => {
    expect(warmUpOffThread()).toBe(true);
  });

  it('gives the bone enclosure the calling thread gives', async () => {
    const dense = new Uint8Array(16 * 14 * 12);
    for (let i = 0; i < dense.length; i++) dense[i] = (i * 7919) % 13 === 0 ? 1 : 0;
    const [there, here] = await Promise.all([
      workerThread.enclosure(grid, dense, 12),
      onThisThread.enclosure(grid, dense, 12),
    ]);
    expect(there.hits).toEqual(here.hits);
    expect(there.axialGapMm).toEqual(here.axialGapMm);
  });

  it('answers several tasks in flight each with its own result', async () => {
    const masks = [3, 5, 11].map((m) => {
      const dense = new Uint8Array(16 * 14 * 12);
      for (let i = 0; i < dense.length; i++) dense[i] = i % (m * 17) === 0 ? 1 : 0;
      return dense;
    });
    const answers = await Promise.all(masks.map((d) => workerThread.enclosure(grid, d, 20)));
    answers.forEach((a, n) => expect(a.hits).toEqual(boneEnclosure(grid, masks[n], 20).hits));
  });

  it('segments a phantom exactly as the calling thread alone does', async () => {
    const ph = makePhantom({ spacingMm: [3, 3, 3], lesion: true, seed: 2 });
    const a = await segmentCt(ph.ct);
    const b = await segmentCt(ph.ct, { offThread: workerThread });
    expect(b.labels.data).toEqual(a.labels.data);
  }, 60_000);
});
