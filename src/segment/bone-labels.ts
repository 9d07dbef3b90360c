/**
 * Bones of the lumbosacral region on the working grid: sacrum (with coccyx), L5, L4, hips and
 * femurs. Anatomical reasoning, no learned model:
 *   1. bone = CT >= threshold inside the body, marrow cavities filled;
 *   2. the mid-sagittal plane from left-right symmetry of the bone;
 *   3. bone "cores" (deeper than a few mm) fall apart at joints and discs; in the midline band
 *      the sacrum is the core chunk with the longest extent (fused S1-S5, ~10 cm), the lumbar
 *      vertebrae the chunks above it; laterally each hip is the biggest core piece of its side
 *      and the femur the next one, below it;
 *   4. seeded region competition grows these seeds through the whole bone mask with a cost that
 *      rises in low-density voxels, so boundaries fall in the joints (sacroiliac, hip, facets).
 */
import { type Grid, type Volume } from '../core/volume.js';
import { connectedComponents } from '../core/connected-components.js';
import { squaredDistanceToMask } from '../core/distance-transform.js';
import { SACRAL_LABELS } from '../anatomy/labels.js';
import { bodyMask, fillHoles3d, holesInSlices, thresholdMask } from './masks.js';
import { close } from './morphology.js';
import { symmetricMidlineX } from './midline.js';
import { componentStats, type ComponentStats } from './component-stats.js';
import { seededCompetition } from './seeded-competition.js';
import { jointCosts } from './joint-cost.js';
import { onThisThread, type OffThread } from './off-thread.js';
import { seedFemoralHeads } from './femoral-head-seeds.js';
import type { BoneOnlyMasks } from './constant-background.js';
import { boxAround, boxGrid, cutBox, pasteBox, type IndexBox } from './crop-box.js';

/** Internal label for other bones that compete for voxels (ribs, upper vertebrae); dropped. */
export const OTHER_BONE = 31;
/** Internal label of the axial skeleton before it is split. */
const AXIAL = 30;

export interface BoneLabelling {
  labels: Uint8Array;
  /** Bone mask (threshold, holes filled) the labels were grown in. */
  bone: Uint8Array;
  body: Uint8Array;
  midlineX: number;
  warnings: string[];
}

export interface BoneOptions {
  boneThresholdHu: number;
  /**
   * A bone-only CT's bone mask and joint spaces, exact from its constant background
   * (constant-background.ts): they replace the bone mask found by density and enclosure, and
   * the joint-like costs of low density next to dense bone between hips and sacrum.
   */
  boneOnly?: BoneOnlyMasks;
}

const AXIAL_BAND_MM = 15;
const LATERAL_HIP_MM = 65;
const FEMUR_LATERAL_MM = 100;
const MERGED_L5_RISE_MM = 20;
const MIN_L5_ML = 20;
/** A vertebra's centre lies within this of the midline (mm); a piece further out is not one. */
const VERTEBRA_OFF_MIDLINE_MM = 15;
/**
 * A lateral piece with at least this fraction of the sacrum's contact with the hips is part of
 * the sacrum: an ala cut off by a fracture carries a sacroiliac joint (measured: FracSegNet
 * case003's fractured right ala 0.87; a loose piece of ilium in case005 0.29).
 */
const ALA_CONTACT = 0.5;
/**
 * Above L5's body centre plus this (mm) a merged territory is L5's, and so is what the sacrum's
 * territory holds there when L5 has its own (measured from L5's territory centre): the sacrum's
 * highest parts, its superior articular processes, reach the L5/S1 disc and L5's lower endplate,
 * not its middle.
 * Phantom seeds 1, 3, 4, 5, 7 at 1.5 mm (L5 bridged to the sacrum by its facets): L5 Dice 0.88
 * 0.73 0.74 0.75 0.78 -> 0.93 0.94 0.87 0.85 0.92 (at +0 mm 0.86-0.85; at -6 mm worse).
 */
const L5_ARCH_ABOVE_CORE_MM = 6;
/** The axial skeleton's cores, split at the discs, are bone this deep (mm). */
const CORE_DEPTH_MM = 6;
/**
 * L5's superior articular processes rise this far above its body's upper endplate (mm; the top of
 * its deep core + the core depth): L5's territory above that is L4's arch, reached through bridged
 * L4/L5 facets. Example CT (its reference's L5 ends 9 mm above the body): L5 0.733 -> 0.774 Dice
 * (6 mm 0.779, 12 mm 0.769, 15 mm 0.765); phantoms (facets within the body's height) unchanged.
 */
const L5_FACETS_ABOVE_BODY_MM = 9;
/** L5's body has its centre above the top of the sacroiliac joints (mm). */
const L5_ABOVE_CONTACT_MM = 0;
/** Marrow: enclosed by dense bone within this distance in 9 of 10 directions. */
const ENCLOSURE_MM = 30;
/** Cortical shells for marrow as holes in slices: CT number and the largest gap closed. */
const SHELL_HU = 120;
const SHELL_GAP_MM = 9;
const MARROW_MAX_MM2 = 2500;
/** Between two endplates closer than this (straight up plus down) lies a disc, not marrow. */
const DISC_GAP_MM = 12;

export async function labelBones(
  hu: Volume<Float32Array>,
  options: BoneOptions = { boneThresholdHu: 150 },
  offThread: OffThread = onThisThread,
): Promise<BoneLabelling> {
  const grid: Grid = hu;
  const warnings: string[] = [];
  const body = bodyMask(hu);
  const raw = thresholdMask(hu, { thresholdHu: options.boneThresholdHu, within: body });
  const bone = options.boneOnly?.bone ?? (await solidBone(hu, { dense: raw, body, offThread }));
  const midlineX = symmetricMidlineX(grid, bone);
  const cores = boneCores(grid, bone);
  const { betweenBones, withinAxial } = jointCosts(hu, raw, options.boneOnly?.jointSpace);
  // stage 1: hips and femurs against the axial skeleton (spine, sacrum, coccyx)
  const seeds = new Uint8Array(bone.length);
  const hips = placeLateralSeeds(grid, { cores, midlineX, seeds });
  if (!hips) {
    warnings.push('no hip bones found: the field of view does not hold the pelvis');
    return { labels: new Uint8Array(bone.length), bone, body, midlineX, warnings };
  }
  placeAxialSeed(grid, { bone, midlineX, seeds, minCentroidY: hips.meanCentroidY - 25 });
  let stage1 = seededCompetition(grid, { mask: bone, seeds, cost: betweenBones });
  if (await seedFemoralHeads(hu, { stage1, bone, seeds, midlineX, offThread }))
    stage1 = seededCompetition(grid, { mask: bone, seeds, cost: betweenBones });
  // stage 2: the axial skeleton split at the discs; the sacrum is the piece that meets the hips
  const labels = splitAxialSkeleton(grid, { stage1, cost: withinAxial, midlineX, warnings });
  for (let i = 0; i < labels.length; i++) if (labels[i] === OTHER_BONE || labels[i] === AXIAL) labels[i] = 0;
  return { labels, bone, body, midlineX, warnings };
}

/**
 * Whole bones from their dense parts: fatty or osteoporotic marrow is often no denser than
 * muscle. It is found two ways: by enclosure in 3D (see enclosed-by-bone.ts), and as the holes
 * of the cortical shells (>= 120 HU, gaps up to ~9 mm closed) in at least two of the sagittal,
 * coronal and axial slices through a voxel, when those holes are small (<= 25 cm²). A canal or
 * a foramen is a hole in one plane only (the slice across the tube), so it stays open. A disc is
 * left out by the distance to dense bone straight up plus straight down (>= 12 mm for marrow).
 * Small 3D cavities are filled last.
 */
async function solidBone(
  hu: Volume<Float32Array>,
  ctx: { dense: Uint8Array; body: Uint8Array; offThread: OffThread },
): Promise<Uint8Array> {
  const grid: Grid = hu;
  const { dense, body } = ctx;
  // the enclosure on the other core while this one finds the shells' holes
  const enclosure = ctx.offThread.enclosure(grid, dense, ENCLOSURE_MM);
  const shell = close(grid, thresholdMask(hu, { thresholdHu: SHELL_HU, within: body }), SHELL_GAP_MM / 2);
  // votes: in how many of the sagittal, coronal and axial slices through a voxel it is a hole
  const votes = new Uint8Array(dense.length);
  for (const axis of [0, 1, 2] as const) {
    const holes = holesInSlices(grid, shell, { axis, maxHoleMm2: MARROW_MAX_MM2 });
    for (let i = 0; i < votes.length; i++) votes[i] += holes[i];
  }
  const { hits, axialGapMm } = await enclosure;
  const solid = new Uint8Array(dense.length);
  for (let i = 0; i < solid.length; i++) {
    const marrow = (votes[i] >= 2 || hits[i] >= 9) && axialGapMm[i] >= DISC_GAP_MM && hu.data[i] >= -200;
    solid[i] = body[i] && (dense[i] || marrow) ? 1 : 0;
  }
  return fillHoles3d(grid, solid, 20);
}

/** Bone deeper than ~3.5 mm (at least one voxel in from the surface). */
function boneCores(grid: Grid, bone: Uint8Array, minDepthMm = 3.5): Uint8Array {
  const outside = new Uint8Array(bone.length);
  for (let i = 0; i < bone.length; i++) outside[i] = bone[i] ? 0 : 1;
  const r = Math.max(minDepthMm, 1.1 * Math.max(...grid.spacingMm));
  const d2 = squaredDistanceToMask(grid, outside, r);
  const cores = new Uint8Array(bone.length);
  for (let i = 0; i < bone.length; i++) cores[i] = bone[i] && d2[i] > r * r ? 1 : 0;
  return cores;
}

function zOfIndex(grid: Grid, idx: number, sliceVoxels: number): number {
  return grid.originLps[2] + Math.floor(idx / sliceVoxels) * grid.spacingMm[2];
}

function xOf(grid: Grid, idx: number): number {
  return grid.originLps[0] + (idx % grid.dims[0]) * grid.spacingMm[0];
}

/**
 * The axial skeleton's seed: all bone of the midline band (|x - midline| <= 15 mm) in pieces
 * whose centre is not far anterior (that is the pubic symphysis, part of the hips).
 */
function placeAxialSeed(
  grid: Grid,
  ctx: { bone: Uint8Array; midlineX: number; seeds: Uint8Array; minCentroidY: number },
): void {
  const { bone, midlineX, seeds } = ctx;
  const band = new Uint8Array(bone.length);
  for (let i = 0; i < bone.length; i++)
    band[i] = bone[i] && Math.abs(xOf(grid, i) - midlineX) <= AXIAL_BAND_MM ? 1 : 0;
  const { ids, sizes } = connectedComponents(grid, band, 6);
  const chunks = componentStats(grid, ids, sizes.length - 1);
  const keep = new Uint8Array(sizes.length);
  for (const c of chunks) if (c.centroid[1] >= ctx.minCentroidY) keep[c.id] = 1;
  for (let i = 0; i < ids.length; i++) if (ids[i] && keep[ids[i]] && !seeds[i]) seeds[i] = AXIAL;
}

/**
 * Splits the axial skeleton of stage 1 into sacrum, L5, L4 and other vertebrae. Its deep cores
 * (> 6 mm from the surface) fall apart at the discs; each core grows back into a territory;
 * the territory with the most bone against the hips is the sacrum (the sacroiliac joints),
 * territories below it are the lower sacrum and coccyx, the lowest one above it is L5.
 */
function splitAxialSkeleton(
  grid: Grid,
  ctx: { stage1: Uint8Array; cost: Float32Array; midlineX: number; warnings: string[] },
): Uint8Array {
  const { stage1 } = ctx;
  const axial = new Uint8Array(stage1.length);
  const hip = new Uint8Array(stage1.length);
  for (let i = 0; i < stage1.length; i++) {
    axial[i] = stage1[i] === AXIAL ? 1 : 0;
    hip[i] = stage1[i] === SACRAL_LABELS.hip_left || stage1[i] === SACRAL_LABELS.hip_right ? 1 : 0;
  }
  const { ids, sizes } = connectedComponents(grid, boneCores(grid, axial, CORE_DEPTH_MM), 6);
  const big = componentStats(grid, ids, sizes.length - 1)
    .filter((c) => c.volumeMl >= 0.5)
    .sort((a, b) => b.volumeMl - a.volumeMl)
    .slice(0, 250);
  const out = stage1.slice();
  if (!big.length) {
    ctx.warnings.push('no sacrum found: no axial bone');
    return out;
  }
  const seedOf = new Uint8Array(sizes.length);
  big.forEach((c, n) => (seedOf[c.id] = n + 1));
  const seeds = new Uint8Array(stage1.length);
  for (let i = 0; i < ids.length; i++) if (ids[i]) seeds[i] = seedOf[ids[i]];
  const territory = seededCompetition(grid, { mask: axial, seeds, cost: ctx.cost });
  const terr = componentStats(grid, Int32Array.from(territory), big.length);
  const contact = new Float64Array(big.length + 1);
  // only 'within 6 mm of the hips' is asked of it, here and in splitMergedL5
  const d2 = squaredDistanceToMask(grid, hip, 6);
  for (let i = 0; i < territory.length; i++) if (territory[i] && d2[i] <= 36) contact[territory[i]]++;
  const sacrum = [...terr].sort((a, b) => contact[b.id] - contact[a.id])[0];
  if (!sacrum || contact[sacrum.id] === 0) {
    ctx.warnings.push('no sacrum found: no axial bone meets the hip bones');
    return out;
  }
  const label = new Uint8Array(big.length + 1);
  label[sacrum.id] = SACRAL_LABELS.sacrum;
  const offMidline = (t: ComponentStats): boolean =>
    Math.abs(t.centroid[0] - ctx.midlineX) > VERTEBRA_OFF_MIDLINE_MM;
  for (const t of terr) {
    if (t === sacrum) continue;
    // the lower sacrum and coccyx; and a lateral piece against the hips beside the sacrum (an
    // ala cut off by a fracture line, or by a fatty gap in its marrow) is sacrum, not L5
    const below = t.centroid[2] < sacrum.centroid[2] && t.max[2] <= sacrum.max[2];
    const ala =
      offMidline(t) && contact[t.id] >= ALA_CONTACT * contact[sacrum.id] && t.min[2] < sacrum.max[2];
    if (below || ala) label[t.id] = SACRAL_LABELS.sacrum;
  }
  // a vertebra is centred on the midline
  const above = terr.filter(
    (t) => !label[t.id] && t.centroid[2] > sacrum.centroid[2] && t.volumeMl >= 5 && !offMidline(t),
  );
  const mergedL5 = splitMergedL5(grid, { territory, sacrumId: sacrum.id, nearHip: d2, cost: ctx.cost });
  const l5 = mergedL5 ? null : lowestAbove(above, sacrum.centroid[2]);
  if (l5) label[l5.id] = SACRAL_LABELS.L5;
  const l4 = lowestAbove(
    above.filter((t) => t !== l5),
    mergedL5 ? sacrum.centroid[2] : ((l5 as ComponentStats | null)?.centroid[2] ?? Infinity),
  );
  if (l4) label[l4.id] = SACRAL_LABELS.L4;
  if (!l5 && !mergedL5) ctx.warnings.push('no L5 found above the sacrum');
  for (let i = 0; i < out.length; i++) {
    if (!axial[i]) continue;
    out[i] = mergedL5?.[i] ? SACRAL_LABELS.L5 : territory[i] ? label[territory[i]] || OTHER_BONE : AXIAL;
  }
  // nothing of the sacrum rises that far above L5's centre: what the sacrum's territory holds
  // there is L5's arch, reached through bridged facets (example CT: sacrum 0.772 -> 0.778, L5
  // 0.715 -> 0.733 Dice)
  if (l5) {
    const [nx, ny] = grid.dims;
    const archZ = l5.centroid[2] + L5_ARCH_ABOVE_CORE_MM;
    for (let i = 0; i < out.length; i++)
      if (out[i] === SACRAL_LABELS.sacrum && zOfIndex(grid, i, nx * ny) >= archZ) out[i] = SACRAL_LABELS.L5;
  }
  // nothing of L5 rises more than its superior articular processes above its body: what L5's
  // territory holds higher is L4's arch, reached through bridged L4/L5 facets
  if (l5 && l4) {
    const [nx, ny] = grid.dims;
    const body = big[l5.id - 1];
    const topZ = body.max[2] + CORE_DEPTH_MM + L5_FACETS_ABOVE_BODY_MM;
    for (let i = 0; i < out.length; i++)
      if (out[i] === SACRAL_LABELS.L5 && zOfIndex(grid, i, nx * ny) > topZ) out[i] = SACRAL_LABELS.L4;
  }
  return out;
}

/**
 * When L5 and S1 stay joined (facets bridged on thick slices, marrow filled up to the disc), L5
 * joins the sacrum's territory, which then rises well above the sacroiliac joints. The join is
 * a narrow bridge (the disc is not bone): the territory's distance map is cut at rising depths
 * until a piece appears above the joints (its centre above the top of the hip contact, no hip
 * contact: L5's body sits at the iliac crests, its lower endplate often below the joints' top); that piece and the rest seed a
 * competition over the territory. The upper part is L5 when it is at least `MIN_L5_ML`.
 * Returns the L5 voxels, or null when the territory is not merged.
 */
function splitMergedL5(
  grid: Grid,
  ctx: { territory: Uint8Array; sacrumId: number; nearHip: Float32Array; cost: Float32Array },
): Uint8Array | null {
  const [nx, ny] = grid.dims;
  const zOf = (i: number): number => zOfIndex(grid, i, nx * ny);
  const mask = new Uint8Array(ctx.territory.length);
  const contactPerSlice = new Float64Array(grid.dims[2]);
  let top = -Infinity;
  for (let i = 0; i < mask.length; i++) {
    if (ctx.territory[i] !== ctx.sacrumId) continue;
    mask[i] = 1;
    const z = zOf(i);
    if (z > top) top = z;
    if (ctx.nearHip[i] <= 36) contactPerSlice[Math.floor(i / (nx * ny))]++;
  }
  const contactTop = sacroiliacTop(grid, contactPerSlice);
  if (!(top > contactTop + MERGED_L5_RISE_MM)) return null;
  const box = boxAround(grid, mask, 2 * Math.max(...grid.spacingMm)) as IndexBox;
  const part = splitAtNarrowestBridge(boxGrid(grid, box), {
    mask: cutBox(grid, mask, box),
    nearHip: cutBox(grid, ctx.nearHip, box),
    cost: cutBox(grid, ctx.cost, box),
    contactTop,
  });
  if (!part) return null;
  const l5 = new Uint8Array(mask.length);
  pasteBox(grid, l5, { box, part });
  return l5;
}

/**
 * The top (z, mm) of the sacroiliac joints: the highest slice whose contact with the hip bones is
 * at least a quarter of the largest. Small contacts above them (L5's transverse processes against
 * the iliac crests, iliolumbar ligaments) do not count.
 */
function sacroiliacTop(grid: Grid, contactPerSlice: Float64Array): number {
  const peak = Math.max(...contactPerSlice);
  let k = contactPerSlice.length - 1;
  while (k > 0 && contactPerSlice[k] < 0.25 * peak) k--;
  return grid.originLps[2] + k * grid.spacingMm[2];
}

/** The L5 part of a merged territory `mask` (see splitMergedL5), or null. */
function splitAtNarrowestBridge(
  grid: Grid,
  ctx: { mask: Uint8Array; nearHip: Float32Array; cost: Float32Array; contactTop: number },
): Uint8Array | null {
  const { mask, contactTop } = ctx;
  const [nx, ny] = grid.dims;
  const zOf = (i: number): number => zOfIndex(grid, i, nx * ny);
  const outside = new Uint8Array(mask.length);
  for (let i = 0; i < mask.length; i++) outside[i] = mask[i] ? 0 : 1;
  const depth2 = squaredDistanceToMask(grid, outside);
  const step = Math.min(...grid.spacingMm);
  for (let depth = step; depth <= 15; depth += step / 2) {
    const core = new Uint8Array(mask.length);
    for (let i = 0; i < mask.length; i++) core[i] = depth2[i] > depth * depth ? 1 : 0;
    const { ids, sizes } = connectedComponents(grid, core, 6);
    if (sizes.length <= 2) continue;
    const sumZ = new Float64Array(sizes.length);
    const touchesHip = new Uint8Array(sizes.length);
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      if (!id) continue;
      sumZ[id] += zOf(i);
      if (ctx.nearHip[i] <= 36) touchesHip[id] = 1;
    }
    let upper = 0;
    for (let id = 1; id < sizes.length; id++) {
      const ml = (sizes[id] * grid.spacingMm[0] * grid.spacingMm[1] * grid.spacingMm[2]) / 1000;
      if (
        ml >= 1 &&
        !touchesHip[id] &&
        sumZ[id] / sizes[id] > contactTop + L5_ABOVE_CONTACT_MM &&
        (!upper || sizes[id] > sizes[upper])
      )
        upper = id;
    }
    if (!upper) continue;
    const seeds = new Uint8Array(mask.length);
    for (let i = 0; i < ids.length; i++)
      if (ids[i]) seeds[i] = ids[i] === upper ? SACRAL_LABELS.L5 : SACRAL_LABELS.sacrum;
    // L5's arch (laminae, spinous and transverse processes) joins the sacrum only through the
    // facets; above L5's body centre it is all L5's, which the paths from the body (through the
    // pedicles) would otherwise lose to the sacrum's shorter ones through bridged facets
    const archZ = sumZ[upper] / sizes[upper] + L5_ARCH_ABOVE_CORE_MM;
    for (let i = 0; i < mask.length; i++) if (mask[i] && zOf(i) >= archZ) seeds[i] = SACRAL_LABELS.L5;
    const split = seededCompetition(grid, { mask, seeds, cost: ctx.cost });
    const l5 = new Uint8Array(mask.length);
    let voxels = 0;
    for (let i = 0; i < l5.length; i++) {
      l5[i] = split[i] === SACRAL_LABELS.L5 ? 1 : 0;
      voxels += l5[i];
    }
    const ml = (voxels * grid.spacingMm[0] * grid.spacingMm[1] * grid.spacingMm[2]) / 1000;
    return ml >= MIN_L5_ML ? l5 : null;
  }
  return null;
}

/** The piece with the lowest centroid above z (mm), or null. */
function lowestAbove(pieces: ComponentStats[], z: number): ComponentStats | null {
  let best: ComponentStats | null = null;
  for (const c of pieces) if (c.centroid[2] > z && (!best || c.centroid[2] < best.centroid[2])) best = c;
  return best;
}

/** Hip and femur seeds: per side, the biggest lateral core pieces. Null when there are none. */
function placeLateralSeeds(
  grid: Grid,
  ctx: { cores: Uint8Array; midlineX: number; seeds: Uint8Array },
): { meanCentroidY: number } | null {
  const { cores, midlineX, seeds } = ctx;
  const lateral = new Uint8Array(cores.length);
  for (let i = 0; i < cores.length; i++)
    lateral[i] = cores[i] && Math.abs(xOf(grid, i) - midlineX) > LATERAL_HIP_MM ? 1 : 0;
  const { ids, sizes } = connectedComponents(grid, lateral, 6);
  const stats = componentStats(grid, ids, sizes.length - 1);
  const label = new Uint8Array(sizes.length);
  const hipY: number[] = [];
  // hip and femur in one piece (joint space not resolved): the femur's seed is its most lateral,
  // low part (greater trochanter, neck, shaft), which no part of the hip bone reaches
  const trochanters: { id: number; side: number; femurLabel: number; belowZ: number }[] = [];
  for (const side of [1, -1]) {
    const mine = stats
      .filter((c) => (c.centroid[0] - midlineX) * side > 0 && c.volumeMl >= 5)
      .sort((a, b) => b.volumeMl - a.volumeMl);
    if (!mine.length) continue;
    const [a, b] = mine;
    const hipLabel = side > 0 ? SACRAL_LABELS.hip_left : SACRAL_LABELS.hip_right;
    const femurLabel = side > 0 ? SACRAL_LABELS.femur_left : SACRAL_LABELS.femur_right;
    if (b && b.volumeMl >= 10 && Math.abs(a.centroid[2] - b.centroid[2]) > 20) {
      const [hip, femur] = a.centroid[2] > b.centroid[2] ? [a, b] : [b, a];
      label[hip.id] = hipLabel;
      label[femur.id] = femurLabel;
      hipY.push(hip.centroid[1]);
    } else {
      label[a.id] = hipLabel;
      hipY.push(a.centroid[1]);
      trochanters.push({ id: a.id, side, femurLabel, belowZ: a.centroid[2] - 30 });
    }
  }
  if (!hipY.length) return null;
  for (let i = 0; i < ids.length; i++) if (ids[i] && label[ids[i]] && !seeds[i]) seeds[i] = label[ids[i]];
  const [nx, ny] = grid.dims;
  for (const t of trochanters) {
    for (let i = 0; i < ids.length; i++) {
      if (ids[i] !== t.id) continue;
      const z = grid.originLps[2] + Math.floor(i / (nx * ny)) * grid.spacingMm[2];
      if ((xOf(grid, i) - midlineX) * t.side > FEMUR_LATERAL_MM && z < t.belowZ) seeds[i] = t.femurLabel;
    }
  }
  return { meanCentroidY: hipY.reduce((x, y) => x + y, 0) / hipY.length };
}
