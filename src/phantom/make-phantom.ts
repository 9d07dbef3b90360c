/**
 * `makePhantom`: a synthetic pelvis CT with exact ground truth for every structure of the
 * `segment` contract, on any grid. Used by the tests of every capability (segmentation,
 * planning, DRR, verification) and by the benchmarks.
 */
import type { Grid, LabelMap, Volume } from '../core/volume.js';
import { makeLabelMap, makeVolume } from '../core/volume.js';
import type { Vec3 } from '../core/vec.js';
import type { ProgressFn } from '../core/progress.js';
import { noProgress, subProgress } from '../core/progress.js';
import { SACRAL_LABELS } from '../anatomy/labels.js';
import type { PhantomGridOptions } from './phantom-grid.js';
import { phantomGrid } from './phantom-grid.js';
import type { PelvisModel } from './pelvis-model.js';
import { createPelvisModel } from './pelvis-model.js';
import { anatomyToWorld, rasterizePelvis } from './rasterize-pelvis.js';
import { synthesizeCt } from './synthesize-ct.js';
import { Tissue } from './tissues.js';
import type { BreachTruth, CementTruth, StructureTruth } from './phantom-truth.js';
import { breachTruth, cementTruth, structureTruth } from './phantom-truth.js';

export interface PhantomOptions extends PhantomGridOptions {
  seed: number;
  lesion: boolean;
  /** Cement in the lesion with a small extravasation (implies a lesion). */
  cement: boolean;
  /** A 3 mm trocar from a dorsal entry to the lesion centre (implies a lesion). */
  needle: boolean;
  contrast: boolean;
  osteoporotic: boolean;
  boneOnly: boolean;
  noiseHu: number;
  blurMm: number;
  onProgress?: ProgressFn;
}

export const DEFAULT_PHANTOM_OPTIONS: PhantomOptions = {
  seed: 1,
  lesion: false,
  cement: false,
  needle: false,
  contrast: false,
  osteoporotic: false,
  boneOnly: false,
  noiseHu: 12,
  blurMm: 0.6,
  spacingMm: [1.5, 1.5, 1.5],
  fovMm: [340, 250, 230],
  orientation: 'LPS',
  obliqueDeg: 0,
  centreLps: [0, 0, -20],
};

export interface PhantomTruth {
  generator: string;
  seed: number;
  options: Record<string, unknown>;
  labels: Record<string, number>;
  structures: Record<string, StructureTruth>;
  lesion: {
    volume_ml: number;
    centroid_lps: Vec3 | null;
    breach_side: string;
    cortical_breaches: BreachTruth[];
  } | null;
  cement: CementTruth | null;
  needle: { tip_lps: Vec3; entry_lps: Vec3 } | null;
  landmarks: Record<string, Vec3>;
}

export interface Phantom {
  ct: Volume<Int16Array>;
  labels: LabelMap;
  /** 1 where there is cement (only with `cement`). */
  cementMask: Volume<Uint8Array> | null;
  truth: PhantomTruth;
  model: PelvisModel;
}

export function makePhantom(partial: Partial<PhantomOptions> = {}): Phantom {
  const options: PhantomOptions = { ...DEFAULT_PHANTOM_OPTIONS, ...partial };
  const progress = options.onProgress ?? noProgress;
  const grid = phantomGrid(options);
  const model = createPelvisModel(options);
  const { labels, tissue } = rasterizePelvis(model, grid, subProgress(progress, 0, 0.6));
  progress(0.6, 'computing CT numbers');
  const ct = synthesizeCt(grid, tissue, { ...options, cortexMm: 1.5 });
  progress(0.9, 'measuring ground truth');
  const labelMap = makeLabelMap(grid, { ...SACRAL_LABELS }, labels);
  const cementMask = options.cement
    ? makeVolume(
        grid,
        tissue.map((t) => (t === Tissue.cement ? 1 : 0)),
      )
    : null;
  const truth = measureTruth(model, grid, { labels, tissue, options });
  progress(1, 'done');
  return { ct, labels: labelMap, cementMask, truth, model };
}

function measureTruth(
  model: PelvisModel,
  grid: Grid,
  data: { labels: Uint8Array; tissue: Uint8Array; options: PhantomOptions },
): PhantomTruth {
  const structures = structureTruth(grid, data.labels, { ...SACRAL_LABELS });
  const plainOptions: Record<string, unknown> = { ...data.options };
  delete plainOptions.onProgress;
  const landmarks: Record<string, Vec3> = {};
  for (const f of model.sacrum.anterior)
    landmarks[`${f.name}_exit`] = round3(anatomyToWorld(model, f.exitPoint));
  return {
    generator: 'sacroguide phantom',
    seed: data.options.seed,
    options: plainOptions,
    labels: { ...SACRAL_LABELS },
    structures,
    lesion: model.lesion
      ? {
          volume_ml: structures.lesion.volume_ml,
          centroid_lps: structures.lesion.centroid_lps,
          breach_side: model.lesion.breachSide,
          cortical_breaches: breachTruth(grid, data.labels),
        }
      : null,
    cement: model.cement ? cementTruth(grid, data.labels, data.tissue) : null,
    needle: model.needle
      ? { tip_lps: round3(anatomyToWorld(model, model.needle.tip)), entry_lps: round3(skinEntry(model)) }
      : null,
    landmarks,
  };
}

/** Where the needle crosses the body surface (LPS), marching from the tip outward. */
function skinEntry(model: PelvisModel): Vec3 {
  const needle = model.needle;
  if (!needle) throw new Error('no needle');
  const soft = model.soft;
  const dir = [
    needle.entry[0] - needle.tip[0],
    needle.entry[1] - needle.tip[1],
    needle.entry[2] - needle.tip[2],
  ];
  const len = Math.hypot(dir[0], dir[1], dir[2]);
  let last: Vec3 = needle.tip;
  for (let s = 0; s <= len; s += 0.25) {
    const p: Vec3 = [
      needle.tip[0] + (dir[0] * s) / len,
      needle.tip[1] + (dir[1] * s) / len,
      needle.tip[2] + (dir[2] * s) / len,
    ];
    const u = p[0] / soft.bodySemiX;
    const v = (p[1] - soft.bodyCentreY) / soft.bodySemiY;
    if (u * u + v * v > 1) break;
    last = p;
  }
  return anatomyToWorld(model, last);
}

function round3(v: Vec3): Vec3 {
  return [Math.round(v[0] * 1000) / 1000, Math.round(v[1] * 1000) / 1000, Math.round(v[2] * 1000) / 1000];
}
