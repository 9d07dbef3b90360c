/**
 * The sacral canal on the working grid, inside the sacral envelope. Fatty marrow and the canal's
 * contents (epidural fat, CSF, nerve roots) have the same CT numbers, so the canal is found by
 * where it lies, not by what it holds: on the mid-sagittal line of every axial slice, walking
 * from the back of the sacrum forwards, the canal is the first soft run after the dorsal wall
 * (laminae, median crest) and before the posterior cortex of the sacral bodies. Those runs seed
 * the canal; it spreads sideways in its slice through soft voxels at that depth (the lateral
 * recesses), and stops where it is closer to L5 than to the sacrum (the contract's canal starts
 * at the L5/S1 level). Below its last roofed slice it is followed down through the sacral hiatus
 * (no laminae behind it): the soft run straight behind the bodies' posterior cortex, where the
 * slice above had its front. Its rim is then set at half-way between its contents and its walls,
 * the partial-volume boundary.
 */
import type { Grid, Volume } from '../core/volume.js';
import { connectedComponents } from '../core/connected-components.js';

export interface CanalInput {
  /** CT numbers (HU) and their lightly smoothed copy, on the working grid. */
  hu: Volume<Float32Array>;
  smooth: Float32Array;
  /** The sacrum closed and filled: where canal, foramina and marrow are looked for. */
  envelope: Uint8Array;
  /** Soft voxels of the envelope (smoothed CT below the soft limit). */
  soft: Uint8Array;
  /** The sacrum's mid-sagittal x (LPS mm). */
  midlineX: number;
  /** Squared distances (mm²) to the sacrum and to L5. */
  toSacrum2: Float32Array;
  toL52: Float32Array | null;
  softMaxHu: number;
}

/** Lowest CT number (HU, smoothed) of the walls around the canal. */
const WALL_MIN_HU = 150;
/** The canal's half-width at most (mm): the S1 canal is ~30 mm wide. */
const CANAL_HALF_WIDTH_MM = 18;
/** A run longer than this front-to-back (mm) is not the canal (a cleft, a lesion). */
const CANAL_MAX_DEPTH_MM = 25;
/**
 * Front to back, the lumen's rim (the partial-volume half-way point) may lie this far beyond the
 * ellipse fitted to the smoothed soft run (mm): smoothing narrows the run by about a voxel of
 * 1.5 mm. Sideways the ellipse grows by one voxel only: the foramina leave the canal there.
 */
const LUMEN_MARGIN_MM = 2.25;
/** ... and is looked for this far out from it (mm; whole voxel layers, at least one). */
const RIM_REACH_MM = 3;
/** The sacral hiatus (the canal open behind, below the last laminae) is this long at most (mm). */
const HIATUS_MAX_MM = 30;
/** Slices without a run bridged along the canal's length (mm). */
const GAP_BRIDGED_MM = 6;
/**
 * A stretch without a run this long at most (mm) is bridged when the runs either side line up
 * within `ALIGN_MM` front and back: a lesion that has opened into the canal, or an artefact,
 * hides it there; it does not end.
 */
const HIDDEN_MAX_MM = 30;
const ALIGN_MM = 6;

/** The canal's midline columns and wall limits on a grid. */
function midlineSetup(grid: Grid, input: CanalInput) {
  const nx = grid.dims[0];
  const i0 = Math.round((input.midlineX - grid.originLps[0]) / grid.spacingMm[0]);
  return {
    columns: [i0 - 1, i0, i0 + 1].filter((i) => i >= 0 && i < nx),
    limits: {
      wallHu: Math.max(WALL_MIN_HU, input.softMaxHu + 60),
      softHu: input.softMaxHu,
      maxDepth: Math.ceil(CANAL_MAX_DEPTH_MM / grid.spacingMm[1]),
    },
  };
}

/**
 * Slice k's front-to-back profile on the midline columns: the lowest smoothed CT number of the
 * envelope's voxels per row j, and whether any of them is in the envelope.
 */
function midlineProfile(
  grid: Grid,
  input: CanalInput,
  slice: { k: number; columns: number[]; profile: Float32Array; inside: Uint8Array },
): void {
  const [nx, ny] = grid.dims;
  const { smooth, envelope } = input;
  const { k, columns, profile, inside } = slice;
  for (let j = 0; j < ny; j++) {
    let lowest = Infinity;
    let any = 0;
    for (const i of columns) {
      const v = i + nx * (j + ny * k);
      if (!envelope[v]) continue;
      any = 1;
      if (smooth[v] < lowest) lowest = smooth[v];
    }
    profile[j] = lowest;
    inside[j] = any;
  }
}

/** Per axial slice the canal's front-to-back run on the midline, as [jFront, jBack], or null. */
export function midlineCanalRuns(grid: Grid, input: CanalInput): ([number, number] | null)[] {
  const [, ny, nz] = grid.dims;
  const { columns, limits } = midlineSetup(grid, input);
  const runs: ([number, number] | null)[] = [];
  const profile = new Float32Array(ny);
  const inside = new Uint8Array(ny);
  for (let k = 0; k < nz; k++) {
    midlineProfile(grid, input, { k, columns, profile, inside });
    runs.push(runInProfile(profile, inside, limits));
  }
  return runs;
}

/**
 * The canal below its last roofed slice, through the sacral hiatus (no laminae behind it): slice
 * by slice downwards, the soft run of the envelope straight behind the sacral bodies' posterior
 * cortex, where the slice above had its front (within a voxel), no deeper than the slice
 * above's run (the canal narrows to the hiatus), at least two voxels deep, for at most
 * HIATUS_MAX_MM. Runs are added to `runs` in place.
 */
export function extendThroughHiatus(grid: Grid, input: CanalInput, runs: ([number, number] | null)[]): void {
  const ny = grid.dims[1];
  let lowest = runs.findIndex((r) => r !== null);
  if (lowest < 0) return;
  const { columns, limits } = midlineSetup(grid, input);
  const profile = new Float32Array(ny);
  const inside = new Uint8Array(ny);
  const maxSlices = Math.round(HIATUS_MAX_MM / grid.spacingMm[2]);
  for (let k = lowest - 1; k >= 0 && lowest - k <= maxSlices; k--) {
    const [front] = runs[k + 1] as [number, number];
    midlineProfile(grid, input, { k, columns, profile, inside });
    const wall = (j: number): boolean => j >= 0 && j < ny && inside[j] === 1 && profile[j] >= limits.softHu;
    const soft = (j: number): boolean => j >= 0 && j < ny && inside[j] === 1 && profile[j] < limits.softHu;
    // the front wall: the bodies' cortex just in front of where the canal's front was
    let f = -1;
    for (const d of [0, -1, 1]) if (f < 0 && wall(front - 1 + d) && soft(front + d)) f = front + d;
    if (f < 0) break;
    let b = f;
    while (b + 1 - f < limits.maxDepth && soft(b + 1)) b++;
    if (b - f + 1 < 2) break;
    runs[k] = [f, b];
    lowest = k;
  }
}

/** Back to front (+y to -y): dorsal wall, then a soft run, then a wall again. */
function runInProfile(
  profile: Float32Array,
  inside: Uint8Array,
  limits: { wallHu: number; softHu: number; maxDepth: number },
): [number, number] | null {
  let j = profile.length - 1;
  while (j >= 0 && !inside[j]) j--;
  while (j >= 0 && inside[j] && profile[j] < limits.wallHu) j--;
  if (j < 0 || !inside[j]) return null;
  while (j >= 0 && inside[j] && profile[j] >= limits.softHu) j--;
  if (j < 0 || !inside[j]) return null;
  const back = j;
  while (j >= 0 && inside[j] && profile[j] < limits.softHu) j--;
  if (j < 0 || !inside[j] || profile[j] < limits.softHu) return null;
  const front = j + 1;
  return back - front + 1 <= limits.maxDepth ? [front, back] : null;
}

/** The sacral canal mask (see the file comment). */
export function findSacralCanal(grid: Grid, input: CanalInput): Uint8Array {
  const [nx, ny, nz] = grid.dims;
  const [sx, sy] = grid.spacingMm;
  const found = midlineCanalRuns(grid, input);
  const runs = joinAlignedChains(
    found,
    keepLongestChain(found, Math.round(GAP_BRIDGED_MM / grid.spacingMm[2])),
    {
      maxGap: Math.round(HIDDEN_MAX_MM / grid.spacingMm[2]),
      smallGap: Math.round(GAP_BRIDGED_MM / grid.spacingMm[2]),
      tolerance: Math.max(1, Math.round(ALIGN_MM / grid.spacingMm[1])),
    },
  );
  extendThroughHiatus(grid, input, runs);
  const i0 = Math.round((input.midlineX - grid.originLps[0]) / sx);
  const halfWidth = Math.round(CANAL_HALF_WIDTH_MM / sx);
  const canal = new Uint8Array(nx * ny * nz);
  const allowed = new Uint8Array(nx * ny * nz);
  const sliceMask = new Uint8Array(nx * ny);
  const sliceGrid = { dims: [nx, ny, 1] as const };
  for (let k = 0; k < nz; k++) {
    const run = runs[k];
    if (!run) continue;
    const [front, back] = run;
    sliceMask.fill(0);
    for (let j = Math.max(0, front - 1); j <= Math.min(ny - 1, back + 1); j++)
      for (let i = Math.max(0, i0 - halfWidth); i <= Math.min(nx - 1, i0 + halfWidth); i++) {
        const v = i + nx * (j + ny * k);
        if (input.soft[v] && !closerToL5(input, v)) sliceMask[i + nx * j] = 1;
      }
    const { ids } = connectedComponents(sliceGrid, sliceMask, 6);
    const seedIds = new Set<number>();
    for (let j = front; j <= back; j++)
      for (const i of [i0 - 1, i0, i0 + 1])
        if (i >= 0 && i < nx && ids[i + nx * j]) seedIds.add(ids[i + nx * j]);
    // the lumen as an ellipse: as deep as the midline run, as wide as the soft row through its
    // centre; what sticks out of it (the foramina leaving the canal) is not canal
    const jc = Math.round((front + back) / 2);
    let left = i0;
    let right = i0;
    const inLumen = (i: number): boolean => i >= 0 && i < nx && seedIds.has(ids[i + nx * jc]);
    while (inLumen(left - 1)) left--;
    while (inLumen(right + 1)) right++;
    const cx = (left + right) / 2;
    const cy = (front + back) / 2;
    const rx = (right - left + 1) / 2;
    const ry = (back - front + 1) / 2;
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        const u = (i - cx) / (rx + 0.5);
        const w = (j - cy) / (ry + 0.5);
        const grown =
          ((i - cx) * sx) ** 2 / ((rx + 1) * sx) ** 2 +
          ((j - cy) * sy) ** 2 / (ry * sy + LUMEN_MARGIN_MM) ** 2;
        const p = i + nx * j;
        if (grown <= 1) allowed[p + nx * ny * k] = 1;
        if (u * u + w * w <= 1 && ids[p] && seedIds.has(ids[p])) canal[p + nx * ny * k] = 1;
      }
  }
  return halfMaxRim(grid, canal, {
    ...input,
    envelope: and(input.envelope, allowed),
    passes: Math.max(1, Math.round(RIM_REACH_MM / sx)),
  });
}

function and(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] & b[i];
  return out;
}

function closerToL5(input: CanalInput, v: number): boolean {
  return input.toL52 !== null && input.toL52[v] < input.toSacrum2[v];
}

/**
 * `kept` (one chain of runs, see keepLongestChain) grown by the chains of `found` above and below
 * it across gaps of up to `maxGap` slices, when the runs at either end of the gap line up (front
 * and back within `tolerance` rows); the slices of the gap take runs interpolated between the two.
 * Runs within a chain are at most `smallGap` slices apart.
 */
export function joinAlignedChains(
  found: ([number, number] | null)[],
  kept: ([number, number] | null)[],
  limits: { maxGap: number; smallGap: number; tolerance: number },
): ([number, number] | null)[] {
  const out = kept.slice();
  const lo = out.findIndex((r) => r !== null);
  if (lo < 0) return out;
  let hi = out.length - 1;
  while (out[hi] === null) hi--;
  const aligned = (a: [number, number], b: [number, number]): boolean =>
    Math.abs(a[0] - b[0]) <= limits.tolerance && Math.abs(a[1] - b[1]) <= limits.tolerance;
  for (const step of [-1, 1]) {
    let end = step < 0 ? lo : hi;
    for (;;) {
      // the next run beyond the end, past a gap longer than a chain's own
      let k = end + step;
      while (k >= 0 && k < found.length && found[k] === null) k += step;
      if (k < 0 || k >= found.length || Math.abs(k - end) - 1 > limits.maxGap) break;
      const [a, b] = [found[end] ?? out[end], found[k]] as [[number, number], [number, number]];
      if (!aligned(a, b)) break;
      const gap = Math.abs(k - end);
      for (let g = 1; g < gap; g++) {
        const t = g / gap;
        out[end + g * step] = [Math.round(a[0] + t * (b[0] - a[0])), Math.round(a[1] + t * (b[1] - a[1]))];
      }
      // that chain, with its own small gaps
      let last = k;
      out[k] = b;
      for (
        let q = k + step;
        q >= 0 && q < found.length && Math.abs(q - last) - 1 <= limits.smallGap;
        q += step
      )
        if (found[q]) {
          out[q] = found[q];
          last = q;
        }
      end = last;
    }
  }
  return out;
}

/**
 * The runs of the longest stretch of slices that have one, slices without a run inside it
 * bridged when the gap is at most `maxGap` slices (bridged slices stay without canal); runs
 * outside it (isolated clefts, the L5 canal) are dropped.
 */
export function keepLongestChain<T>(runs: (T | null)[], maxGap: number): (T | null)[] {
  let best: [number, number] | null = null;
  let start = -1;
  let last = -1;
  const close = (): void => {
    if (start >= 0 && (!best || last - start > best[1] - best[0])) best = [start, last];
  };
  for (let k = 0; k < runs.length; k++) {
    if (runs[k] === null) continue;
    if (start >= 0 && k - last - 1 <= maxGap) last = k;
    else {
      close();
      start = last = k;
    }
  }
  close();
  const kept = best as [number, number] | null;
  return runs.map((r, k) => (kept && k >= kept[0] && k <= kept[1] ? r : null));
}

/**
 * Moves the canal's boundary to the partial-volume half-way point: a voxel beside the canal
 * (6-neighbour, in the envelope, not L5's) joins it when its CT number is below the mean of the
 * canal's median and its walls' peak (the 90th percentile within 3 voxels around it); a canal
 * voxel above that leaves. `passes` voxel layers at most are added (1 by default).
 */
export function halfMaxRim(
  grid: Grid,
  mask: Uint8Array,
  input: CanalInput & { passes?: number },
): Uint8Array {
  const passes = input.passes ?? 1;
  const [nx, ny] = grid.dims;
  const hu = input.hu.data;
  const offsets = [1, -1, nx, -nx, nx * ny, -nx * ny];
  const inner: number[] = [];
  for (let v = 0; v < mask.length; v++) if (mask[v]) inner.push(hu[v]);
  const band: number[] = [];
  let front = mask.slice();
  const seen = mask.slice();
  for (let pass = 0; pass < 3; pass++) {
    const next = new Uint8Array(mask.length);
    for (let v = 0; v < mask.length; v++) {
      if (!front[v]) continue;
      for (const o of offsets) {
        const w = v + o;
        if (w < 0 || w >= mask.length || seen[w] || !input.envelope[w]) continue;
        seen[w] = 1;
        next[w] = 1;
        band.push(hu[w]);
      }
    }
    front = next;
  }
  if (!inner.length || !band.length) return mask;
  const wallHu = quantile(band, 0.9);
  const insideHu = quantile(inner, 0.5);
  if (!(wallHu > insideHu)) return mask;
  const cut = (wallHu + insideHu) / 2;
  let out = mask.slice();
  for (let v = 0; v < mask.length; v++) if (mask[v] && hu[v] > cut) out[v] = 0;
  for (let pass = 0; pass < passes; pass++) {
    const from = out.slice();
    for (let v = 0; v < from.length; v++) {
      if (from[v] || !input.envelope[v] || hu[v] >= cut || closerToL5(input, v)) continue;
      for (const o of offsets) {
        const w = v + o;
        if (w >= 0 && w < from.length && from[w]) {
          out[v] = 1;
          break;
        }
      }
    }
    out = out.slice();
  }
  return out;
}

/** The nearest-rank quantile q (0..1) of the values (for even counts the median is the upper middle). */
export function quantile(values: number[], q: number): number {
  const s = Float64Array.from(values).sort();
  return s[Math.min(s.length - 1, Math.round(q * (s.length - 1)))];
}
