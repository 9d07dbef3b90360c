/** Messages between the server and its segmentation worker thread. */
import type { Grid } from '../core/volume.js';
import type { SegmentReport } from '../segment/index.js';

export interface SegmentWorkerInput {
  /** The study image (NIfTI) to segment. */
  imagePath: string;
}

export type SegmentWorkerMessage =
  | { type: 'progress'; fraction: number; message: string }
  | {
      type: 'done';
      grid: Grid;
      labels: Record<string, number>;
      data: Uint8Array;
      report: SegmentReport;
    }
  | { type: 'error'; message: string; userError: boolean };
