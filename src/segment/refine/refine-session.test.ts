import { describe, expect, it } from 'vitest';
import { makePhantom } from '../../phantom/index.js';
import {
  EditHistory,
  countDelta,
  fillHoles,
  growCut,
  growFromSeeds,
  labelValue,
  labelVolumesMl,
  labelVoxelCounts,
  paintSphere,
  removeIslands,
  smoothLabel,
  thresholdPaint,
  type LabelDelta,
} from './index.js';

/** Byte equality (vitest's deep equality is slow on million-element arrays). */
function same(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

describe('a refinement session on the phantom, as the server runs it', () => {
  for (const orientation of ['PIR', 'RAS'] as const) {
    it(`edits, keeps volumes current, undoes to the original and restores after a restart (${orientation}, oblique 15°)`, () => {
      const { labels, ct, truth } = makePhantom({
        spacingMm: [2.5, 2.5, 2.5],
        seed: 5,
        lesion: true,
        orientation,
        obliqueDeg: 15,
      });
      const original = labels.data.slice();
      const sacrum = labelValue(labels, 'sacrum');
      const lesion = labelValue(labels, 'lesion');
      const centre = truth.lesion!.centroid_lps!;
      const history = new EditHistory({ maxDepth: 50 });
      const counts = labelVoxelCounts(labels);
      const states: Uint8Array[] = [original];
      const run = (delta: LabelDelta): void => {
        if (!history.push(delta)) return; // an edit that changed nothing is not an undo step
        countDelta(counts, delta, 'forward');
        states.push(labels.data.slice());
        expect(labelVolumesMl(labels, counts)).toEqual(labelVolumesMl(labels));
      };
      run(
        paintSphere(labels, {
          label: lesion,
          centerLps: centre,
          radiusMm: 8,
          mode: 'paint',
          protect: [labelValue(labels, 'sacral_canal')],
        }),
      );
      run(paintSphere(labels, { label: sacrum, centerLps: centre, radiusMm: 4, mode: 'erase' }));
      run(
        thresholdPaint(labels, ct, {
          label: sacrum,
          centerLps: centre,
          radiusMm: 12,
          minHu: 150,
          maxHu: 3000,
        }),
      );
      run(
        growFromSeeds(labels, ct, {
          label: lesion,
          seedsLps: [centre],
          minHu: -20,
          maxHu: 90,
          maxVolumeMl: 15,
          protect: [sacrum],
        }),
      );
      run(
        growCut(labels, ct, {
          label: lesion,
          foregroundLps: [centre],
          backgroundLps: [[centre[0] + 25, centre[1], centre[2]]],
        }),
      );
      run(
        paintSphere(labels, {
          label: sacrum,
          centerLps: [centre[0], centre[1] + 60, centre[2]],
          radiusMm: 3,
          mode: 'paint',
        }),
      );
      run(removeIslands(labels, { label: sacrum, keep: 'largest' }));
      run(fillHoles(labels, { label: sacrum }));
      run(fillHoles(labels, { label: sacrum, slices: 'axial' }));
      run(smoothLabel(labels, { label: sacrum, radiusMm: 3 }));
      expect(history.undoDepth).toBeGreaterThanOrEqual(6);
      expect(history.undoDepth).toBe(states.length - 1);

      const saved = history.toBytes();
      for (let s = states.length - 2; history.canUndo; s--) {
        countDelta(counts, history.undo(labels)!, 'backward');
        expect(same(labels.data, states[s])).toBe(true);
      }
      expect(same(labels.data, original)).toBe(true);
      expect(labelVolumesMl(labels, counts)).toEqual(labelVolumesMl(labels));

      // restart: the map as saved after the last edit, the history from its bytes
      labels.data.set(states[states.length - 1]);
      const restored = EditHistory.fromBytes(saved, { maxDepth: 50 });
      while (restored.canUndo) restored.undo(labels);
      expect(same(labels.data, original)).toBe(true);
      while (restored.canRedo) restored.redo(labels);
      expect(same(labels.data, states[states.length - 1])).toBe(true);
    });
  }
});
