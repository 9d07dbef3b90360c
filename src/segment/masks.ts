/**
 * Binary masks the segmentation builds on: the patient's body, bone (with the marrow inside
 * cortical shells filled), holes. All on the working grid, 0/1 Uint8Array.
 */
import type { Grid, Volume } from '../core/volume.js';
import { connectedComponents, largestComponent } from '../core/connected-components.js';

/** The body: the largest 6-connected region above -400 HU (drops the table and air). */
export function bodyMask(hu: Volume<Float32Array>): Uint8Array {
  const m = new Uint8Array(hu.data.length);
  for (let i = 0; i < m.length; i++) m[i] = hu.data[i] > -400 ? 1 : 0;
  return largestComponent(hu, m, 6);
}

/** Voxels at or above `thresholdHu` inside `within`. */
export function thresholdMask(
  hu: Volume<Float32Array>,
  options: { thresholdHu: number; within?: Uint8Array },
): Uint8Array {
  const m = new Uint8Array(hu.data.length);
  const w = options.within;
  for (let i = 0; i < m.length; i++) m[i] = hu.data[i] >= options.thresholdHu && (!w || w[i]) ? 1 : 0;
  return m;
}

/**
 * Fills 3D holes: background regions (6-connected) that do not touch the grid border and are
 * smaller than `maxHoleMl`. A new mask; the input is untouched.
 */
export function fillHoles3d(grid: Grid, mask: Uint8Array, maxHoleMl = Infinity): Uint8Array {
  const [nx, ny, nz] = grid.dims;
  const background = new Uint8Array(mask.length);
  for (let i = 0; i < mask.length; i++) background[i] = mask[i] ? 0 : 1;
  const { ids, sizes } = connectedComponents(grid, background, 6);
  const touches = new Uint8Array(sizes.length);
  let idx = 0;
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++, idx++) {
        if (i === 0 || j === 0 || k === 0 || i === nx - 1 || j === ny - 1 || k === nz - 1)
          touches[ids[idx]] = 1;
      }
  const voxelMl = (grid.spacingMm[0] * grid.spacingMm[1] * grid.spacingMm[2]) / 1000;
  const out = mask.slice();
  for (let i = 0; i < out.length; i++) {
    const id = ids[i];
    if (id && !touches[id] && sizes[id] * voxelMl <= maxHoleMl) out[i] = 1;
  }
  return out;
}

/**
 * The holes of `mask` in every slice across `axis` (0: sagittal slices, 1: coronal, 2: axial):
 * 4-connected background regions of a slice that do not touch its edge and cover at most
 * `maxHoleMm2`. Returns the hole voxels only (not the mask).
 */
export function holesInSlices(
  grid: Grid,
  mask: Uint8Array,
  options: { axis: 0 | 1 | 2; maxHoleMm2: number },
): Uint8Array {
  const { axis } = options;
  const dims = grid.dims;
  const strides = [1, dims[0], dims[0] * dims[1]];
  const [ua, ub] = axis === 0 ? [1, 2] : axis === 1 ? [0, 2] : [0, 1];
  const [na, nb, ns] = [dims[ua], dims[ub], dims[axis]];
  const [sa, sb, ss] = [strides[ua], strides[ub], strides[axis]];
  const maxPixels = options.maxHoleMm2 / (grid.spacingMm[ua] * grid.spacingMm[ub]);
  const holes = new Uint8Array(mask.length);
  const slice = new Uint8Array(na * nb);
  const finder = new SliceHoles(na, nb);
  for (let s = 0; s < ns; s++) {
    const off = s * ss;
    for (let b = 0; b < nb; b++)
      for (let a = 0; a < na; a++) slice[a + na * b] = mask[off + a * sa + b * sb] ? 1 : 0;
    finder.find(slice, maxPixels, (b, a0, a1) => {
      for (let a = a0; a < a1; a++) holes[off + a * sa + b * sb] = 1;
    });
  }
  return holes;
}

/**
 * The holes of one 2D slice (na x nb, 1 = mask) run by run: each row's background runs join
 * the overlapping runs of the row before (4-connected: overlap along a), union-find over the
 * runs' regions, which are open when one of their runs touches the slice's edge.
 */
class SliceHoles {
  private start: Int32Array;
  private end: Int32Array;
  private region: Int32Array;
  private parent: Int32Array;
  private size: Float64Array;
  private open: Uint8Array;
  private readonly rowFirst: Int32Array;
  constructor(
    private readonly na: number,
    private readonly nb: number,
  ) {
    // at most one background run per two pixels, plus one
    const most = Math.ceil(na / 2) * nb + nb;
    this.start = new Int32Array(most);
    this.end = new Int32Array(most);
    this.region = new Int32Array(most);
    this.parent = new Int32Array(most);
    this.size = new Float64Array(most);
    this.open = new Uint8Array(most);
    this.rowFirst = new Int32Array(nb + 1);
  }

  private root(a: number): number {
    const parent = this.parent;
    while (parent[a] !== a) {
      parent[a] = parent[parent[a]];
      a = parent[a];
    }
    return a;
  }

  /** Calls emit(b, a0, a1) for every background run [a0, a1) of row b that lies in a hole. */
  find(slice: Uint8Array, maxPixels: number, emit: (b: number, a0: number, a1: number) => void): void {
    const { na, nb, start, end, region, parent, size, open, rowFirst } = this;
    let runs = 0;
    let regions = 0;
    for (let b = 0; b < nb; b++) {
      rowFirst[b] = runs;
      const row = b * na;
      for (let a = 0; a < na; a++) {
        if (slice[row + a] !== 0) continue;
        const a0 = a;
        while (a < na && slice[row + a] === 0) a++;
        start[runs] = a0;
        end[runs] = a;
        // a region of its own until it meets one of the row before
        parent[regions] = regions;
        size[regions] = 0;
        open[regions] = b === 0 || b === nb - 1 || a0 === 0 || a === na ? 1 : 0;
        region[runs++] = regions++;
      }
      if (b === 0) continue;
      // join with the overlapping runs of the row before (both lists in order along a)
      let u = rowFirst[b - 1];
      const uEnd = rowFirst[b];
      for (let t = uEnd; t < runs && u < uEnd;) {
        if (end[u] <= start[t]) {
          u++;
          continue;
        }
        if (start[u] >= end[t]) {
          t++;
          continue;
        }
        const x = this.root(region[t]);
        const y = this.root(region[u]);
        if (x !== y) {
          const [keep, gone] = x < y ? [x, y] : [y, x];
          parent[gone] = keep;
          open[keep] |= open[gone];
        }
        if (end[u] < end[t]) u++;
        else t++;
      }
    }
    rowFirst[nb] = runs;
    for (let t = 0; t < runs; t++) size[this.root(region[t])] += end[t] - start[t];
    for (let b = 0; b < nb; b++)
      for (let t = rowFirst[b]; t < rowFirst[b + 1]; t++) {
        const r = this.root(region[t]);
        if (!open[r] && size[r] <= maxPixels) emit(b, start[t], end[t]);
      }
  }
}

/** Fills holes slice by slice along k (2D, 4-connected background not touching the slice edge). */
export function fillHolesAxial(grid: Grid, mask: Uint8Array, maxHoleMm2 = Infinity): Uint8Array {
  const holes = holesInSlices(grid, mask, { axis: 2, maxHoleMm2 });
  const out = mask.slice();
  for (let i = 0; i < out.length; i++) if (holes[i]) out[i] = 1;
  return out;
}
