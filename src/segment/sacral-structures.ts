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
import { BONE_LABEL_NAMES, FORAMEN_LEVELS, SACRAL_LABELS, foramenName } from '../anatomy/labels.js';
import { close, dilate, erode } from './morphology.js';
import { boneEnclosure } from './enclosed-by-bone.js';
import { findSacralCanal, halfMaxRim, type CanalInput } from './sacral-canal.js';
import { squaredDistanceToMask } from '../core/distance-transform.js';
import { seededCompetition } from './seeded-competition.js';

/** An anterior sacral foramen holds a few mL at most (S1, the largest, ~2-4 mL with its lateral recess). */
const FORAMEN_MAX_ML = 8;
/** A foramen runs through the bone in front of the canal: its centre lies within this distance of the canal (mm). */
const FORAMEN_REACH_MM = 22;
/** Anterior foramina lie beside the sacral bodies: their centres this far from the mid-plane at least (mm). */
const FORAMEN_MIN_OFFSET_MM = 7;
/** Foramina of one side are more than this apart in z (mm; S1-S4 are ~15-25 mm apart). */
const LEVEL_SPACING_MM = 9;
/** ... and less than this (mm) between neighbouring levels (S1-S2 ~18-25 mm in z in adults). */
const MAX_LEVEL_GAP_MM = 28;
/** A foramen's partner on the other side is this near in z (mm). */
const PAIR_DZ_MM = 8;
/** A foramen ends this far from the canal at most (mm): S1's runs ~25 mm to the pelvic surface. */
const FORAMEN_LENGTH_MM = 35;
/**
 * A foramen holds fat around its nerve root (-100 to 40 HU; smoothed, below ~30); lytic tumour
 * that has broken into one is denser (30-60 HU) and is left to the lesion search.
 */
const FORAMEN_MAX_HU = 30;
/**
 * ... or fat by its own CT number, unsmoothed: a channel 2-3 voxels wide between dense walls
 * (S3 and S4 at 1.5 mm) reads far denser once smoothed. Phantom seeds 7-12 at 1.5 mm had lost
 * one or both S4 (Dice 0): now 0.90-0.95; the rest unchanged. Tumour (30-60 HU) rarely reads
 * below -20 HU even in noise, fatty marrow does, and is kept out by the rules below as before.
 */
const FORAMEN_FAT_HU = -20;
/** A foramen is followed this far (mm) through a lesion's destroyed cortex (see foraminaThroughLesion). */
const THROUGH_LESION_MM = 12;
const CHANNEL_WALL_MM = 12;
/**
 * ... through fat this near (mm) the lesion: 6 since the lesion's mass outside the bone is
 * followed 4 mm, not 6 (at 4 mm here phantom S2 right 0.774 -> 0.758 on seed 6, S2 left 0.771 ->
 * 0.724 on seed 7; at 6: 0.793, 0.733, and S1 right 0.860 -> 0.897 on seed 2, S1 left 0.868 ->
 * 0.884 on seed 5; seeds 1, 3, 4, 8 unchanged; 8 mm as 6).
 */
const NEAR_LESION_MM = 6;
/** The sacral envelope: the sacrum closed by a ball of this radius (mm), holes filled. */
const ENVELOPE_CLOSING_MM = 8;
/** Closing voxels this near L5 (mm) may be the L5/S1 disc: only enclosed ones are marrow. */
const NEAR_L5_MM = 10;
/** Dense bone straight up plus straight down closer than this (mm): a disc, not a lesion. */
const DISC_GAP_MM = 12;
/**
 * A lesion is a blob with a point this deep inside (mm): ~1 cm across at least. At 5 mm two
 * lesions in a bite out of the anterior surface (phantom seeds 13 and 15, 4.3-6.6 mL, the
 * candidate 9 mm thick where it meets the bone) were missed whole: 0 -> 0.87 / 0.86 Dice at
 * 4.5 mm, the other lesions of seeds 1-16 unchanged, and still no lesion on the example CT,
 * FracSegNet case005 or lesion-free phantoms (1, 2 at 1.5 mm; 4, 5 at 2 mm; 1 at 3 mm).
 */
const LESION_MIN_DEPTH_MM = 4.5;
/** ... and darker than the sacral bone around it by this much on average (HU). */
const LESION_MIN_CONTRAST_HU = 80;
const LESION_MIN_HU = 20;
const LESION_MAX_HU = 110;
/**
 * Soft tissue where the sacrum mirrored across its mid-plane is bone, this far (mm) inside its
 * surface, is a lesion candidate even where the bone around it does not enclose it: a lesion
 * that has eaten a bite out of the anterior or dorsal surface (phantom seeds 7, 8, 12 at 1.5 mm:
 * lesion Dice 0 -> 0.90, 0.70, 0.86; the others unchanged; no lesion on the example CT, case005
 * or lesion-free phantoms). At 6 mm seeds 7 and 12 were lost again, at 3 mm as at 4.
 */
const MIRROR_INSIDE_MM = 4;
/**
 * How far a lesion's soft-tissue mass is followed outside the bone from the cortical gap (mm).
 * Behind the sacrum the paraspinal muscles are of tumour density and the growth runs its full
 * length: at 6 mm the dorsal lesions of phantom seeds 8, 10, 14, 16 scored 0.70-0.84 Dice
 * (their masses stand 3-7 mm proud); at 4 mm 0.76-0.92, the lesions of seeds 1-16 at 1.5 mm
 * median 0.89 -> 0.92, at 2 mm (seeds 1-4) 0.89-0.94 -> 0.91-0.95. At least two voxels: at
 * 3 mm one step (seeds 1-4: 0.87-0.95) left seed 2's lesion 21% short of its volume.
 */
const LESION_EXTENSION_MM = 4;
const OTHER_BONES = new Set<number>(
  BONE_LABEL_NAMES.filter((n) => n !== 'sacrum').map((n) => SACRAL_LABELS[n]),
);
import { fillHoles3d, fillHolesAxial, holesInSlices } from './masks.js';
import { extraosseousExtension, halfWayBoundary } from './lesion-extension.js';
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
  const closed = close(grid, sacrum, ENVELOPE_CLOSING_MM);
  const envelope = fillHoles3d(grid, fillHolesAxial(grid, closed, 3000), 50);
  // marrow the bone mask missed: holes of the closed sacrum in a sagittal, coronal or axial slice
  const enclosed = new Uint8Array(labels.length);
  for (const axis of [0, 1, 2] as const) {
    const h = holesInSlices(grid, closed, { axis, maxHoleMm2: 3000 });
    for (let i = 0; i < h.length; i++) if (h[i]) enclosed[i] = 1;
  }
  const l5 = labelMask(labels, SACRAL_LABELS.L5);
  const toSacrum2 = squaredDistanceToMask(grid, sacrum);
  const toL52 = l5 ? squaredDistanceToMask(grid, l5) : null;
  const smooth = gaussianSmooth(hu, 1).data;
  const soft = new Uint8Array(labels.length);
  for (let i = 0; i < soft.length; i++) {
    const l = labels[i];
    soft[i] =
      envelope[i] &&
      (l === 0 || l === SACRAL_LABELS.sacrum) &&
      smooth[i] < options.softMaxHu &&
      smooth[i] > -300 &&
      // the canal, foramina and lesions of the contract are the sacrum's, not L5's
      !(toL52 && toL52[i] < toSacrum2[i])
        ? 1
        : 0;
  }
  const sacrumStats = componentStats(grid, Int32Array.from(sacrum), 1)[0];
  // the sacrum's own mid-plane: the whole skeleton's may be a few mm off (pelvic tilt, asymmetry)
  const midlineX = symmetricMidlineX(grid, sacrum);
  const xOf = (i: number): number => grid.originLps[0] + (i % grid.dims[0]) * grid.spacingMm[0];
  const canalInput: CanalInput = {
    hu,
    smooth,
    envelope,
    soft,
    midlineX,
    toSacrum2,
    toL52,
    softMaxHu: options.softMaxHu,
  };
  const canal = findSacralCanal(grid, canalInput);
  for (let i = 0; i < labels.length; i++) if (canal[i]) labels[i] = SACRAL_LABELS.sacral_canal;
  pickForamina(grid, {
    canalInput,
    soft,
    smooth,
    canal,
    labels,
    xOf,
    midlineX,
    ventralY: sacrumStats.centroid[1] + 10,
  });
  labelLesions(hu, {
    labels,
    smooth,
    sacrum,
    midlineX,
    minLesionMl: options.minLesionMl,
    toSacrum2,
    toL52,
    canalInput,
  });
  foraminaThroughLesion(grid, { hu, labels, smooth });
  // what is left of the envelope is the sacrum's marrow (fatty marrow is as dark as fat)
  for (let i = 0; i < labels.length; i++)
    if (
      labels[i] === 0 &&
      smooth[i] > -300 &&
      (enclosed[i] || (closed[i] && !(toL52 && toL52[i] < NEAR_L5_MM * NEAR_L5_MM))) &&
      !(toL52 && toL52[i] < toSacrum2[i])
    )
      labels[i] = SACRAL_LABELS.sacrum;
}

/**
 * Lytic lesions: soft-tissue density (20 HU up to 90 HU below the sacrum's own marrow) inside
 * the sacrum, or just outside its bone but still enclosed by it on most sides (where the tumour
 * has destroyed the cortex, dense bone lies within 25 mm in at least 6 of 10 directions), in
 * pieces of at least `minLesionMl`. Each kept piece's boundary then moves to the half-way CT
 * number between tumour and bone (one voxel layer), and where it has left the bone it is
 * followed into the soft tissue of tumour density up to `LESION_EXTENSION_MM` beyond
 * (lesion-extension.ts): on the phantoms of seeds 1 and 2 the lesion went from 0.88 / 0.71 to
 * 0.89 / 0.93 Dice.
 */
function labelLesions(
  hu: Volume<Float32Array>,
  ctx: {
    labels: Uint8Array;
    smooth: Float32Array;
    sacrum: Uint8Array;
    midlineX: number;
    minLesionMl: number;
    toSacrum2: Float32Array;
    toL52: Float32Array | null;
    canalInput: CanalInput;
  },
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
  const { hits, axialGapMm } = boneEnclosure(grid, dense, 25);
  const near = dilate(grid, sacrum, 15);
  // joint spaces and discs beside the other bones are soft tissue too: keep 6 mm away from them
  const others = new Uint8Array(labels.length);
  for (let i = 0; i < others.length; i++) others[i] = OTHER_BONES.has(labels[i]) ? 1 : 0;
  const nearOthers = dilate(grid, others, 6);
  // bone destroyed on one side is still there on the other: soft tissue where the mirrored
  // sacrum (4 mm inside its surface) is bone is a candidate too, enclosed or not
  const mirrored = mirroredBone(grid, erode(grid, sacrum, MIRROR_INSIDE_MM), ctx.midlineX);
  const candidate = new Uint8Array(labels.length);
  for (let i = 0; i < candidate.length; i++) {
    const v = smooth[i];
    if (v < LESION_MIN_HU || v > upper) continue;
    // soft tissue between endplates closer than a disc's height is the L5/S1 disc or the S1/S2
    // disc remnant many adults keep, not tumour; nor is what lies nearer L5 than the sacrum
    if (axialGapMm[i] < DISC_GAP_MM || (ctx.toL52 && ctx.toL52[i] < ctx.toSacrum2[i])) continue;
    const l = labels[i];
    // near another bone only inside the sacrum: there it still makes a lesion solid (a lesion
    // reaching towards the sacroiliac joint is not cut thin), though it is not labelled lesion;
    // and a foramen's voxels of tumour density: a lesion that has grown into a foramen fills it
    const inBone = l === SACRAL_LABELS.sacrum || isForamen(l);
    if (inBone || (l === 0 && near[i] && (hits[i] >= 6 || mirrored[i]) && !nearOthers[i])) candidate[i] = 1;
  }
  const { ids, sizes } = connectedComponents(grid, candidate, 6);
  const voxelMl = (grid.spacingMm[0] * grid.spacingMm[1] * grid.spacingMm[2]) / 1000;
  const keep = lesionLike(grid, { ids, sizes, smooth, sacrum, minVoxels: ctx.minLesionMl / voxelMl });
  // each lesion's boundary at the partial-volume half-way point between tumour and the bone
  // around it (the candidates stop where smoothing mixes in the bone, a voxel inside)
  const free = new Uint8Array(labels.length);
  for (let i = 0; i < free.length; i++)
    free[i] =
      ctx.canalInput.envelope[i] && !nearOthers[i] && (labels[i] === 0 || labels[i] === SACRAL_LABELS.sacrum)
        ? 1
        : 0;
  const lesion = new Uint8Array(labels.length);
  let any = false;
  for (let id = 1; id < sizes.length; id++) {
    if (!keep[id]) continue;
    const piece = new Uint8Array(ids.length);
    for (let i = 0; i < ids.length; i++) piece[i] = ids[i] === id ? 1 : 0;
    const surround = dilate(grid, piece, 4);
    for (let i = 0; i < surround.length; i++) if (labels[i] !== SACRAL_LABELS.sacrum) surround[i] = 0;
    const rimmed = halfWayBoundary(grid, { lesion: piece, surround, free }, hu.data);
    for (let i = 0; i < rimmed.length; i++) {
      const l = labels[i];
      if (!rimmed[i] || nearOthers[i] || !(l === 0 || l === SACRAL_LABELS.sacrum || isForamen(l))) continue;
      labels[i] = SACRAL_LABELS.lesion;
      lesion[i] = 1;
      free[i] = 0;
      any = true;
    }
  }
  if (!any) return;
  // through a destroyed cortex: the soft-tissue mass outside the bone (tumour density, not
  // beside another bone, not a disc, nearer the sacrum than L5)
  const allowed = new Uint8Array(labels.length);
  for (let i = 0; i < allowed.length; i++) {
    const v = smooth[i];
    allowed[i] =
      labels[i] === 0 &&
      near[i] &&
      !nearOthers[i] &&
      v >= LESION_MIN_HU &&
      v <= LESION_MAX_HU &&
      axialGapMm[i] >= DISC_GAP_MM &&
      !(ctx.toL52 && ctx.toL52[i] < ctx.toSacrum2[i])
        ? 1
        : 0;
  }
  // at least two voxels: on coarse grids one step is all partial volume
  const reach = Math.max(LESION_EXTENSION_MM, 2 * Math.max(...grid.spacingMm));
  const outside = extraosseousExtension(grid, { lesion, allowed }, reach);
  for (let i = 0; i < outside.length; i++) if (outside[i]) labels[i] = SACRAL_LABELS.lesion;
}

/**
 * Where the sacrum's mirror image across its mid-plane (x = `midlineX`) is bone: the bone a
 * lesion has destroyed on one side is still there on the other.
 */
function mirroredBone(grid: Grid, bone: Uint8Array, midlineX: number): Uint8Array {
  const [nx] = grid.dims;
  const out = new Uint8Array(bone.length);
  for (let row = 0; row < bone.length; row += nx)
    for (let i = 0; i < nx; i++) {
      const x = grid.originLps[0] + i * grid.spacingMm[0];
      const m = Math.round((2 * midlineX - x - grid.originLps[0]) / grid.spacingMm[0]);
      if (m >= 0 && m < nx && bone[row + m]) out[row + i] = 1;
    }
  return out;
}

/**
 * Which candidate pieces are lesions: big enough, a solid blob (a point deeper than
 * `LESION_MIN_DEPTH_MM` inside it; patchy fatty marrow and noise are thin and ragged), and darker
 * than the sacral bone around it (within 4 mm) by `LESION_MIN_CONTRAST_HU` on average.
 */
function lesionLike(
  grid: Grid,
  ctx: {
    ids: Int32Array;
    sizes: Int32Array | number[];
    smooth: Float32Array;
    sacrum: Uint8Array;
    minVoxels: number;
  },
): Uint8Array {
  const { ids, sizes, smooth } = ctx;
  const n = sizes.length;
  const outside = new Uint8Array(ids.length);
  for (let i = 0; i < ids.length; i++) outside[i] = ids[i] ? 0 : 1;
  // only 'deeper than LESION_MIN_DEPTH_MM' is asked of it
  const depth2 = squaredDistanceToMask(grid, outside, LESION_MIN_DEPTH_MM);
  const deepest = new Float64Array(n);
  const insideSum = new Float64Array(n);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (!id) continue;
    if (depth2[i] > deepest[id]) deepest[id] = depth2[i];
    insideSum[id] += smooth[i];
  }
  // solid pieces big enough, at most 255 (the biggest), numbered 1.. for the competition
  const solid = [...Array(n).keys()]
    .filter((id) => id > 0 && sizes[id] >= ctx.minVoxels && deepest[id] >= LESION_MIN_DEPTH_MM ** 2)
    .sort((a, b) => sizes[b] - sizes[a])
    .slice(0, 255);
  const compact = new Uint8Array(n);
  solid.forEach((id, k) => (compact[id] = k + 1));
  const seeds = Uint8Array.from(ids, (id) => compact[id]);
  // the bone around each piece: sacral voxels within 4 mm, given to the nearest piece
  const near = seededCompetition(grid, {
    mask: dilate(grid, seeds, 4),
    seeds,
    cost: new Float32Array(ids.length).fill(1),
  });
  const ringSum = new Float64Array(solid.length + 1);
  const ringCount = new Float64Array(solid.length + 1);
  for (let i = 0; i < ids.length; i++) {
    if (seeds[i] || !near[i] || !ctx.sacrum[i]) continue;
    ringSum[near[i]] += smooth[i];
    ringCount[near[i]]++;
  }
  const keep = new Uint8Array(n);
  solid.forEach((id, k) => {
    const c = k + 1;
    const contrast = ringCount[c] ? ringSum[c] / ringCount[c] - insideSum[id] / sizes[id] : Infinity;
    if (contrast >= LESION_MIN_CONTRAST_HU) keep[id] = 1;
  });
  return keep;
}

function pickForamina(
  grid: Grid,
  ctx: {
    canalInput: CanalInput;
    soft: Uint8Array;
    smooth: Float32Array;
    canal: Uint8Array;
    labels: Uint8Array;
    xOf: (i: number) => number;
    midlineX: number;
    ventralY: number;
  },
): void {
  // a foramen is a channel out of the canal: soft tissue farther from the canal than a
  // foramen's length (a lesion that has opened into a foramen, bowel) is cut off
  const toCanal2 = squaredDistanceToMask(grid, ctx.canal, FORAMEN_LENGTH_MM);
  const reach2 = FORAMEN_LENGTH_MM * FORAMEN_LENGTH_MM;
  const lateral = new Uint8Array(ctx.soft.length);
  const { hu, envelope, toL52, toSacrum2 } = ctx.canalInput;
  for (let i = 0; i < lateral.length; i++) {
    const dx = Math.abs(ctx.xOf(i) - ctx.midlineX);
    // a channel two or three voxels wide between dense walls (S3, S4) reads too dense once
    // smoothed: there its own CT number tells fat
    const fatChannel =
      hu.data[i] < FORAMEN_FAT_HU &&
      envelope[i] === 1 &&
      (ctx.labels[i] === 0 || ctx.labels[i] === SACRAL_LABELS.sacrum) &&
      !(toL52 && toL52[i] < toSacrum2[i]);
    lateral[i] =
      ((ctx.soft[i] && ctx.smooth[i] < FORAMEN_MAX_HU) || fatChannel) &&
      !ctx.canal[i] &&
      dx > 3 &&
      dx <= 45 &&
      toCanal2[i] <= reach2
        ? 1
        : 0;
  }
  const { ids, sizes } = connectedComponents(grid, lateral, 26);
  const voxelMl = (grid.spacingMm[0] * grid.spacingMm[1] * grid.spacingMm[2]) / 1000;
  const canalPoints = samplePoints(grid, ctx.canal, 4000);
  // the contract's canal starts at the L5/S1 level: no foramen lies above its top
  let canalTopZ = -Infinity;
  for (const p of canalPoints) if (p[2] > canalTopZ) canalTopZ = p[2];
  const stats = componentStats(grid, ids, sizes.length - 1).filter((c) => {
    if (c.volumeMl < Math.max(0.05, 2 * voxelMl) || c.volumeMl > FORAMEN_MAX_ML) return false;
    if (canalPoints.length && c.centroid[2] > canalTopZ) return false;
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
  const pieces = (s: number): ComponentStats[] =>
    oneLevelEach(
      stats.filter((c) => (c.centroid[0] - ctx.midlineX) * s >= FORAMEN_MIN_OFFSET_MM),
      grid.spacingMm[2],
    );
  const [left, right] = [pieces(1), pieces(-1)];
  for (const [side, mine, other] of [
    ['left', left, right],
    ['right', right, left],
  ] as const) {
    const chain = bestLevelChain(belowHighestPair(mine, other));
    chain.forEach((c, n) => (label[c.id] = SACRAL_LABELS[foramenName(FORAMEN_LEVELS[n], side)]));
  }
  // each channel's rim at the partial-volume half-way point, as for the canal
  // thin channels lose up to ~2.5 mm to partial volume: two voxel layers back on fine grids
  const rimPasses = Math.max(1, Math.round(2.4 / Math.max(...grid.spacingMm)));
  const free = new Uint8Array(ids.length);
  for (let i = 0; i < free.length; i++)
    free[i] = ctx.canalInput.envelope[i] && !ctx.canal[i] && !(ids[i] && label[ids[i]]) ? 1 : 0;
  for (let id = 1; id < sizes.length; id++) {
    if (!label[id]) continue;
    const piece = new Uint8Array(ids.length);
    for (let i = 0; i < ids.length; i++) piece[i] = ids[i] === id ? 1 : 0;
    const rimmed = halfMaxRim(grid, piece, { ...ctx.canalInput, envelope: free, passes: rimPasses });
    for (let i = 0; i < ids.length; i++)
      if (rimmed[i] && (ctx.labels[i] === 0 || ctx.labels[i] === SACRAL_LABELS.sacrum)) {
        ctx.labels[i] = label[id];
        free[i] = 0;
      }
  }
}

/** The voxels of one label as a 0/1 mask, or null when it has none. */
function labelMask(labels: Uint8Array, value: number): Uint8Array | null {
  const mask = new Uint8Array(labels.length);
  let any = false;
  for (let i = 0; i < labels.length; i++)
    if (labels[i] === value) {
      mask[i] = 1;
      any = true;
    }
  return any ? mask : null;
}

/**
 * A foramen that leaves the sacrum through a lesion's destroyed cortex runs outside the sacral
 * envelope, where it was not looked for: each foramen is grown, up to `THROUGH_LESION_MM`,
 * through fat (below -20 HU, or below 30 HU smoothed) within 6 mm of the lesion that has lesion
 * or dense bone on both sides, left and right, within `CHANNEL_WALL_MM` (a channel through the
 * tumour, not the fat in front of it). Phantom seeds 2, 5, 6 at 1.5 mm (lesions beside S1 or S2):
 * S1 right 0.78 -> 0.86, S1 left 0.79 -> 0.87, S2 right 0.54 -> 0.78, S3 right 0.69 -> 0.85+;
 * seeds 1, 3, 4, 7-14 and the real CTs unchanged.
 */
function foraminaThroughLesion(
  grid: Grid,
  ctx: { hu: Volume<Float32Array>; labels: Uint8Array; smooth: Float32Array },
): void {
  const { labels, smooth } = ctx;
  const hu = ctx.hu.data;
  const lesion = labelMask(labels, SACRAL_LABELS.lesion);
  if (!lesion) return;
  const nearLesion2 = squaredDistanceToMask(grid, lesion, NEAR_LESION_MM);
  const [nx, ny] = grid.dims;
  const reach = Math.round(CHANNEL_WALL_MM / grid.spacingMm[0]);
  const wall = (v: number): boolean => labels[v] === SACRAL_LABELS.lesion || hu[v] >= 150;
  const between = (v: number): boolean => {
    const i = v % nx;
    let left = false;
    let right = false;
    for (let d = 1; d <= reach && !left; d++) if (i - d >= 0 && wall(v - d)) left = true;
    for (let d = 1; d <= reach && !right; d++) if (i + d < nx && wall(v + d)) right = true;
    return left && right;
  };
  const ok = (v: number): boolean =>
    labels[v] === 0 &&
    (hu[v] < FORAMEN_FAT_HU || smooth[v] < FORAMEN_MAX_HU) &&
    nearLesion2[v] <= NEAR_LESION_MM * NEAR_LESION_MM &&
    between(v);
  const steps = Math.round(THROUGH_LESION_MM / Math.min(...grid.spacingMm));
  const offsets = [1, -1, nx, -nx, nx * ny, -nx * ny];
  let front: number[] = [];
  for (let v = 0; v < labels.length; v++) if (isForamen(labels[v])) front.push(v);
  for (let s = 0; s < steps && front.length; s++) {
    const next: number[] = [];
    for (const v of front)
      for (const o of offsets) {
        const u = v + o;
        if (u < 0 || u >= labels.length || !ok(u)) continue;
        labels[u] = labels[v];
        next.push(u);
      }
    front = next;
  }
}

/**
 * One channel per level and side: of pieces whose centres are within a level's spacing in z
 * (a foramen broken in two, or a vessel beside it), the bigger one.
 */
function oneLevelEach(pieces: ComponentStats[], sliceMm: number): ComponentStats[] {
  const kept: ComponentStats[] = [];
  for (const c of [...pieces].sort((a, b) => b.volumeMl - a.volumeMl))
    if (kept.every((k) => Math.abs(k.centroid[2] - c.centroid[2]) > Math.max(LEVEL_SPACING_MM, 2 * sliceMm)))
      kept.push(c);
  return kept;
}

/**
 * The pieces of one side not above its highest piece that has a partner on the other side (S1,
 * the biggest, is found on both): an unpaired pocket above S1 cannot take S1's name.
 */
function belowHighestPair(mine: ComponentStats[], other: ComponentStats[]): ComponentStats[] {
  const paired = mine.filter((c) => other.some((o) => Math.abs(o.centroid[2] - c.centroid[2]) <= PAIR_DZ_MM));
  if (!paired.length) return mine;
  const top = Math.max(...paired.map((c) => c.centroid[2]));
  return mine.filter((c) => c.centroid[2] <= top + PAIR_DZ_MM);
}

/**
 * The foramina of one side, top to bottom: of the chains of pieces (ordered by height, at most
 * four, neighbours at most `MAX_LEVEL_GAP_MM` apart in z) the longest, then the biggest. A soft
 * pocket well above S1 or below S4 (the L5/S1 facets, the coccygeal cornua) does not fit in.
 */
function bestLevelChain(pieces: ComponentStats[]): ComponentStats[] {
  const byHeight = [...pieces].sort((a, b) => b.centroid[2] - a.centroid[2]);
  let best: ComponentStats[] = [];
  let bestMl = 0;
  const visit = (chain: ComponentStats[], from: number, ml: number): void => {
    if (chain.length > best.length || (chain.length === best.length && ml > bestMl)) {
      best = chain;
      bestMl = ml;
    }
    if (chain.length === FORAMEN_LEVELS.length) return;
    for (let n = from; n < byHeight.length; n++) {
      const c = byHeight[n];
      const last = chain[chain.length - 1];
      if (last && last.centroid[2] - c.centroid[2] > MAX_LEVEL_GAP_MM) break;
      visit([...chain, c], n + 1, ml + c.volumeMl);
    }
  };
  visit([], 0, 0);
  return best;
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

const FORAMEN_LABELS = new Set<number>(
  FORAMEN_LEVELS.flatMap((level) =>
    (['left', 'right'] as const).map((side) => SACRAL_LABELS[foramenName(level, side)]),
  ),
);
const isForamen = (label: number): boolean => FORAMEN_LABELS.has(label);
