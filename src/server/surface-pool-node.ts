/**
 * A few worker threads that make structure surfaces (surface-worker-node.ts), so that meshing
 * never blocks the server's event loop and the structures of one request are meshed in
 * parallel. Workers start on first use, do not keep the process alive, and a crashed worker
 * fails only its own task.
 */
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import type { Grid } from '../core/volume.js';
import type { Mesh } from '../mesh/index.js';
import { workerScriptPath } from './worker-path-node.js';
import type { SurfaceAnswer, SurfaceTask } from './surface-worker-messages.js';

interface Pending {
  task: SurfaceTask;
  resolve: (mesh: Mesh) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  busy: Pending | null;
}

/** Default pool size: one per core, at most 4 (meshing comes in short bursts). */
export function defaultSurfaceWorkers(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}

export class SurfacePool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private nextSnapshot = 1;
  private closed = false;

  constructor(private readonly size = defaultSurfaceWorkers()) {}

  /** A number naming one label map for `surface` (its label boxes are then found once). */
  newSnapshot(): number {
    return this.nextSnapshot++;
  }

  /**
   * The surface of label `value` of a map whose voxels are in shared memory (LPS mm); calls
   * with the same `snapshot` (newSnapshot) must pass the same, unchanged map.
   */
  surface(
    map: { grid: Grid; data: Uint8Array; snapshot: number },
    options: { value: number; minSpacingMm: number },
  ): Promise<Mesh> {
    if (this.closed) return Promise.reject(new Error('the surface pool is closed'));
    if (!(map.data.buffer instanceof SharedArrayBuffer))
      return Promise.reject(new TypeError('surface(): the label map must be in a SharedArrayBuffer'));
    return new Promise<Mesh>((resolve, reject) => {
      const task: SurfaceTask = { id: this.nextId++, ...map, ...options };
      this.queue.push({ task, resolve, reject });
      this.dispatch();
    });
  }

  /**
   * Starts every worker and has each mesh a small ball, so that the first real surfaces do not
   * wait for thread start-up, module loading and the compiler's warm-up (call it when surfaces
   * will soon be wanted: a segmentation starts).
   */
  warm(): void {
    if (this.closed || this.slots.length >= this.size) return;
    const n = 16;
    const data = new Uint8Array(new SharedArrayBuffer(n * n * n));
    for (let k = 0; k < n; k++)
      for (let j = 0; j < n; j++)
        for (let i = 0; i < n; i++)
          if (Math.hypot(i - 7.5, j - 7.5, k - 7.5) < 5) data[i + n * (j + n * k)] = 1;
    const grid = {
      dims: [n, n, n],
      spacingMm: [1, 1, 1],
      originLps: [0, 0, 0],
      direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
    } as const;
    const snapshot = this.newSnapshot();
    for (let w = this.slots.length; w < this.size; w++)
      void this.surface({ grid, data, snapshot }, { value: 1, minSpacingMm: 0 }).catch(() => undefined);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new Error('the server is closing'));
    await Promise.all(this.slots.splice(0).map((s) => s.worker.terminate()));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => s.busy === null);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) return;
      const next = this.queue.shift() as Pending;
      slot.busy = next;
      slot.worker.ref();
      slot.worker.postMessage(next.task);
    }
  }

  private spawn(): Slot {
    const worker = new Worker(workerScriptPath('surface-worker-node'));
    const slot: Slot = { worker, busy: null };
    worker.unref();
    worker.on('message', (m: SurfaceAnswer) => {
      const job = slot.busy;
      slot.busy = null;
      worker.unref();
      if (job && job.task.id === m.id) {
        if ('error' in m) job.reject(new Error(`surface of label ${job.task.value}: ${m.error}`));
        else job.resolve({ positionsLps: m.positionsLps, triangles: m.triangles });
      }
      this.dispatch();
    });
    const fail = (e: Error) => {
      const i = this.slots.indexOf(slot);
      if (i >= 0) this.slots.splice(i, 1);
      slot.busy?.reject(e);
      slot.busy = null;
      if (!this.closed) this.dispatch();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`a surface worker stopped (exit code ${code})`)));
    this.slots.push(slot);
    return slot;
  }
}
