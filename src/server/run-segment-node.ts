/**
 * Runs the automatic segmentation of one image in a worker thread and resolves with the label
 * map on the image's grid. The worker is the compiled `segment-worker-node.js` (worker-path-node.ts).
 */
import { Worker } from 'node:worker_threads';
import { InputError } from '../core/errors.js';
import type { ProgressFn } from '../core/progress.js';
import { makeLabelMap, type LabelMap } from '../core/volume.js';
import type { SegmentReport } from '../segment/index.js';
import { workerScriptPath } from './worker-path-node.js';
import type { SegmentWorkerInput, SegmentWorkerMessage } from './segment-worker-messages.js';

export interface SegmentRun {
  labels: LabelMap;
  report: SegmentReport;
}

export function runSegmentWorker(
  imagePath: string,
  options: { onProgress: ProgressFn; signal: AbortSignal },
): Promise<SegmentRun> {
  const input: SegmentWorkerInput = { imagePath };
  const worker = new Worker(workerScriptPath('segment-worker-node'), { workerData: input });
  return new Promise<SegmentRun>((resolve, reject) => {
    let settled = false;
    const settle = (f: () => void) => {
      if (settled) return;
      settled = true;
      options.signal.removeEventListener('abort', onAbort);
      f();
      void worker.terminate();
    };
    const onAbort = () => settle(() => reject(new InputError('the job was cancelled')));
    options.signal.addEventListener('abort', onAbort);
    worker.on('message', (m: SegmentWorkerMessage) => {
      if (m.type === 'progress') options.onProgress(m.fraction, m.message);
      else if (m.type === 'done')
        settle(() => resolve({ labels: makeLabelMap(m.grid, m.labels, m.data), report: m.report }));
      else
        settle(() =>
          reject(m.userError ? new InputError(m.message) : new Error(`segmentation failed: ${m.message}`)),
        );
    });
    worker.on('error', (e) => settle(() => reject(e)));
    worker.on('exit', (code) =>
      settle(() => reject(new Error(`the segmentation worker stopped (exit code ${code})`))),
    );
  });
}
