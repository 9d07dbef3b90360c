/**
 * Shared viewer state: one small observable store that every view reads and changes, so a new
 * capability (planning, fluoroscopy, verification) adds a view that subscribes here instead of
 * reaching into other views.
 */
import type { JobStatus, LabelState, Study } from './api.js';

export type Tool = 'navigate' | 'pan' | 'measure' | 'brush' | 'eraser' | 'threshold' | 'grow';

export interface WindowLevel {
  centerHu: number;
  widthHu: number;
}

export interface Measurement {
  id: number;
  startLps: [number, number, number];
  endLps: [number, number, number];
  distanceMm: number;
  meanHu: number | null;
  minHu: number | null;
  maxHu: number | null;
}

export interface ViewerState {
  study: Study | null;
  labels: LabelState | null;
  /** Structure the refinement tools write. */
  activeLabel: string;
  /** Per structure: shown or hidden, and its opacity 0..1. */
  hidden: Record<string, boolean>;
  opacity: Record<string, number>;
  /** Opacity of the whole label overlay on the slices, 0..1. */
  overlayOpacity: number;
  /** 3D view: surfaces of the structures, or the CT volume rendering. */
  render3d: 'surfaces' | 'volume';
  tool: Tool;
  brushRadiusMm: number;
  /** HU range of threshold painting and region growing. */
  huRange: [number, number];
  growMaxMl: number;
  window: WindowLevel;
  job: JobStatus | null;
  /** Crosshair position and the CT value there. */
  cursor: { lps: [number, number, number]; hu: number | null } | null;
  measurements: Measurement[];
  /** A short text while something slow runs (upload, edit, loading). */
  busy: string | null;
}

export const WINDOW_PRESETS: Record<string, WindowLevel & { key: string; label: string }> = {
  bone: { key: '1', label: 'Bone', centerHu: 400, widthHu: 1800 },
  soft: { key: '2', label: 'Soft tissue', centerHu: 40, widthHu: 400 },
  wide: { key: '3', label: 'Wide', centerHu: 200, widthHu: 3000 },
};

/** Neighbouring bones drawn fainter so that the sacrum, canal and foramina stay visible in 3D. */
export const CONTEXT_OPACITY: Record<string, number> = {
  hip_left: 0.35,
  hip_right: 0.35,
  femur_left: 0.35,
  femur_right: 0.35,
  L4: 0.6,
};

type Listener = (state: ViewerState, previous: ViewerState) => void;

export class Store {
  private state: ViewerState;
  private readonly listeners = new Set<Listener>();

  constructor(initial: ViewerState) {
    this.state = initial;
  }

  get(): ViewerState {
    return this.state;
  }

  set(change: Partial<ViewerState>): void {
    const previous = this.state;
    this.state = { ...previous, ...change };
    for (const l of this.listeners) l(this.state, previous);
  }

  /** Calls `listener` on every change; returns the function that stops it. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

export function initialState(): ViewerState {
  return {
    study: null,
    labels: null,
    activeLabel: 'sacrum',
    hidden: {},
    opacity: { ...CONTEXT_OPACITY },
    overlayOpacity: 0.5,
    render3d: 'surfaces',
    tool: 'navigate',
    brushRadiusMm: 5,
    huRange: [150, 3000],
    growMaxMl: 20,
    window: { centerHu: WINDOW_PRESETS.bone.centerHu, widthHu: WINDOW_PRESETS.bone.widthHu },
    job: null,
    cursor: null,
    measurements: [],
    busy: null,
  };
}

export const store = new Store(initialState());
