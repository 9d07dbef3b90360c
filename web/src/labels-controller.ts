/**
 * The label map of the open study on the page: loading it, running the segmentation job,
 * sending edits (one at a time, in order) and applying the answers to the viewer and the
 * shared state. Views call this instead of the API so that the overlay, the volumes, the
 * undo/redo state and the 3D surfaces always change together.
 */
import { ApiError, api, watchJob, type EditBody, type EditResult, type LabelState } from './api.js';
import type { MeshBundle } from '../../src/mesh/mesh-bundle.js';
import type { Store } from './state.js';
import { MARKS } from './marks.js';
import type { Viewer, OverlayStyle } from './viewer.js';

/** Surfaces are made again this long after the last edit (not after every dab of a stroke). */
const SURFACE_DELAY_MS = 700;

export class LabelsController {
  private queue: Promise<unknown> = Promise.resolve();
  private surfaceTimer: ReturnType<typeof setTimeout> | null = null;
  private staleSurfaces = new Set<string>();
  /** Per structure: the label map revision of the surface shown (older answers are dropped). */
  private surfaceRevision = new Map<string, number>();

  constructor(
    private readonly store: Store,
    private readonly viewer: Viewer,
    private readonly notify: (message: string, kind?: 'error' | 'info') => void,
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
    if (this.store.get().study?.id !== studyId || !this.viewer.hasLabels) this.surfaceRevision.clear();
    // the surfaces (made on the server as soon as the segmentation ended) load with the map
    const surfaces = api.surfaces(studyId, { revision: state.revision });
    await this.viewer.showLabels(api.labelsUrl(studyId, state.revision), state.labels, this.style());
    const active = this.store.get().activeLabel;
    this.store.set({ labels: state, activeLabel: active in state.labels ? active : 'sacrum' });
    // the slices do not wait for the 3D surfaces
    void this.showSurfaces(studyId, { request: surfaces, names: Object.keys(state.labels) }).catch((e) =>
      this.surfaceFailed(e),
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
    const changed = result.changed_labels;
    this.store.set({
      labels: {
        ...s.labels,
        volumes_ml: result.volumes_ml,
        revision: result.revision,
        can_undo: result.can_undo,
        can_redo: result.can_redo,
      },
    });
    if (changed.length === 0) return;
    for (const n of changed) this.staleSurfaces.add(n);
    if (this.surfaceTimer) clearTimeout(this.surfaceTimer);
    const studyId = s.study.id;
    this.surfaceTimer = setTimeout(() => {
      this.surfaceTimer = null;
      const names = [...this.staleSurfaces];
      this.staleSurfaces.clear();
      const revision = this.store.get().labels?.revision ?? 0;
      const request = api.surfaces(studyId, { names, revision });
      void this.showSurfaces(studyId, { request, names }).catch((e) => this.surfaceFailed(e));
    }, SURFACE_DELAY_MS);
  }

  /**
   * Shows the surfaces of `names` from a bundle request, unless the study changed meanwhile;
   * a structure whose shown surface is of a newer revision than the bundle keeps it.
   */
  private async showSurfaces(
    studyId: string,
    change: { request: Promise<MeshBundle>; names: string[] },
  ): Promise<void> {
    const bundle = await change.request;
    if (this.store.get().study?.id !== studyId) return;
    const newer = (n: string) => (this.surfaceRevision.get(n) ?? -1) > bundle.revision;
    const names = change.names.filter((n) => !newer(n));
    const meshes = bundle.meshes.filter((m) => !newer(m.name));
    for (const n of names) this.surfaceRevision.set(n, bundle.revision);
    await this.viewer.setSurfaces({ ...bundle, meshes }, names, this.style());
  }

  private surfaceFailed(e: unknown): void {
    this.notify(`3D surfaces not shown: ${(e as Error).message}`, 'error');
  }
}
