/**
 * Femoral heads as femur seeds for the stage-1 competition of bone-labels.ts, so that the hip
 * joint is the boundary between hip bone and femur even where the joint space was filled as
 * marrow (thick slices, osteoporosis, an implant).
 * Working grid (axis-aligned LPS, world = origin + spacing · ijk); mm throughout.
 */
import { makeVolume, type Grid, type Volume } from '../core/volume.js';
import { SACRAL_LABELS } from '../anatomy/labels.js';
import { mirroredFemoralHead, type FemoralHead } from './femoral-head.js';
import { onThisThread, type FemoralHeadTask, type OffThread } from './off-thread.js';
import { boxAround, boxGrid, cutBox, type IndexBox } from './crop-box.js';

/** The femoral head seed ends this far inside the joint space's radius (mm). */
const HEAD_INSIDE_JOINT_MM = 2;
/**
 * Below a femoral head (one radius under its centre), hip seeds more than this far (mm) lateral
 * of its centre are femur's: the femoral neck and the trochanters lie there, the hip bone's
 * ischium medial. Where the joint space is not resolved the hip's deep bone runs on down the
 * neck, and its seeds took the greater trochanter (example CT right hip 0.868 -> 0.876 Dice).
 */
const NECK_LATERAL_OF_HEAD_MM = 5;
/** A femur this big (mL) in the field of view has its head searched for. */
const MIN_FEMUR_ML = 10;
/** The femoral head's centre is searched within this distance of the femur and the hip (mm). */
const HEAD_SEARCH_MM = 60;

const SIDES = [
  { side: 1, hipLabel: SACRAL_LABELS.hip_left, femurLabel: SACRAL_LABELS.femur_left },
  { side: -1, hipLabel: SACRAL_LABELS.hip_right, femurLabel: SACRAL_LABELS.femur_right },
] as const;
type Side = (typeof SIDES)[number];

/**
 * Finds each side's femoral head (femoral-head.ts; a side without one takes the other side's,
 * mirrored across `midlineX`, where that is bone) and writes it into `seeds` as femur: the ball
 * inside the joint space, hip seeds cleared around it, and hip seeds below it on the neck's side
 * turned femur. `stage1` holds the hip and femur labels of a first competition. Returns whether
 * any seed changed.
 */
export async function seedFemoralHeads(
  hu: Volume<Float32Array>,
  ctx: { stage1: Uint8Array; bone: Uint8Array; seeds: Uint8Array; midlineX: number; offThread: OffThread },
): Promise<boolean> {
  const searches: { side: Side; task: FemoralHeadTask }[] = [];
  for (const side of SIDES) {
    const task = headSearch(hu, { ...ctx, side });
    if (task) searches.push({ side, task });
  }
  // the first side on the other core, the second on this one
  const heads = await Promise.all(
    searches.map((s, n) => (n === 0 ? ctx.offThread : onThisThread).femoralHead(s.task)),
  );
  if (heads.length === 2 && (heads[0] === null) !== (heads[1] === null)) {
    const found = (heads[0] ?? heads[1]) as FemoralHead;
    heads[heads[0] ? 1 : 0] = mirroredFemoralHead(hu, ctx.bone, { head: found, midlineX: ctx.midlineX });
  }
  let changed = false;
  searches.forEach(({ side }, n) => {
    const head = heads[n];
    if (!head) return;
    seedHead(hu, { head, side, bone: ctx.bone, seeds: ctx.seeds });
    seedNeck(hu, { head, side, seeds: ctx.seeds });
    changed = true;
  });
  return changed;
}

/** The head search of one side, in a box around its femur; null when the femur is too small. */
function headSearch(
  grid: Grid & { data: Float32Array },
  ctx: { stage1: Uint8Array; bone: Uint8Array; side: Side },
): FemoralHeadTask | null {
  const { stage1, bone, side } = ctx;
  const hip = new Uint8Array(stage1.length);
  const femur = new Uint8Array(stage1.length);
  let femurVoxels = 0;
  for (let i = 0; i < stage1.length; i++) {
    hip[i] = stage1[i] === side.hipLabel ? 1 : 0;
    femur[i] = stage1[i] === side.femurLabel ? 1 : 0;
    femurVoxels += femur[i];
  }
  const [sx, sy, sz] = grid.spacingMm;
  if (femurVoxels * sx * sy * sz < MIN_FEMUR_ML * 1000) return null;
  const box = boxAround(grid, femur, HEAD_SEARCH_MM) as IndexBox;
  return {
    hu: makeVolume(boxGrid(grid, box), cutBox(grid, grid.data, box)),
    masks: { hip: cutBox(grid, hip, box), femur: cutBox(grid, femur, box), bone: cutBox(grid, bone, box) },
    searchMm: HEAD_SEARCH_MM,
  };
}

/** The head's ball (inside the joint space) seeds femur; hip seeds within the joint are cleared. */
function seedHead(
  grid: Grid,
  ctx: { head: FemoralHead; side: Side; bone: Uint8Array; seeds: Uint8Array },
): void {
  const { head, side, bone, seeds } = ctx;
  const [nx, ny] = grid.dims;
  const inner = head.radiusMm - HEAD_INSIDE_JOINT_MM;
  const outer = head.radiusMm + HEAD_INSIDE_JOINT_MM;
  const lo = [0, 1, 2].map((a) =>
    Math.max(0, Math.floor((head.centreLps[a] - outer - grid.originLps[a]) / grid.spacingMm[a])),
  );
  const hi = [0, 1, 2].map((a) =>
    Math.min(
      grid.dims[a] - 1,
      Math.ceil((head.centreLps[a] + outer - grid.originLps[a]) / grid.spacingMm[a]),
    ),
  );
  for (let k = lo[2]; k <= hi[2]; k++)
    for (let j = lo[1]; j <= hi[1]; j++)
      for (let i = lo[0]; i <= hi[0]; i++) {
        const r = Math.hypot(
          grid.originLps[0] + i * grid.spacingMm[0] - head.centreLps[0],
          grid.originLps[1] + j * grid.spacingMm[1] - head.centreLps[1],
          grid.originLps[2] + k * grid.spacingMm[2] - head.centreLps[2],
        );
        const v = i + nx * (j + ny * k);
        if (r <= inner && bone[v]) seeds[v] = side.femurLabel;
        else if (r <= outer && seeds[v] === side.hipLabel) seeds[v] = 0;
      }
}

/**
 * Hip seeds below the head on its lateral side become femur's: more than 5 mm lateral of its
 * centre below the head (the neck), or more than its radius + 5 mm lateral below its centre (the
 * greater trochanter, which rises to about the centre's height; the hip bone below the centre,
 * the acetabulum's rim, the ischium and the pubis, lies within that).
 */
function seedNeck(grid: Grid, ctx: { head: FemoralHead; side: Side; seeds: Uint8Array }): void {
  const { head, side, seeds } = ctx;
  const [nx, ny] = grid.dims;
  const [cx, , cz] = head.centreLps;
  const kTop = Math.min(grid.dims[2] - 1, Math.floor((cz - grid.originLps[2]) / grid.spacingMm[2]));
  for (let k = 0; k <= kTop; k++) {
    const z = grid.originLps[2] + k * grid.spacingMm[2];
    const lateralMm =
      z < cz - head.radiusMm ? NECK_LATERAL_OF_HEAD_MM : head.radiusMm + NECK_LATERAL_OF_HEAD_MM;
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        const v = i + nx * (j + ny * k);
        if (seeds[v] !== side.hipLabel) continue;
        const x = grid.originLps[0] + i * grid.spacingMm[0];
        if ((x - cx) * side.side > lateralMm) seeds[v] = side.femurLabel;
      }
  }
}
