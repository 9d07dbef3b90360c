/**
 * Runs the automatic segmentation of one image in a worker thread and resolves with the label
 * map on the image's grid. The worker is the compiled `segment-worker-node.js` next to this
 * file; when the server runs from TypeScript sources (vitest), the built copy in `dist/` is
 * used, so `npm run build` must have run.
 */
import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../core/errors.js';
import type { ProgressFn } from '../core/progress.js';
import { makeLabelMap, type LabelMap } from '../core/volume.js';
import type { SegmentReport } from '../segment/index.js';
import { REPO_ROOT } from './config.js';
import type { SegmentWorkerInput, SegmentWorkerMessage } from './segment-worker-messages.js';

export interface SegmentRun {
  labels: LabelMap;
  report: SegmentReport;
}

/** Path of the worker script: beside this module when compiled, else in dist/. */
export function segmentWorkerPath(): string {
  const here = fileURLToPath(import.meta.url);
  const path = here.endsWith('.js')
    ? join(here, '..', 'segment-worker-node.js')
    : join(REPO_ROOT, 'dist', 'server', 'segment-worker-node.js');
  if (!existsSync(path)) throw new Error(`${path} is missing: run npm run build`);
  return path;
}

export function runSegmentWorker(
  imagePath: string,
  options: { onProgress: ProgressFn; signal: AbortSignal },
): Promise<SegmentRun> {
  const input: SegmentWorkerInput = { imagePath };
  const worker = new Worker(segmentWorkerPath(), { workerData: input });
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
