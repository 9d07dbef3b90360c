/**
 * A binary mask over a box stored as runs along x: for each row (y, z), the intervals
 * [start, end) of set voxels. Solid anatomy has a few runs per row, so operations on runs
 * (connected components, morphology) cost in proportion to the surface, not the volume.
 * `runsOfValue` reads them straight from a label map, four voxels per 32-bit word where the
 * rows are contiguous (the background skipped a word at a time).
 */
import type { Vec3 } from '../../core/vec.js';

export interface Runs {
  /** Box size: x along rows, y and z across them. */
  readonly dims: Vec3;
  readonly count: number;
  /** Per run: row number y + dims[1] * z. */
  readonly row: Int32Array;
  /** Per run: first x (inclusive). */
  readonly start: Int32Array;
  /** Per run: last x + 1 (exclusive). */
  readonly end: Int32Array;
  /** Runs of row r are rowFirst[r] .. rowFirst[r + 1] - 1, in increasing x. */
  readonly rowFirst: Int32Array;
}

/** Where a box lies in a flat array: index of local (0, 0, 0) and steps along local x, y, z. */
export interface BoxLayout {
  readonly base: number;
  readonly strides: Vec3;
  readonly dims: Vec3;
}

/** Appends runs row by row; rows must be opened in increasing order. */
export class RunsBuilder {
  private row: Int32Array;
  private start: Int32Array;
  private end: Int32Array;
  private n = 0;
  private readonly rowFirst: Int32Array;
  private nextRow = 0;

  constructor(private readonly dims: Vec3) {
    const rows = dims[1] * dims[2];
    const capacity = Math.max(16, rows);
    this.row = new Int32Array(capacity);
    this.start = new Int32Array(capacity);
    this.end = new Int32Array(capacity);
    this.rowFirst = new Int32Array(rows + 1);
  }

  /** Starts row r (all rows before it that were not opened are empty). */
  openRow(r: number): void {
    while (this.nextRow <= r) this.rowFirst[this.nextRow++] = this.n;
  }

  add(r: number, s: number, e: number): void {
    if (this.n === this.row.length) {
      const m = this.n * 2;
      this.row = grown(this.row, m);
      this.start = grown(this.start, m);
      this.end = grown(this.end, m);
    }
    this.row[this.n] = r;
    this.start[this.n] = s;
    this.end[this.n] = e;
    this.n++;
  }

  finish(): Runs {
    const rows = this.dims[1] * this.dims[2];
    this.openRow(rows);
    return {
      dims: this.dims,
      count: this.n,
      row: this.row,
      start: this.start,
      end: this.end,
      rowFirst: this.rowFirst,
    };
  }
}

function grown(a: Int32Array, capacity: number): Int32Array {
  const b = new Int32Array(capacity);
  b.set(a);
  return b;
}

/** Runs of voxels of `data` equal to `value` (1..255, not 0) in the box `layout`. */
export function runsOfValue(data: Uint8Array, layout: BoxLayout, value: number): Runs {
  const { base, strides, dims } = layout;
  const [dx, dy, dz] = dims;
  const out = new RunsBuilder(dims);
  const contiguous = strides[0] === 1;
  // words over the whole buffer, aligned; a word is used only when it lies inside a row
  const alignedStart = data.byteOffset & ~3;
  const words = new Uint32Array(
    data.buffer,
    alignedStart,
    (data.byteOffset + data.length - alignedStart) >>> 2,
  );
  const shift = data.byteOffset - alignedStart;
  const pattern = Math.imul(value & 255, 0x01010101) >>> 0;
  for (let z = 0; z < dz; z++) {
    for (let y = 0; y < dy; y++) {
      const r = y + dy * z;
      out.openRow(r);
      const g = base + y * strides[1] + z * strides[2];
      if (!contiguous) {
        const sx = strides[0];
        let x = 0;
        while (x < dx) {
          while (x < dx && data[g + x * sx] !== value) x++;
          if (x === dx) break;
          const s = x;
          while (x < dx && data[g + x * sx] === value) x++;
          out.add(r, s, x);
        }
        continue;
      }
      let x = 0;
      const limit = g + dx + shift - 4; // word start a <= limit: the word lies inside the row
      while (x < dx) {
        // skip voxels that are not `value`: bytes up to a word boundary, then whole words
        while (x < dx && ((g + x + shift) & 3) !== 0 && data[g + x] !== value) x++;
        if (x < dx && data[g + x] !== value) {
          let a = g + x + shift;
          while (a <= limit) {
            const w = words[a >>> 2];
            if (w !== 0) {
              // SWAR "has a zero byte" on w ^ pattern: some byte equals value
              const v = (w ^ pattern) >>> 0;
              if (((v - 0x01010101) & ~v & 0x80808080) !== 0) break;
            }
            a += 4;
          }
          x = a - g - shift;
          while (x < dx && data[g + x] !== value) x++;
        }
        if (x >= dx) break;
        const s = x;
        while (x < dx && data[g + x] === value) x++;
        out.add(r, s, x);
      }
    }
  }
  return out.finish();
}

/**
 * Runs of the set bits of a bit-row mask: ceil(dims[0] / 32) words per row, bit x of a row in
 * word x >> 5 (bits beyond dims[0] must be 0). Only rows in `rows` (increasing) are read.
 */
export function runsOfBits(bits: Uint32Array, dims: Vec3, rows: Int32Array): Runs {
  const dx = dims[0];
  const wpr = (dx + 31) >>> 5;
  const out = new RunsBuilder(dims);
  for (let t = 0; t < rows.length; t++) {
    const r = rows[t];
    out.openRow(r);
    const o = r * wpr;
    let inRun = false;
    let s = 0;
    for (let w = 0; w < wpr; w++) {
      const x = bits[o + w];
      if (inRun ? x === 0xffffffff : x === 0) continue;
      let p = 0;
      while (p < 32) {
        const m = ((inRun ? ~x : x) & (~0 << p)) >>> 0;
        if (m === 0) break;
        const b = 31 - Math.clz32(m & -m);
        if (inRun) out.add(r, s, (w << 5) + b);
        else s = (w << 5) + b;
        inRun = !inRun;
        p = b;
      }
    }
    if (inRun) out.add(r, s, dx);
  }
  return out.finish();
}

/** Sets bits [s, e) of `bits`, counted from bit 0 of word 0 (row r starts at bit 32 * wpr * r). */
export function setBits(bits: Uint32Array, s: number, e: number): void {
  if (e <= s) return;
  const w0 = s >>> 5;
  const w1 = (e - 1) >>> 5;
  const first = (~0 << (s & 31)) >>> 0;
  const last = (~0 >>> (31 - ((e - 1) & 31))) >>> 0;
  if (w0 === w1) {
    bits[w0] |= first & last;
    return;
  }
  bits[w0] |= first;
  for (let w = w0 + 1; w < w1; w++) bits[w] = 0xffffffff;
  bits[w1] |= last;
}

/** Index box (inclusive, local x, y, z) of all runs, or null without runs. */
export function runsBounds(
  runs: Runs,
): { x0: number; x1: number; y0: number; y1: number; z0: number; z1: number } | null {
  if (runs.count === 0) return null;
  const ny = runs.dims[1];
  let x0 = Infinity;
  let x1 = -1;
  let y0 = Infinity;
  let y1 = -1;
  for (let q = 0; q < runs.count; q++) {
    if (runs.start[q] < x0) x0 = runs.start[q];
    if (runs.end[q] - 1 > x1) x1 = runs.end[q] - 1;
    const y = runs.row[q] % ny;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
  }
  const z0 = Math.floor(runs.row[0] / ny);
  const z1 = Math.floor(runs.row[runs.count - 1] / ny);
  return { x0, x1, y0, y1, z0, z1 };
}

/**
 * The runs inside a sub-box (x0..x1 etc. inclusive) re-indexed to it; runs are clipped to the
 * box's x range and rows outside it are dropped.
 */
export function cropRuns(
  runs: Runs,
  box: { x0: number; x1: number; y0: number; y1: number; z0: number; z1: number },
): Runs {
  const ny = runs.dims[1];
  const dims: Vec3 = [box.x1 - box.x0 + 1, box.y1 - box.y0 + 1, box.z1 - box.z0 + 1];
  const out = new RunsBuilder(dims);
  for (let q = 0; q < runs.count; q++) {
    const y = runs.row[q] % ny;
    const z = (runs.row[q] - y) / ny;
    if (y < box.y0 || y > box.y1 || z < box.z0 || z > box.z1) continue;
    const s = Math.max(runs.start[q], box.x0) - box.x0;
    const e = Math.min(runs.end[q], box.x1 + 1) - box.x0;
    if (e <= s) continue;
    const r = y - box.y0 + dims[1] * (z - box.z0);
    out.openRow(r);
    out.add(r, s, e);
  }
  return out.finish();
}
