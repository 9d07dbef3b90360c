/**
 * `segmentCt`: the automatic segmentation of the `segment` contract. CT in (any grid, any
 * orientation), label map on exactly that grid out, with a report (LPS mm). Stages: working
 * grid -> bones (sacrum, L5, L4, hips, femurs) -> canal, foramina, lesion -> back to the input
 * grid -> measurements (volumes, lesions, cortical breaches).
 */
import type { LabelMap, TypedArray, Volume } from '../core/volume.js';
import { makeLabelMap, makeVolume, voxelVolumeMl } from '../core/volume.js';
import { cropVolume, nonZeroBounds } from '../core/crop.js';
import type { ProgressFn } from '../core/progress.js';
import { StageTimer, noProgress } from '../core/progress.js';
import { orientationCode } from '../core/geometry.js';
import { SACRAL_LABELS } from '../anatomy/labels.js';
import { breachTruth, roundVec, worldOfIndex, type BreachTruth } from '../anatomy/cortical-breaches.js';
import { connectedComponents } from '../core/connected-components.js';
import type { Vec3 } from '../core/vec.js';
import { toWorkingGrid, type WorkingGrid } from './working-grid.js';
import { labelsOnInputGrid } from './input-grid-labels.js';
import { boneOnlyOnGrid, clearBoneOnBackground, constantBackgroundValue } from './constant-background.js';
import { labelBones } from './bone-labels.js';
import type { OffThread } from './off-thread.js';
import { DEFAULT_SACRAL_OPTIONS, labelSacralStructures } from './sacral-structures.js';

export interface SegmentReport {
  input: {
    dims: number[];
    spacing_mm: number[];
    origin_lps: number[];
    orientation: string;
    direction: number[];
  };
  working_grid: { dims: number[]; spacing_mm: number[] };
  timings_s: Record<string, number>;
  volumes_ml: Record<string, number>;
  lesions: { id: number; volume_ml: number; centroid_lps: Vec3; cortical_breaches: BreachTruth[] }[];
  warnings: string[];
}

export interface SegmentResult {
  labels: LabelMap;
  report: SegmentReport;
}

export interface SegmentOptions {
  onProgress?: ProgressFn;
  /** Where the stages that can run beside the rest go (default: this thread; Node: off-thread-node.ts). */
  offThread?: OffThread;
}

export async function segmentCt(
  ct: Volume<TypedArray>,
  options: SegmentOptions = {},
): Promise<SegmentResult> {
  const progress = options.onProgress ?? noProgress;
  const timer = new StageTimer();
  const warnings: string[] = [];
  progress(0.02, 'resampling to the working grid');
  const work = toWorkingGrid(ct);
  if (work.upsampling.some((f) => f > 1)) warnings.push(upsamplingWarning(ct, work));
  timer.lap('working grid');
  progress(0.15, 'labelling bones');
  // a bone-only CT: its bones and joint spaces are exact at its own resolution
  // (constant-background.ts)
  const background = constantBackgroundValue(ct.data);
  const boneOnly = background === null ? undefined : boneOnlyOnGrid(ct, background, work.grid);
  const bones = await labelBones(work.hu, { boneThresholdHu: 150, boneOnly }, options.offThread);
  warnings.push(...bones.warnings);
  timer.lap('bones');
  progress(0.65, 'canal, foramina, lesion');
  labelSacralStructuresInBox(work.hu, bones.labels, bones.midlineX);
  timer.lap('sacral structures');
  progress(0.8, 'back to the input grid');
  const back = labelsOnInputGrid(makeVolume(work.grid, bones.labels), ct, work.upsampling);
  // a bone-only CT: its constant is in no bone, on the input grid (the working grid's coarser
  // voxels mix it with the bone surface) and on the working grid for the lesion report
  if (background !== null) {
    clearBoneOnBackground(ct, { data: ct.data, labels: back, value: background });
    clearBoneOnBackground(work.grid, { data: work.hu.data, labels: bones.labels, value: background });
    warnings.push(backgroundWarning(ct.data, background));
  }
  const labels = makeLabelMap(ct, { ...SACRAL_LABELS }, back);
  timer.lap('input grid');
  progress(0.9, 'measuring');
  const report: SegmentReport = {
    input: {
      dims: [...ct.dims],
      spacing_mm: [...ct.spacingMm],
      origin_lps: [...ct.originLps],
      orientation: orientationCode(ct),
      direction: [...ct.direction],
    },
    working_grid: { dims: [...work.grid.dims], spacing_mm: [...work.grid.spacingMm] },
    timings_s: {},
    volumes_ml: structureVolumes(labels),
    // lesions and their breaches on the working grid: the brute-force nearest-structure search
    // would be slow on a fine input grid, and 1.6 mm is finer than the clinical question
    lesions: lesionsOf(makeLabelMap(work.grid, { ...SACRAL_LABELS }, bones.labels)),
    warnings,
  };
  timer.lap('measurements');
  report.timings_s = Object.fromEntries(
    Object.entries({ ...timer.stagesMs, total: timer.totalMs() }).map(([k, v]) => [k, Math.round(v) / 1000]),
  );
  progress(1, 'done');
  return { labels, report };
}

/** Tells the user the CT is bone-only, and that its constant is kept out of the bones. */
function backgroundWarning(data: TypedArray, value: number): string {
  let n = 0;
  for (let i = 0; i < data.length; i++) if (data[i] === value) n++;
  return (
    `${Math.round((100 * n) / data.length)}% of the voxels are exactly ${value} HU: a bone-only CT ` +
    `(everything outside the bones set to a constant): the bones are taken as all else, their joints ` +
    `where the constant runs narrow between them`
  );
}

/** Tells the user the CT holds less detail than its voxel size says, and what was done about it. */
function upsamplingWarning(ct: Volume<TypedArray>, work: WorkingGrid): string {
  const held = [0, 1, 2].map((a) => Math.round(ct.spacingMm[a] * work.upsampling[a] * 100) / 100);
  const voxels = ct.spacingMm.map((s) => Math.round(s * 100) / 100);
  return (
    `the CT looks resampled from a coarser scan: voxels ${voxels.join(' x ')} mm, ` +
    `original samples ${held.join(' x ')} mm (upsampling ${work.upsampling.join(', ')} per voxel axis); ` +
    `segmented on the original samples, so surfaces are no finer than ${Math.max(...held)} mm`
  );
}

/**
 * Canal, foramina and lesion are looked for around the sacrum only: the crop of the working
 * grid to the sacrum's box plus 30 mm (the filters inside are whole-grid operations).
 */
function labelSacralStructuresInBox(hu: Volume<Float32Array>, labels: Uint8Array, midlineX: number): void {
  const sacrum = makeVolume(
    hu,
    labels.map((v) => (v === SACRAL_LABELS.sacrum ? 1 : 0)),
  );
  const bounds = nonZeroBounds(sacrum);
  if (!bounds) return;
  const margin = hu.spacingMm.map((s) => Math.ceil(30 / s));
  const lo: Vec3 = [bounds[0][0] - margin[0], bounds[0][1] - margin[1], bounds[0][2] - margin[2]];
  const hi: Vec3 = [bounds[1][0] + margin[0], bounds[1][1] + margin[1], bounds[1][2] + margin[2]];
  const subHu = cropVolume(hu, lo, hi);
  const subLabels = cropVolume(makeVolume(hu, labels), lo, hi);
  labelSacralStructures(subHu, subLabels.data, { ...DEFAULT_SACRAL_OPTIONS, midlineX });
  // paste back: the crop starts at the clamped lower corner
  const start = lo.map((v, d) => Math.max(0, Math.min(hu.dims[d] - 1, Math.floor(v))));
  const [sx, sy, sz] = subLabels.dims;
  const [nx, ny] = hu.dims;
  for (let k = 0; k < sz; k++)
    for (let j = 0; j < sy; j++) {
      const src = sx * (j + sy * k);
      const dst = start[0] + nx * (start[1] + j + ny * (start[2] + k));
      labels.set(subLabels.data.subarray(src, src + sx), dst);
    }
}

function structureVolumes(labels: LabelMap): Record<string, number> {
  const counts = new Float64Array(256);
  const data = labels.data;
  for (let i = 0; i < data.length; i++) counts[data[i]]++;
  const ml = voxelVolumeMl(labels);
  const out: Record<string, number> = {};
  for (const [name, v] of Object.entries(labels.labels)) out[name] = Math.round(counts[v] * ml * 1000) / 1000;
  return out;
}

function lesionsOf(labels: LabelMap): SegmentReport['lesions'] {
  const mask = new Uint8Array(labels.data.length);
  for (let i = 0; i < mask.length; i++) mask[i] = labels.data[i] === SACRAL_LABELS.lesion ? 1 : 0;
  const { ids, sizes } = connectedComponents(labels, mask, 26);
  const ml = voxelVolumeMl(labels);
  const sums = Array.from({ length: sizes.length }, () => [0, 0, 0]);
  for (let i = 0; i < ids.length; i++) {
    if (!ids[i]) continue;
    const p = worldOfIndex(labels, i);
    for (let d = 0; d < 3; d++) sums[ids[i]][d] += p[d];
  }
  const lesions = sizes.slice(1).map((n, k) => ({
    id: k + 1,
    volume_ml: Math.round(n * ml * 1000) / 1000,
    centroid_lps: roundVec(sums[k + 1].map((s) => s / n) as unknown as Vec3),
    cortical_breaches: [] as BreachTruth[],
  }));
  for (const b of lesions.length ? breachTruth(labels, labels.data) : []) {
    let best = lesions[0];
    let bestD = Infinity;
    for (const l of lesions) {
      const d = Math.hypot(
        ...([0, 1, 2].map((a) => l.centroid_lps[a] - b.centroid_lps[a]) as [number, number, number]),
      );
      if (d < bestD) {
        bestD = d;
        best = l;
      }
    }
    best.cortical_breaches.push(b);
  }
  return lesions.sort((a, b) => b.volume_ml - a.volume_ml).map((l, k) => ({ ...l, id: k + 1 }));
}
