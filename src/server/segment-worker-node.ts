/**
 * Worker thread of a segmentation job: reads the study image, runs `segmentCt` and posts the
 * label map back with its buffer transferred (no copy). Progress goes up as messages so the
 * server's event loop stays free while the CPU works here.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { readImage } from '../io/read-image-node.js';
import { segmentCt } from '../segment/index.js';
import { warmUpOffThread, workerThread } from '../segment/off-thread-node.js';
import { gridOf } from '../core/volume.js';
import { isInputError } from '../core/errors.js';
import type { SegmentWorkerInput, SegmentWorkerMessage } from './segment-worker-messages.js';

const port = parentPort;
if (!port) throw new Error('segment-worker-node.ts runs only as a worker thread');
const post = (m: SegmentWorkerMessage, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

const input = workerData as SegmentWorkerInput;
try {
  post({ type: 'progress', fraction: 0, message: 'reading the image' });
  warmUpOffThread();
  const { volume } = await readImage(input.imagePath);
  const { labels, report } = await segmentCt(volume, {
    onProgress: (fraction, message) => post({ type: 'progress', fraction, message }),
    offThread: workerThread,
  });
  const data = labels.data;
  post({ type: 'done', grid: gridOf(labels), labels: { ...labels.labels }, data, report }, [
    data.buffer as ArrayBuffer,
  ]);
} catch (e) {
  post({
    type: 'error',
    message: e instanceof Error ? e.message : String(e),
    userError: isInputError(e),
  });
}
