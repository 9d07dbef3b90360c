/** Messages between the server and its surface worker threads (surface-worker-node.ts). */
import type { Grid } from '../core/volume.js';

/** One structure's surface to make from a label map held in shared memory. */
export interface SurfaceTask {
  id: number;
  grid: Grid;
  /** The label map's voxels, backed by a SharedArrayBuffer (read only). */
  data: Uint8Array;
  /** Same number = same map: a worker finds the label boxes once per map, not per structure. */
  snapshot: number;
  value: number;
  /** labelSurface's `minSpacingMm` (0: the map's own voxels). */
  minSpacingMm: number;
}

export type SurfaceAnswer =
  { id: number; positionsLps: Float32Array; triangles: Uint32Array } | { id: number; error: string };
