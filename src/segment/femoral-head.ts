/**
 * The femoral head as a sphere, so that it goes to the femur and not to the hip bone even where
 * the hip joint space is not resolved (thick slices, osteoporosis, a prosthesis).
 *
 *   1. Centre: radial-symmetry voting. Every strong CT edge near the hip joint votes along its
 *      gradient, both ways, for centres 15-32 mm away. The femoral head's surface and the
 *      acetabulum's are concentric spheres, so their votes pile up at the head's centre.
 *   2. Radius: the joint space. Along the directions from the centre that meet the hip bone
 *      (the acetabulum), mean CT number by radius shows dense head, a low joint space, then the
 *      dense acetabulum; the head's radius is that minimum.
 * Working grid (axis-aligned LPS, world = origin + spacing · ijk); mm throughout.
 */
import type { Grid, Volume } from '../core/volume.js';
import { squaredDistanceToMask } from '../core/distance-transform.js';

export interface FemoralHead {
  centreLps: [number, number, number];
  radiusMm: number;
  /** How much denser (HU) the head and the acetabulum are than the joint space between them. */
  depthHu: number;
}

const MIN_RADIUS_MM = 15;
const MAX_RADIUS_MM = 32;
/** Edges: CT number gradient at least this (HU/mm). */
const EDGE_HU_PER_MM = 60;
/** A joint space: at least this much less dense (HU) than the bone on both sides. */
const MIN_JOINT_DEPTH_HU = 40;
const MIN_SOLID_FRACTION = 0.7;
/**
 * At least this fraction of the directions from a head's centre meet the hip bone within 40 mm
 * (the acetabulum covers about half the head): a greater trochanter's shell has a joint-like
 * profile too, but little hip bone around it (phantoms 0.05-0.08; true heads 0.73-0.77, and
 * 0.98 where the joint space was filled as marrow; on the example CT a candidate lateral of the
 * head with a nail in its neck, 0.28).
 */
const MIN_COVERAGE = 0.4;
/**
 * The joint space is the innermost radius of the profile at least this fraction as deep as the
 * deepest: beyond it the acetabulum's cancellous layer between its two cortices is a minimum too,
 * and the deeper one where partial volume fills a thin joint space (phantom seed 7: a radius of
 * 29-30 mm found for 22 mm heads). With MIN_COVERAGE, phantom hips (seeds 7, 10, 11 at 1.5 mm)
 * 0.84/0.80, 0.94/0.86, 0.85/0.94 -> 0.92/0.85, 0.94/0.89, 0.88/0.94 Dice, the rest unchanged;
 * example CT left hip 0.870 -> 0.865 (its trochanter with the nail is no longer taken for a head).
 */
const INNERMOST_JOINT_FRACTION = 0.7;
/**
 * CT numbers are capped at cortical bone's for the votes and the joint-space profile: an implant
 * (a nail or screw in the femoral neck, thousands of HU, with its streaks) would otherwise rule
 * both. Measured on the example CT (a nail in the left femoral neck): uncapped, the left head
 * candidate jumped with sub-HU changes of the working grid (left hip 0.819-0.866 Dice over
 * resamplings of the same CT); capped, the same candidate on every resampling (0.861).
 */
const DENSE_CAP_HU = 1000;
const dense = (h: number): number => (h > DENSE_CAP_HU ? DENSE_CAP_HU : h);

/**
 * The femoral head of one side. `hip` and `femur` are that side's bone masks (stage-1 labels),
 * `bone` all bone; the search is limited to bone within `searchMm` of both hip and femur. A head
 * is solid: at least `MIN_SOLID_FRACTION` of its ball (inside the grid) is bone. Null when no
 * head is found.
 */
export function findFemoralHead(
  hu: Volume<Float32Array>,
  masks: { hip: Uint8Array; femur: Uint8Array; bone: Uint8Array },
  searchMm = 60,
): FemoralHead | null {
  const grid: Grid = hu;
  const d2Hip = squaredDistanceToMask(grid, masks.hip, searchMm);
  const d2Femur = squaredDistanceToMask(grid, masks.femur, searchMm);
  const region = new Uint8Array(hu.data.length);
  const s2 = searchMm * searchMm;
  let any = false;
  for (let i = 0; i < region.length; i++) {
    if (d2Hip[i] <= s2 && d2Femur[i] <= s2) {
      region[i] = 1;
      any = true;
    }
  }
  if (!any) return null;
  const votes = radialVotes(hu, region);
  // candidate centres: the strongest local maxima of the votes inside the two bones; the one
  // with the clearest joint space around it wins
  let best: FemoralHead | null = null;
  let bestDepth = 0;
  for (const v of strongestMaxima(grid, votes, {
    ok: (i) => region[i] === 1 && (masks.hip[i] || masks.femur[i]) === 1,
    n: 12,
  })) {
    const [nx, ny] = grid.dims;
    const ijk = [v % nx, Math.floor(v / nx) % ny, Math.floor(v / (nx * ny))];
    const centre = [0, 1, 2].map((a) => grid.originLps[a] + ijk[a] * grid.spacingMm[a]) as [
      number,
      number,
      number,
    ];
    const joint = jointSpace(hu, centre, masks.hip);
    if (
      joint &&
      joint.depthHu > bestDepth &&
      solidFraction(grid, masks.bone, { centre, radiusMm: joint.radiusMm - 2 }) >= MIN_SOLID_FRACTION
    ) {
      bestDepth = joint.depthHu;
      best = { centreLps: centre, radiusMm: joint.radiusMm, depthHu: joint.depthHu };
    }
  }
  return best;
}

/**
 * The other side's femoral head mirrored across the mid-sagittal plane x = `midlineX`, when its
 * ball is solid bone: the fallback for a side whose head was not found (an implant's streaks or a
 * joint space filled all round hide it), the pelvis being close to symmetric (example CT: the two
 * heads' reference centres mirror within 5 mm; its left head, a nail through it, is not found:
 * left hip 0.865 -> 0.876 Dice with the right's mirrored). Null when the mirrored ball is not bone.
 */
export function mirroredFemoralHead(
  grid: Grid,
  bone: Uint8Array,
  { head, midlineX }: { head: FemoralHead; midlineX: number },
): FemoralHead | null {
  const c = head.centreLps;
  const centreLps: [number, number, number] = [2 * midlineX - c[0], c[1], c[2]];
  const solid = solidFraction(grid, bone, { centre: centreLps, radiusMm: head.radiusMm - 2 });
  return solid >= MIN_SOLID_FRACTION ? { ...head, centreLps } : null;
}

/** The fraction of the ball's voxels (inside the grid) that are in `mask`. */
function solidFraction(
  grid: Grid,
  mask: Uint8Array,
  ball: { centre: [number, number, number]; radiusMm: number },
): number {
  const [nx, ny] = grid.dims;
  const lo = [0, 1, 2].map((a) =>
    Math.max(0, Math.floor((ball.centre[a] - ball.radiusMm - grid.originLps[a]) / grid.spacingMm[a])),
  );
  const hi = [0, 1, 2].map((a) =>
    Math.min(
      grid.dims[a] - 1,
      Math.ceil((ball.centre[a] + ball.radiusMm - grid.originLps[a]) / grid.spacingMm[a]),
    ),
  );
  let inside = 0;
  let solid = 0;
  for (let k = lo[2]; k <= hi[2]; k++)
    for (let j = lo[1]; j <= hi[1]; j++)
      for (let i = lo[0]; i <= hi[0]; i++) {
        const dx = grid.originLps[0] + i * grid.spacingMm[0] - ball.centre[0];
        const dy = grid.originLps[1] + j * grid.spacingMm[1] - ball.centre[1];
        const dz = grid.originLps[2] + k * grid.spacingMm[2] - ball.centre[2];
        if (dx * dx + dy * dy + dz * dz > ball.radiusMm * ball.radiusMm) continue;
        inside++;
        solid += mask[i + nx * (j + ny * k)];
      }
  return inside ? solid / inside : 0;
}

/** Up to `n` local maxima (26-neighbourhood) of `a` where `ok`, strongest first. */
function strongestMaxima(
  grid: Grid,
  a: Float32Array,
  pick: { ok: (i: number) => boolean; n: number },
): number[] {
  const { ok, n } = pick;
  const [nx, ny, nz] = grid.dims;
  const found: number[] = [];
  for (let k = 1; k < nz - 1; k++) {
    for (let j = 1; j < ny - 1; j++) {
      for (let i = 1; i < nx - 1; i++) {
        const v = i + nx * (j + ny * k);
        if (a[v] <= 0 || !ok(v)) continue;
        let isMax = true;
        for (let dk = -1; dk <= 1 && isMax; dk++)
          for (let dj = -1; dj <= 1 && isMax; dj++)
            for (let di = -1; di <= 1; di++) {
              if (a[v + di + nx * (dj + ny * dk)] > a[v]) {
                isMax = false;
                break;
              }
            }
        if (isMax) found.push(v);
      }
    }
  }
  return found.sort((x, y) => a[y] - a[x]).slice(0, n);
}

/** Votes of the region's edges along their gradients, both ways, 15-32 mm (smoothed by ±1 voxel). */
function radialVotes(hu: Volume<Float32Array>, region: Uint8Array): Float32Array {
  const [nx, ny, nz] = hu.dims;
  const [sx, sy, sz] = hu.spacingMm;
  const d = hu.data;
  const votes = new Float32Array(d.length);
  const step = Math.min(sx, sy, sz);
  for (let k = 1; k < nz - 1; k++) {
    for (let j = 1; j < ny - 1; j++) {
      for (let i = 1; i < nx - 1; i++) {
        const v = i + nx * (j + ny * k);
        if (!region[v]) continue;
        const gx = (dense(d[v + 1]) - dense(d[v - 1])) / (2 * sx);
        const gy = (dense(d[v + nx]) - dense(d[v - nx])) / (2 * sy);
        const gz = (dense(d[v + nx * ny]) - dense(d[v - nx * ny])) / (2 * sz);
        const g = Math.hypot(gx, gy, gz);
        if (g < EDGE_HU_PER_MM) continue;
        const ux = gx / g;
        const uy = gy / g;
        const uz = gz / g;
        for (const sign of [1, -1]) {
          for (let r = MIN_RADIUS_MM; r <= MAX_RADIUS_MM; r += step) {
            const a = Math.round(i + (sign * r * ux) / sx);
            const b = Math.round(j + (sign * r * uy) / sy);
            const c = Math.round(k + (sign * r * uz) / sz);
            if (a < 0 || b < 0 || c < 0 || a >= nx || b >= ny || c >= nz) break;
            votes[a + nx * (b + ny * c)] += 1;
          }
        }
      }
    }
  }
  return boxSmooth(hu.dims, votes);
}

/** 3x3x3 box sum (separable), so that votes spread by rounding meet. */
function boxSmooth(dims: readonly [number, number, number], a: Float32Array): Float32Array {
  const [nx, ny, nz] = dims;
  let src = a;
  for (const stride of [1, nx, nx * ny]) {
    const axisLen = stride === 1 ? nx : stride === nx ? ny : nz;
    const out = new Float32Array(src.length);
    for (let v = 0; v < src.length; v++) {
      const pos = Math.floor(v / stride) % axisLen;
      let s = src[v];
      if (pos > 0) s += src[v - stride];
      if (pos < axisLen - 1) s += src[v + stride];
      out[v] = s;
    }
    src = out;
  }
  return src;
}

/**
 * The joint space around `centre`: along the directions that reach the hip bone within 40 mm
 * (at least `MIN_COVERAGE` of them), the radius (15-32 mm) of a minimum of the mean CT number
 * with denser bone both inside and outside it (the innermost one nearly as deep as the deepest,
 * see INNERMOST_JOINT_FRACTION), and by how much (HU) both sides are denser at the deepest, which
 * ranks candidate centres. Null when there is no such minimum.
 */
function jointSpace(
  hu: Volume<Float32Array>,
  centre: [number, number, number],
  hip: Uint8Array,
): { radiusMm: number; depthHu: number } | null {
  const dirs = sphereDirections(400);
  const [nx, ny, nz] = hu.dims;
  const [sx, sy, sz] = hu.spacingMm;
  const [ox, oy, oz] = hu.originLps;
  // the voxel at distance r along u from the centre, or -1 outside the grid (no allocation:
  // this runs some 40 000 times per candidate centre)
  const voxelAt = (u: [number, number, number], r: number): number => {
    const i = Math.round((centre[0] + r * u[0] - ox) / sx);
    const j = Math.round((centre[1] + r * u[1] - oy) / sy);
    const k = Math.round((centre[2] + r * u[2] - oz) / sz);
    return i < 0 || i >= nx || j < 0 || j >= ny || k < 0 || k >= nz ? -1 : i + nx * (j + ny * k);
  };
  const acetabular = dirs.filter((u) => {
    for (let r = MIN_RADIUS_MM; r <= 40; r += 1) {
      const v = voxelAt(u, r);
      if (v >= 0 && hip[v] === 1) return true;
    }
    return false;
  });
  if (acetabular.length < MIN_COVERAGE * dirs.length) return null;
  const profile: number[] = [];
  for (let r = 0; r <= MAX_RADIUS_MM + 6; r += 1) {
    let sum = 0;
    let n = 0;
    for (const u of acetabular) {
      const v = voxelAt(u, r);
      if (v >= 0) {
        sum += dense(hu.data[v]);
        n++;
      }
    }
    profile.push(n ? sum / n : NaN);
  }
  const depths: number[] = [];
  let deepest = 0;
  for (let r = MIN_RADIUS_MM; r <= MAX_RADIUS_MM; r++) {
    const inner = Math.max(...profile.slice(r - 8, r));
    const outer = Math.max(...profile.slice(r + 1, r + 7));
    const depth = Math.min(inner, outer) - profile[r];
    depths.push(depth);
    if (depth > deepest) deepest = depth;
  }
  if (!(deepest > MIN_JOINT_DEPTH_HU)) return null;
  // the innermost radius nearly as deep as the deepest
  const n = depths.findIndex((d) => d > MIN_JOINT_DEPTH_HU && d >= INNERMOST_JOINT_FRACTION * deepest);
  return { radiusMm: MIN_RADIUS_MM + n, depthHu: deepest };
}

/** n roughly uniform unit vectors (Fibonacci sphere). */
function sphereDirections(n: number): [number, number, number][] {
  const out: [number, number, number][] = [];
  const golden = Math.PI * (3 - Math.sqrt(5));
  for (let i = 0; i < n; i++) {
    const z = 1 - (2 * (i + 0.5)) / n;
    const r = Math.sqrt(1 - z * z);
    out.push([r * Math.cos(golden * i), r * Math.sin(golden * i), z]);
  }
  return out;
}
