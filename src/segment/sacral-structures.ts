/**
 * Structures inside the sacrum, on the working grid, once the bones are labelled: the sacral
 * canal, the anterior foramina S1-S4 on each side, and lytic lesions. All three are soft-tissue
 * or fat density (CSF, nerve roots, fat, tumour) inside the sacral envelope (the sacrum closed
 * by a 5 mm ball, its holes filled): the canal is the largest such region in the dorsal midline,
 * foramina are lateral channels in the pelvic half, taken top to bottom as S1..S4, and what is
 * left, if large enough, is lesion.
 */
import type { Grid, Volume } from '../core/volume.js';
import { connectedComponents } from '../core/connected-components.js';
import { gaussianSmooth } from '../core/gaussian.js';
import { FORAMEN_LEVELS, SACRAL_LABELS, foramenName } from '../anatomy/labels.js';
import { close, dilate, erode } from './morphology.js';
import { boneEnclosure } from './enclosed-by-bone.js';

const CANAL_CORE_MM = 2;
/** An anterior sacral foramen holds at most a few mL (S1, the largest, ~1-2 mL in adults). */
const FORAMEN_MAX_ML = 4;
/** A foramen runs through the bone in front of the canal: its centre lies within this distance of the canal (mm). */
const FORAMEN_REACH_MM = 22;
const LESION_MIN_HU = 20;
const LESION_MAX_HU = 110;
const OTHER_BONES = new Set<number>([
  SACRAL_LABELS.L5,
  SACRAL_LABELS.L4,
  SACRAL_LABELS.hip_left,
  SACRAL_LABELS.hip_right,
  SACRAL_LABELS.femur_left,
  SACRAL_LABELS.femur_right,
]);
import { fillHoles3d, fillHolesAxial } from './masks.js';
import { componentStats, type ComponentStats } from './component-stats.js';
import { symmetricMidlineX } from './midline.js';

export interface SacralStructureOptions {
  midlineX: number;
  /** Upper CT number (HU, after light smoothing) of canal, foramen and lesion contents. */
  softMaxHu: number;
  minLesionMl: number;
}

export const DEFAULT_SACRAL_OPTIONS: Omit<SacralStructureOptions, 'midlineX'> = {
  softMaxHu: 90,
  minLesionMl: 0.5,
};

/** Writes canal, foramina and lesion labels into `labels` (in place on the working grid). */
export function labelSacralStructures(
  hu: Volume<Float32Array>,
  labels: Uint8Array,
  options: SacralStructureOptions,
): void {
  const grid: Grid = hu;
  const sacrum = new Uint8Array(labels.length);
  for (let i = 0; i < labels.length; i++) sacrum[i] = labels[i] === SACRAL_LABELS.sacrum ? 1 : 0;
  if (!sacrum.some((v) => v)) return;
  const envelope = fillHoles3d(grid, fillHolesAxial(grid, close(grid, sacrum, 5), 3000), 50);
  const smooth = gaussianSmooth(hu, 1).data;
  const soft = new Uint8Array(labels.length);
  for (let i = 0; i < soft.length; i++) {
    const l = labels[i];
    soft[i] =
      envelope[i] &&
      (l === 0 || l === SACRAL_LABELS.sacrum) &&
      smooth[i] < options.softMaxHu &&
      smooth[i] > -300
        ? 1
        : 0;
  }
  const sacrumStats = componentStats(grid, Int32Array.from(sacrum), 1)[0];
  // the sacrum's own mid-plane: the whole skeleton's may be a few mm off (pelvic tilt, asymmetry)
  const midlineX = symmetricMidlineX(grid, sacrum);
  const xOf = (i: number): number => grid.originLps[0] + (i % grid.dims[0]) * grid.spacingMm[0];
  const canal = pickCanal(grid, {
    soft,
    xOf,
    midlineX,
    dorsalY: sacrumStats.centroid[1] - 5,
  });
  for (let i = 0; i < labels.length; i++) if (canal[i]) labels[i] = SACRAL_LABELS.sacral_canal;
  pickForamina(grid, {
    soft,
    canal,
    labels,
    xOf,
    midlineX,
    ventralY: sacrumStats.centroid[1] + 10,
  });
  labelLesions(hu, { labels, smooth, sacrum, minLesionMl: options.minLesionMl });
}

/**
 * Lytic lesions: soft-tissue density (20 HU up to 90 HU below the sacrum's own marrow) inside
 * the sacrum, or just outside its bone but still enclosed by it on most sides (where the tumour
 * has destroyed the cortex, dense bone lies within 25 mm in at least 6 of 10 directions), in
 * pieces of at least `minLesionMl`.
 */
function labelLesions(
  hu: Volume<Float32Array>,
  ctx: { labels: Uint8Array; smooth: Float32Array; sacrum: Uint8Array; minLesionMl: number },
): void {
  const grid: Grid = hu;
  const { labels, smooth, sacrum } = ctx;
  const marrow: number[] = [];
  for (let i = 0; i < sacrum.length; i += 7) if (sacrum[i]) marrow.push(smooth[i]);
  marrow.sort((a, b) => a - b);
  // well below the marrow: in fatty, osteoporotic bone lytic tumour and marrow look alike
  const upper = Math.min(LESION_MAX_HU, (marrow[marrow.length >> 1] ?? 200) - 90);
  if (upper <= LESION_MIN_HU) return;
  const dense = new Uint8Array(labels.length);
  for (let i = 0; i < dense.length; i++) dense[i] = hu.data[i] >= 150 ? 1 : 0;
  const { hits } = boneEnclosure(grid, dense, 25);
  const near = dilate(grid, sacrum, 15);
  // joint spaces and discs beside the other bones are soft tissue too: keep 6 mm away from them
  const others = new Uint8Array(labels.length);
  for (let i = 0; i < others.length; i++) others[i] = OTHER_BONES.has(labels[i]) ? 1 : 0;
  const nearOthers = dilate(grid, others, 6);
  const candidate = new Uint8Array(labels.length);
  for (let i = 0; i < candidate.length; i++) {
    const v = smooth[i];
    if (v < LESION_MIN_HU || v > upper || nearOthers[i]) continue;
    const l = labels[i];
    if (l === SACRAL_LABELS.sacrum || (l === 0 && near[i] && hits[i] >= 6)) candidate[i] = 1;
  }
  const { ids, sizes } = connectedComponents(grid, candidate, 6);
  const voxelMl = (grid.spacingMm[0] * grid.spacingMm[1] * grid.spacingMm[2]) / 1000;
  for (let i = 0; i < ids.length; i++) {
    if (ids[i] && sizes[ids[i]] * voxelMl >= ctx.minLesionMl) labels[i] = SACRAL_LABELS.lesion;
  }
}

/**
 * The canal: the dorsal-midline pieces of the soft region's core (> 2 mm from its edge, which
 * thins the foramina where they leave the canal), grown back by 2 mm inside the soft region.
 */
function pickCanal(
  grid: Grid,
  ctx: { soft: Uint8Array; xOf: (i: number) => number; midlineX: number; dorsalY: number },
): Uint8Array {
  const band = new Uint8Array(ctx.soft.length);
  for (let i = 0; i < band.length; i++)
    band[i] = ctx.soft[i] && Math.abs(ctx.xOf(i) - ctx.midlineX) <= 20 ? 1 : 0;
  const core = erode(grid, band, CANAL_CORE_MM);
  const { ids, sizes } = connectedComponents(grid, core, 26);
  const stats = componentStats(grid, ids, sizes.length - 1).filter(
    (c) => c.centroid[1] >= ctx.dorsalY && Math.abs(c.centroid[0] - ctx.midlineX) < 10,
  );
  const out = new Uint8Array(band.length);
  // the canal narrows caudally, so its core may break into pieces: keep every piece on the
  // dorsal midline, the biggest one whatever its position
  const keep = new Uint8Array(sizes.length);
  const biggest = [...stats].sort((a, b) => b.count - a.count)[0];
  if (!biggest) return out;
  for (const c of stats) if (c === biggest || Math.abs(c.centroid[0] - ctx.midlineX) < 5) keep[c.id] = 1;
  for (let i = 0; i < ids.length; i++) if (ids[i] && keep[ids[i]]) out[i] = 1;
  const grown = dilate(grid, out, CANAL_CORE_MM + 0.01);
  for (let i = 0; i < out.length; i++) out[i] = grown[i] && band[i] ? 1 : 0;
  trimToMidlineDepth(grid, { canal: out, xOf: ctx.xOf, midlineX: ctx.midlineX });
  return out;
}

/**
 * The foramina leave the canal ventrolaterally (anterior) and dorsolaterally (posterior): per
 * axial slice, canal voxels in front of or behind the canal's extent on the midline (its depth
 * there, plus a voxel) belong to a foramen, not to the canal. Slices without canal on the
 * midline are left as they are.
 */
function trimToMidlineDepth(
  grid: Grid,
  ctx: { canal: Uint8Array; xOf: (i: number) => number; midlineX: number },
): void {
  const [nx, ny, nz] = grid.dims;
  const half = Math.max(grid.spacingMm[0], 1.5);
  const margin = grid.spacingMm[1];
  for (let k = 0; k < nz; k++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        const v = i + nx * (j + ny * k);
        if (!ctx.canal[v] || Math.abs(ctx.xOf(v) - ctx.midlineX) > half) continue;
        if (j < lo) lo = j;
        if (j > hi) hi = j;
      }
    if (hi < lo) continue;
    const y0 = grid.originLps[1] + lo * grid.spacingMm[1] - margin;
    const y1 = grid.originLps[1] + hi * grid.spacingMm[1] + margin;
    for (let j = 0; j < ny; j++) {
      const y = grid.originLps[1] + j * grid.spacingMm[1];
      if (y >= y0 && y <= y1) continue;
      for (let i = 0; i < nx; i++) ctx.canal[i + nx * (j + ny * k)] = 0;
    }
  }
}

function pickForamina(
  grid: Grid,
  ctx: {
    soft: Uint8Array;
    canal: Uint8Array;
    labels: Uint8Array;
    xOf: (i: number) => number;
    midlineX: number;
    ventralY: number;
  },
): void {
  const lateral = new Uint8Array(ctx.soft.length);
  for (let i = 0; i < lateral.length; i++) {
    const dx = Math.abs(ctx.xOf(i) - ctx.midlineX);
    lateral[i] = ctx.soft[i] && !ctx.canal[i] && dx > 3 && dx <= 45 ? 1 : 0;
  }
  const { ids, sizes } = connectedComponents(grid, lateral, 26);
  const voxelMl = (grid.spacingMm[0] * grid.spacingMm[1] * grid.spacingMm[2]) / 1000;
  const canalPoints = samplePoints(grid, ctx.canal, 4000);
  const stats = componentStats(grid, ids, sizes.length - 1).filter((c) => {
    if (c.volumeMl < Math.max(0.05, 2 * voxelMl) || c.volumeMl > FORAMEN_MAX_ML) return false;
    // ventral and lateral to the canal where it leaves it (the nearest canal point), whatever
    // the tilt; medial pieces in front of the canal are vessels, nerve roots or tumour
    const near = nearestPoint(canalPoints, c.centroid);
    if (!near) return c.centroid[1] <= ctx.ventralY;
    const side = Math.sign(c.centroid[0] - ctx.midlineX);
    return (
      c.centroid[1] < near[1] &&
      (c.centroid[0] - near[0]) * side >= 0 &&
      dist(near, c.centroid) <= FORAMEN_REACH_MM
    );
  });
  const label = new Uint8Array(sizes.length);
  for (const side of ['left', 'right'] as const) {
    const s = side === 'left' ? 1 : -1;
    const mine: ComponentStats[] = stats
      .filter((c) => (c.centroid[0] - ctx.midlineX) * s > 0)
      .sort((a, b) => b.volumeMl - a.volumeMl)
      .slice(0, 4)
      .sort((a, b) => b.centroid[2] - a.centroid[2]);
    mine.forEach((c, n) => (label[c.id] = SACRAL_LABELS[foramenName(FORAMEN_LEVELS[n], side)]));
  }
  for (let i = 0; i < ids.length; i++) if (ids[i] && label[ids[i]]) ctx.labels[i] = label[ids[i]];
}

type Point = readonly [number, number, number];

const dist = (a: Point, b: Point): number => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

/** LPS positions of about `max` voxels of the mask (every n-th one). */
function samplePoints(grid: Grid, mask: Uint8Array, max: number): Point[] {
  let count = 0;
  for (let i = 0; i < mask.length; i++) count += mask[i] ? 1 : 0;
  const every = Math.max(1, Math.ceil(count / max));
  const [nx, ny] = grid.dims;
  const out: Point[] = [];
  let seen = 0;
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i] || seen++ % every) continue;
    out.push([
      grid.originLps[0] + (i % nx) * grid.spacingMm[0],
      grid.originLps[1] + (Math.floor(i / nx) % ny) * grid.spacingMm[1],
      grid.originLps[2] + Math.floor(i / (nx * ny)) * grid.spacingMm[2],
    ]);
  }
  return out;
}

function nearestPoint(points: Point[], p: Point): Point | null {
  let best: Point | null = null;
  let bestD = Infinity;
  for (const q of points) {
    const d = dist(p, q);
    if (d < bestD) {
      bestD = d;
      best = q;
    }
  }
  return best;
}
