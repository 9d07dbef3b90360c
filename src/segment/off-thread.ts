/**
 * The stages of the segmentation that can run beside the rest, behind one interface so that
 * the algorithms stay pure and the library isomorphic: `onThisThread` runs them inline (the
 * default, and in a browser); `off-thread-node.ts` runs them on a worker thread, so that both
 * cores of the machine work (the bone enclosure beside the cortical-shell holes, one femoral
 * head beside the other).
 */
import type { Grid, Volume } from '../core/volume.js';
import { boneEnclosure, type Enclosure } from './enclosed-by-bone.js';
import { findFemoralHead, type FemoralHead } from './femoral-head.js';

export interface FemoralHeadTask {
  hu: Volume<Float32Array>;
  masks: { hip: Uint8Array; femur: Uint8Array; bone: Uint8Array };
  searchMm: number;
}

export interface OffThread {
  /** `boneEnclosure` (enclosed-by-bone.ts). */
  enclosure(grid: Grid, dense: Uint8Array, maxDistanceMm: number): Promise<Enclosure>;
  /** `findFemoralHead` (femoral-head.ts). */
  femoralHead(task: FemoralHeadTask): Promise<FemoralHead | null>;
}

export const onThisThread: OffThread = {
  enclosure: (grid, dense, maxDistanceMm) => Promise.resolve(boneEnclosure(grid, dense, maxDistanceMm)),
  femoralHead: (t) => Promise.resolve(findFemoralHead(t.hu, t.masks, t.searchMm)),
};
