/**
 * Long server jobs (segmentation): queued, run one at a time (the machine's cores go to one
 * CPU-heavy job, each in its own worker thread), observed by polling or by subscribing (SSE).
 * Jobs live in memory: after a restart their ids are unknown (404) while their results, saved
 * by the job itself, remain.
 */
import { randomBytes } from 'node:crypto';
import { InputError, formatInputError } from '../core/errors.js';
import type { ProgressFn } from '../core/progress.js';

export type JobState = 'queued' | 'running' | 'done' | 'failed';

/** What `GET /api/jobs/:job` answers (contract: state, progress 0..1, error when failed). */
export interface JobStatus {
  id: string;
  kind: string;
  study: string;
  state: JobState;
  progress: number;
  message: string;
  error?: string;
  created: string;
  finished?: string;
}

export interface JobWork {
  kind: string;
  study: string;
  /** Does the work; throws to fail the job (an InputError's text becomes `error`). */
  run: (onProgress: ProgressFn, signal: AbortSignal) => Promise<void>;
}

type Listener = (status: JobStatus) => void;

interface Job {
  status: JobStatus;
  work: JobWork;
  listeners: Set<Listener>;
  abort: AbortController;
}

/** Finished jobs kept for status queries. */
const FINISHED_KEPT = 200;

export class JobQueue {
  private readonly jobs = new Map<string, Job>();
  private readonly waiting: Job[] = [];
  private running: Job | null = null;

  /** Queues work and returns its status; the same study and kind already queued or running is reused. */
  submit(work: JobWork): JobStatus {
    for (const job of this.jobs.values()) {
      const s = job.status;
      if (s.study === work.study && s.kind === work.kind && (s.state === 'queued' || s.state === 'running'))
        return { ...s };
    }
    const job: Job = {
      status: {
        id: randomBytes(8).toString('hex'),
        kind: work.kind,
        study: work.study,
        state: 'queued',
        progress: 0,
        message: 'waiting for a free worker',
        created: new Date().toISOString(),
      },
      work,
      listeners: new Set(),
      abort: new AbortController(),
    };
    this.jobs.set(job.status.id, job);
    this.waiting.push(job);
    this.forgetOld();
    queueMicrotask(() => this.next());
    return { ...job.status };
  }

  get(id: string): JobStatus {
    const job = this.jobs.get(id);
    if (!job) throw new InputError(`no job "${id}"`, {}, 'NOT_FOUND');
    return { ...job.status };
  }

  /** The newest job of a study (any state), or null. */
  latestFor(study: string, kind: string): JobStatus | null {
    let found: JobStatus | null = null;
    for (const job of this.jobs.values())
      if (job.status.study === study && job.status.kind === kind) found = job.status;
    return found ? { ...found } : null;
  }

  /**
   * Calls `listener` with every change of the job until it is done or failed; returns the
   * function that stops listening. A finished job gets no calls.
   */
  subscribe(id: string, listener: Listener): () => void {
    const job = this.jobs.get(id);
    if (!job) throw new InputError(`no job "${id}"`, {}, 'NOT_FOUND');
    job.listeners.add(listener);
    return () => job.listeners.delete(listener);
  }

  /** Fails the queued and running jobs of a study (it is being deleted). */
  cancelStudy(study: string): void {
    for (const job of this.jobs.values()) {
      if (job.status.study !== study) continue;
      if (job.status.state === 'queued') {
        this.waiting.splice(this.waiting.indexOf(job), 1);
        this.finish(job, new InputError('the study was deleted'));
      } else if (job.status.state === 'running') job.abort.abort();
    }
  }

  /** Waits for the running and queued jobs (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running || this.waiting.length) await new Promise((r) => setTimeout(r, 20));
  }

  /** Aborts everything (server shutdown). */
  close(): void {
    for (const job of this.waiting.splice(0)) this.finish(job, new InputError('the server is shutting down'));
    this.running?.abort.abort();
  }

  private next(): void {
    if (this.running) return;
    const job = this.waiting.shift();
    if (!job) return;
    this.running = job;
    this.update(job, { state: 'running', message: 'starting' });
    const onProgress: ProgressFn = (fraction, message) => {
      if (job.status.state !== 'running') return;
      const progress = Math.max(job.status.progress, Math.min(0.99, Math.max(0, fraction)));
      this.update(job, { progress, message });
    };
    job.work
      .run(onProgress, job.abort.signal)
      .then(
        () => this.finish(job, null),
        (e: unknown) => this.finish(job, e),
      )
      .finally(() => {
        this.running = null;
        this.next();
      });
  }

  private finish(job: Job, error: unknown): void {
    const finished = new Date().toISOString();
    if (error === null) this.update(job, { state: 'done', progress: 1, message: 'done', finished });
    else {
      const text = jobErrorText(error);
      this.update(job, { state: 'failed', message: 'failed', error: text, finished });
    }
    job.listeners.clear();
  }

  private update(job: Job, change: Partial<JobStatus>): void {
    job.status = { ...job.status, ...change };
    for (const l of job.listeners) l({ ...job.status });
  }

  private forgetOld(): void {
    const finished = [...this.jobs.values()].filter((j) => j.status.finished);
    for (const job of finished.slice(0, Math.max(0, finished.length - FINISHED_KEPT)))
      this.jobs.delete(job.status.id);
  }
}

/** One line for a failed job: the user error's text, or the fault's message. */
function jobErrorText(e: unknown): string {
  if (e instanceof InputError) return formatInputError(e);
  const m = e instanceof Error ? e.message : String(e);
  return `internal error: ${m.split('\n')[0]}`;
}
