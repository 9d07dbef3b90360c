/**
 * Worker thread of the surface pool: makes one structure's surface (src/mesh labelSurface) per
 * task from a label map in shared memory and posts the mesh back with its buffers transferred.
 * The bounding boxes of all labels are found in one pass per map (tasks name their snapshot).
 */
import { parentPort } from 'node:worker_threads';
import { makeLabelMap } from '../core/volume.js';
import { labelBoundingBoxes, labelSurface } from '../mesh/index.js';
import type { SurfaceAnswer, SurfaceTask } from './surface-worker-messages.js';

const port = parentPort;
if (!port) throw new Error('surface-worker-node.ts runs only as a worker thread');

let boxesOf: { snapshot: number; boxes: Int32Array } | null = null;

port.on('message', (task: SurfaceTask) => {
  let answer: SurfaceAnswer;
  const transfer: ArrayBuffer[] = [];
  try {
    const labels = makeLabelMap(task.grid, {}, task.data);
    if (boxesOf?.snapshot !== task.snapshot)
      boxesOf = { snapshot: task.snapshot, boxes: labelBoundingBoxes(labels) };
    const boxIjk = boxesOf.boxes.subarray(6 * task.value, 6 * task.value + 6);
    const mesh = labelSurface(labels, task.value, { minSpacingMm: task.minSpacingMm, boxIjk });
    answer = { id: task.id, positionsLps: mesh.positionsLps, triangles: mesh.triangles };
    transfer.push(mesh.positionsLps.buffer as ArrayBuffer, mesh.triangles.buffer as ArrayBuffer);
  } catch (e) {
    answer = { id: task.id, error: e instanceof Error ? e.message : String(e) };
  }
  port.postMessage(answer, transfer);
});
