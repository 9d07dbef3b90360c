/**
 * `OffThread` on one worker thread per process (the machine has two cores: the calling thread
 * is the other). The worker starts on first use, is shared by every segmentation of the process
 * and keeps the process alive only while a task is pending. When its script cannot be found
 * (TypeScript sources without a build) or a task fails there, it runs on the calling thread:
 * slower, never wrong.
 */
import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { onThisThread, type OffThread } from './off-thread.js';
import type { OffThreadAnswer, OffThreadRequest } from './off-thread-worker-node.js';

type Request = OffThreadRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

let worker: Worker | null | undefined;
let nextId = 1;
const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

/** The compiled worker script beside this module, or in dist/ when running from sources. */
function scriptPath(): string | null {
  const here = fileURLToPath(import.meta.url);
  const path = here.endsWith('.js')
    ? join(here, '..', 'off-thread-worker-node.js')
    : join(here, '..', '..', '..', 'dist', 'segment', 'off-thread-worker-node.js');
  return existsSync(path) ? path : null;
}

function theWorker(): Worker | null {
  if (worker !== undefined) return worker;
  const path = scriptPath();
  if (!path) return (worker = null);
  const w = new Worker(path);
  w.on('message', (m: OffThreadAnswer) => {
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (pending.size === 0) w.unref();
    if ('error' in m) p.reject(new Error(m.error));
    else p.resolve(m.result);
  });
  w.on('error', (e) => {
    // a broken worker fails its pending tasks; later tasks run on the calling thread
    worker = null;
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  });
  // after the listeners: adding one refs the worker again
  w.unref();
  return (worker = w);
}

function send<T>(request: Request, transfer: ArrayBuffer[]): Promise<T> | null {
  const w = theWorker();
  if (!w) return null;
  const id = nextId++;
  return new Promise<T>((resolve, reject) => {
    pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
    w.ref();
    w.postMessage({ ...request, id }, transfer);
  });
}

/** Starts the worker now, so that it is ready by the time the first task comes; whether it runs. */
export function warmUpOffThread(): boolean {
  return theWorker() !== null;
}

/** The task on the worker; on this thread when there is none or it failed (tasks are pure). */
function offOrHere<T>(request: Request, here: () => Promise<T>): Promise<T> {
  const there = send<T>(request, []);
  return there ? there.catch(here) : here();
}

export const workerThread: OffThread = {
  enclosure: (grid, dense, maxDistanceMm) =>
    offOrHere({ task: 'enclosure', grid, dense, maxDistanceMm }, () =>
      onThisThread.enclosure(grid, dense, maxDistanceMm),
    ),
  femoralHead: (t) =>
    offOrHere({ task: 'femoralHead', hu: t.hu, masks: t.masks, searchMm: t.searchMm }, () =>
      onThisThread.femoralHead(t),
    ),
};
