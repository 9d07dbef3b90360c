/**
 * The label map of the open study on the page: loading it, running the segmentation job,
 * sending edits (one at a time, in order) and applying the answers to the viewer and the
 * shared state. Views call this instead of the API so that the overlay, the volumes, the
 * undo/redo state and the 3D surfaces always change together.
 */
import { ApiError, api, watchJob, type EditBody, type EditResult, type LabelState } from './api.js';
import type { Store } from './state.js';
import { MARKS } from './marks.js';
import type { Viewer, OverlayStyle } from './viewer.js';

/** Surfaces are rebuilt this long after the last edit of a structure. */
const SURFACE_DELAY_MS = 1200;

export class LabelsController {
  private queue: Promise<unknown> = Promise.resolve();
  private surfaceTimer: ReturnType<typeof setTimeout> | null = null;
  private staleSurfaces = new Set<string>();

  constructor(
    private readonly store: Store,
    private readonly viewer: Viewer,
  ) {}

  style(): OverlayStyle {
    const s = this.store.get();
    return { hidden: s.hidden, opacity: s.opacity, overlayOpacity: s.overlayOpacity };
  }

  /** Loads the study's label map if it has one (labels stays null otherwise). */
  async load(studyId: string): Promise<void> {
    let state: LabelState;
    try {
      state = await api.labelState(studyId);
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) {
        this.store.set({ labels: null });
        return;
      }
      throw e;
    }
    await this.viewer.showLabels(api.labelsUrl(studyId, state.revision), state.labels, this.style());
    const active = this.store.get().activeLabel;
    this.store.set({ labels: state, activeLabel: active in state.labels ? active : 'sacrum' });
    // the 3D surfaces follow; the slices do not wait for them
    void this.rebuildSurfaces(Object.keys(state.labels).filter((n) => state.volumes_ml[n] > 0)).catch(
      () => undefined,
    );
  }

  /** Runs the automatic segmentation with live progress; shows the result when done. */
  async segment(): Promise<void> {
    const study = this.store.get().study;
    if (!study) return;
    const { job, status } = await api.startSegmentation(study.id);
    this.store.set({ job: status });
    const final = await watchJob(job, (s) => this.store.set({ job: s }));
    if (final.state === 'failed')
      throw new ApiError(`segmentation failed: ${final.error ?? 'unknown error'}`, 500);
    await this.load(study.id);
    this.store.set({ study: { ...study, segmented: true } });
    this.centreOnSacrum();
  }

  /** Moves the crosshair to the centroid of the sacrum, when there is one. */
  centreOnSacrum(): void {
    const sacrum = this.store.get().labels?.labels.sacrum;
    const centre = sacrum === undefined ? null : this.viewer.centroidOf(sacrum);
    if (centre) this.viewer.moveTo(centre);
  }

  edit(body: EditBody): Promise<EditResult> {
    return this.enqueue(() => api.edit(this.studyId(), body));
  }

  undo(): Promise<EditResult> {
    return this.enqueue(() => api.undo(this.studyId()));
  }

  redo(): Promise<EditResult> {
    return this.enqueue(() => api.redo(this.studyId()));
  }

  /** Re-applies colours, visibility and opacity after a change in the state. */
  restyle(): void {
    const labels = this.store.get().labels;
    if (labels) this.viewer.styleLabels(labels.labels, this.style());
  }

  private studyId(): string {
    const study = this.store.get().study;
    if (!study) throw new ApiError('no study is open', 0);
    return study.id;
  }

  private enqueue(send: () => Promise<EditResult>): Promise<EditResult> {
    const run = this.queue.then(async () => {
      const result = await send();
      performance.mark(MARKS.editAnswered);
      await this.apply(result);
      return result;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async apply(result: EditResult): Promise<void> {
    const s = this.store.get();
    if (!s.labels || !s.study) return;
    if (result.patch) this.viewer.applyPatch(result.patch);
    else if (result.changed_voxels > 0) {
      await this.viewer.showLabels(api.labelsUrl(s.study.id, result.revision), s.labels.labels, this.style());
      performance.mark(MARKS.editApplied);
    }
    const changed = Object.keys(result.volumes_ml).filter(
      (n) => result.volumes_ml[n] !== s.labels?.volumes_ml[n],
    );
    this.store.set({
      labels: {
        ...s.labels,
        volumes_ml: result.volumes_ml,
        revision: result.revision,
        can_undo: result.can_undo,
        can_redo: result.can_redo,
      },
    });
    for (const n of changed) this.staleSurfaces.add(n);
    if (this.surfaceTimer) clearTimeout(this.surfaceTimer);
    this.surfaceTimer = setTimeout(() => {
      const names = [...this.staleSurfaces];
      this.staleSurfaces.clear();
      void this.rebuildSurfaces(names);
    }, SURFACE_DELAY_MS);
  }

  private async rebuildSurfaces(names: string[]): Promise<void> {
    const study = this.store.get().study;
    const labels = this.store.get().labels;
    if (!study || !labels || names.length === 0) return;
    const revision = labels.revision;
    await this.viewer.showSurfaces(
      names,
      (n) => `${api.stlUrl(study.id, n, 'ras')}&rev=${revision}`,
      this.style(),
    );
  }
}
