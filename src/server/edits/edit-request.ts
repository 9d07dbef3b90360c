/**
 * The body of `POST /api/studies/:id/edits`, checked field by field. The contract's sphere brush
 * is `{"op": "paint" | "erase", "label": NAME, "center_lps": [x, y, z], "radius_mm": R}`; the
 * workstation adds, as its own design:
 * - on paint/erase: `path_lps` (further brush centres of the same stroke: one undo step),
 *   `min_hu`/`max_hu` (threshold painting: only voxels whose CT value is in range) and
 *   `protect` (label names paint must not overwrite);
 * - `{"op": "grow", "label", "seeds_lps": [[x,y,z], ...], "min_hu", "max_hu", "max_volume_ml"?}`;
 * - `{"op": "remove_islands", "label", "min_volume_ml"?}` (default: keep the largest piece);
 * - `{"op": "fill_holes", "label", "slices"?: "axial" | "coronal" | "sagittal"}`;
 * - `{"op": "smooth", "label", "radius_mm"}`.
 * Points are patient LPS mm. A bad field throws an InputError naming it (answered with 400).
 */
import { InputError } from '../../core/errors.js';
import type { Vec3 } from '../../core/vec.js';

/** Largest brush or smoothing radius accepted (mm). */
export const MAX_RADIUS_MM = 100;
/** Most brush centres in one stroke, seeds in one grow. */
export const MAX_POINTS = 5000;

export type EditRequest =
  | {
      op: 'paint' | 'erase';
      label: string;
      centersLps: Vec3[];
      radiusMm: number;
      huRange: [number, number] | null;
      protect: string[];
    }
  | {
      op: 'grow';
      label: string;
      seedsLps: Vec3[];
      minHu: number;
      maxHu: number;
      maxVolumeMl: number | null;
      protect: string[];
    }
  | { op: 'remove_islands'; label: string; minVolumeMl: number | null }
  | { op: 'fill_holes'; label: string; slices: 'axial' | 'coronal' | 'sagittal' | null }
  | { op: 'smooth'; label: string; radiusMm: number };

const OPS = ['paint', 'erase', 'grow', 'remove_islands', 'fill_holes', 'smooth'] as const;

export function parseEditRequest(body: unknown): EditRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new InputError('the edit must be a JSON object', { field: 'body' });
  const b = body as Record<string, unknown>;
  const op = b.op;
  if (typeof op !== 'string' || !(OPS as readonly string[]).includes(op))
    throw new InputError(`${JSON.stringify(op)} is not one of ${OPS.join(', ')}`, { field: 'op' });
  const label = b.label;
  if (typeof label !== 'string' || label === '')
    throw new InputError(`${JSON.stringify(label)} is not a structure name`, { field: 'label' });
  switch (op) {
    case 'paint':
    case 'erase': {
      const centersLps = [point(b.center_lps, 'center_lps')];
      if (b.path_lps !== undefined) centersLps.push(...points(b.path_lps, 'path_lps', 0));
      const hasHu = b.min_hu !== undefined || b.max_hu !== undefined;
      return {
        op,
        label,
        centersLps,
        radiusMm: radius(b.radius_mm, 'radius_mm'),
        huRange: hasHu ? huRange(b) : null,
        protect: names(b.protect, 'protect'),
      };
    }
    case 'grow': {
      const [minHu, maxHu] = huRange(b);
      return {
        op,
        label,
        seedsLps: points(b.seeds_lps, 'seeds_lps', 1),
        minHu,
        maxHu,
        maxVolumeMl: b.max_volume_ml === undefined ? null : positive(b.max_volume_ml, 'max_volume_ml'),
        protect: names(b.protect, 'protect'),
      };
    }
    case 'remove_islands':
      return {
        op,
        label,
        minVolumeMl: b.min_volume_ml === undefined ? null : positive(b.min_volume_ml, 'min_volume_ml'),
      };
    case 'fill_holes': {
      const s = b.slices;
      if (s !== undefined && s !== 'axial' && s !== 'coronal' && s !== 'sagittal')
        throw new InputError(`${JSON.stringify(s)} is not axial, coronal or sagittal`, { field: 'slices' });
      return { op, label, slices: s ?? null };
    }
    default:
      return { op: 'smooth', label, radiusMm: radius(b.radius_mm, 'radius_mm') };
  }
}

/** True when the edit reads the CT (threshold painting, region growing). */
export function editNeedsCt(e: EditRequest): boolean {
  return e.op === 'grow' || ((e.op === 'paint' || e.op === 'erase') && e.huRange !== null);
}

/** Every label name the edit refers to. */
export function editLabelNames(e: EditRequest): string[] {
  return 'protect' in e ? [e.label, ...e.protect] : [e.label];
}

function point(v: unknown, field: string): Vec3 {
  if (!Array.isArray(v) || v.length !== 3 || !v.every((x) => typeof x === 'number' && Number.isFinite(x)))
    throw new InputError(`${JSON.stringify(v)} is not an LPS point [x, y, z] in mm`, { field });
  return [v[0], v[1], v[2]];
}

function points(v: unknown, field: string, min: number): Vec3[] {
  if (!Array.isArray(v) || v.length < min || v.length > MAX_POINTS)
    throw new InputError(`must be a list of ${min}-${MAX_POINTS} LPS points [x, y, z]`, { field });
  return v.map((p, i) => point(p, `${field}[${i}]`));
}

function positive(v: unknown, field: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0)
    throw new InputError(`${JSON.stringify(v)} must be a positive number`, { field });
  return v;
}

function radius(v: unknown, field: string): number {
  const r = positive(v, field);
  if (r > MAX_RADIUS_MM) throw new InputError(`${r} mm is over the ${MAX_RADIUS_MM} mm limit`, { field });
  return r;
}

function huRange(b: Record<string, unknown>): [number, number] {
  const lo = b.min_hu;
  const hi = b.max_hu;
  if (typeof lo !== 'number' || Number.isNaN(lo))
    throw new InputError(`${JSON.stringify(lo)} is not a number (HU)`, { field: 'min_hu' });
  if (typeof hi !== 'number' || Number.isNaN(hi))
    throw new InputError(`${JSON.stringify(hi)} is not a number (HU)`, { field: 'max_hu' });
  if (lo > hi) throw new InputError(`min_hu ${lo} is above max_hu ${hi}`, { field: 'min_hu' });
  return [lo, hi];
}

function names(v: unknown, field: string): string[] {
  if (v === undefined) return [];
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string'))
    throw new InputError(`${JSON.stringify(v)} is not a list of structure names`, { field });
  return v as string[];
}
