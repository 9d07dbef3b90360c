/**
 * Worker thread of `off-thread-node.ts`: runs one `OffThread` task per message and posts the
 * result back (its arrays transferred, not copied).
 */
import { parentPort } from 'node:worker_threads';
import type { Grid, Volume } from '../core/volume.js';
import { onThisThread, type FemoralHeadTask } from './off-thread.js';

export type OffThreadRequest =
  | { id: number; task: 'enclosure'; grid: Grid; dense: Uint8Array; maxDistanceMm: number }
  | {
      id: number;
      task: 'femoralHead';
      hu: Volume<Float32Array>;
      masks: FemoralHeadTask['masks'];
      searchMm: number;
    };

export type OffThreadAnswer = { id: number; result: unknown } | { id: number; error: string };

const port = parentPort;
if (!port) throw new Error('off-thread-worker-node.ts runs only as a worker thread');
port.on('message', (m: OffThreadRequest) => {
  void (async () => {
    try {
      if (m.task === 'enclosure') {
        const e = await onThisThread.enclosure(m.grid, m.dense, m.maxDistanceMm);
        port.postMessage({ id: m.id, result: e } satisfies OffThreadAnswer, [
          e.hits.buffer as ArrayBuffer,
          e.axialGapMm.buffer as ArrayBuffer,
        ]);
      } else {
        const head = await onThisThread.femoralHead({ hu: m.hu, masks: m.masks, searchMm: m.searchMm });
        port.postMessage({ id: m.id, result: head } satisfies OffThreadAnswer);
      }
    } catch (e) {
      port.postMessage({
        id: m.id,
        error: e instanceof Error ? e.message : String(e),
      } satisfies OffThreadAnswer);
    }
  })();
});
