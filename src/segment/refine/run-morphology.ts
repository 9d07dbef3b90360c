/**
 * Binary dilation and erosion with a world-space ball, on runs (see row-runs.ts): the ball is a
 * list of rows (dy, dz) each with an x interval [lo, hi], so dilating a row by one ball row is
 * stretching its runs [s, e) to [s + lo, e + hi) and OR-ing the bits into the target row. The
 * work is (rows holding the set) x (rows of the ball) x (words per row), not the voxel count.
 * Voxels beyond the box are neither set nor background: dilation is clipped at the box, and
 * erosion removes only what lies within the ball of a background voxel inside the box.
 */
import type { Vec3 } from '../../core/vec.js';
import type { BallOffsets } from './ball-offsets.js';
import { runsOfBits, setBits, type Runs } from './row-runs.js';

/** A ball as rows: offsets (dy[t], dz[t]) with x from lo[t] to hi[t] inclusive. */
export interface BallRows {
  readonly dy: Int32Array;
  readonly dz: Int32Array;
  readonly lo: Int32Array;
  readonly hi: Int32Array;
}

/** Rows of a ball given as voxel offsets, local x, y, z = voxel i, j, k. */
export function ballRows(ball: BallOffsets): BallRows {
  const rows = new Map<string, [number, number, number, number]>();
  for (let t = 0; t < ball.di.length; t++) {
    const key = `${ball.dj[t]},${ball.dk[t]}`;
    const r = rows.get(key);
    if (r) {
      r[2] = Math.min(r[2], ball.di[t]);
      r[3] = Math.max(r[3], ball.di[t]);
    } else rows.set(key, [ball.dj[t], ball.dk[t], ball.di[t], ball.di[t]]);
  }
  const list = [...rows.values()];
  return {
    dy: Int32Array.from(list, (r) => r[0]),
    dz: Int32Array.from(list, (r) => r[1]),
    lo: Int32Array.from(list, (r) => r[2]),
    hi: Int32Array.from(list, (r) => r[3]),
  };
}

/** A binary mask as bit rows (ceil(dims[0] / 32) words a row) with the rows that may hold bits. */
export interface BitRows {
  readonly dims: Vec3;
  readonly bits: Uint32Array;
  /** Rows (increasing) that may be non-zero; all others are zero. */
  readonly rows: Int32Array;
}

export function wordsPerRow(dims: Vec3): number {
  return (dims[0] + 31) >>> 5;
}

/** Bits of the voxels covered by `runs`. */
export function runsToBits(runs: Runs): BitRows {
  const [, dy, dz] = runs.dims;
  const wpr = wordsPerRow(runs.dims);
  const bits = new Uint32Array(dy * dz * wpr);
  const rows: number[] = [];
  for (let r = 0; r < dy * dz; r++) {
    const first = runs.rowFirst[r];
    const last = runs.rowFirst[r + 1];
    if (first === last) continue;
    rows.push(r);
    for (let q = first; q < last; q++)
      setBits(bits, 32 * r * wpr + runs.start[q], 32 * r * wpr + runs.end[q]);
  }
  return { dims: runs.dims, bits, rows: Int32Array.from(rows) };
}

export function bitsToRuns(b: BitRows): Runs {
  return runsOfBits(b.bits, b.dims, b.rows);
}

/** The distinct x intervals of a ball's rows, and which one each row uses. */
function intervalsOf(ball: BallRows): { lo: number[]; hi: number[]; of: Int32Array } {
  const lo: number[] = [];
  const hi: number[] = [];
  const of = new Int32Array(ball.dy.length);
  for (let t = 0; t < of.length; t++) {
    let v = 0;
    while (v < lo.length && (lo[v] !== ball.lo[t] || hi[v] !== ball.hi[t])) v++;
    if (v === lo.length) {
      lo.push(ball.lo[t]);
      hi.push(ball.hi[t]);
    }
    of[t] = v;
  }
  return { lo, hi, of };
}

/**
 * X ⊕ B, clipped at the box. Each row of X is dilated along x once per distinct interval of
 * the ball, then OR-ed word by word into the rows the ball reaches.
 */
export function dilateRuns(x: Runs, ball: BallRows): BitRows {
  const [dx, ny, nz] = x.dims;
  const wpr = wordsPerRow(x.dims);
  const bits = new Uint32Array(ny * nz * wpr);
  const touched = new Uint8Array(ny * nz);
  const { start, end, rowFirst } = x;
  const m = ball.dy.length;
  const iv = intervalsOf(ball);
  const ni = iv.lo.length;
  const scratch = new Uint32Array(ni * wpr);
  const w0 = new Int32Array(ni); // words [w0, w1] of scratch row v hold its bits
  const w1 = new Int32Array(ni);
  for (let r = 0; r < ny * nz; r++) {
    const first = rowFirst[r];
    const last = rowFirst[r + 1];
    if (first === last) continue;
    for (let v = 0; v < ni; v++) {
      const o = v * wpr;
      const a = Math.max(0, start[first] + iv.lo[v]);
      const b = Math.min(dx, end[last - 1] + iv.hi[v]);
      w0[v] = o + (a >>> 5);
      w1[v] = b > a ? o + ((b - 1) >>> 5) : o + (a >>> 5) - 1;
      scratch.fill(0, w0[v], w1[v] + 1);
      for (let q = first; q < last; q++) {
        setBits(scratch, 32 * o + Math.max(0, start[q] + iv.lo[v]), 32 * o + Math.min(dx, end[q] + iv.hi[v]));
      }
    }
    const y = r % ny;
    const z = (r - y) / ny;
    for (let t = 0; t < m; t++) {
      const ty = y + ball.dy[t];
      const tz = z + ball.dz[t];
      if (ty < 0 || ty >= ny || tz < 0 || tz >= nz) continue;
      const tr = ty + ny * tz;
      touched[tr] = 1;
      const v = iv.of[t];
      const shift = tr * wpr - v * wpr;
      for (let w = w0[v]; w <= w1[v]; w++) bits[w + shift] |= scratch[w];
    }
  }
  const rows: number[] = [];
  for (let r = 0; r < touched.length; r++) if (touched[r]) rows.push(r);
  return { dims: x.dims, bits, rows: Int32Array.from(rows) };
}

/**
 * X ⊖ B: the voxels p of X such that every p + d (d in B) inside the box is in X. Row by row:
 * the AND, over the ball's rows, of the neighbour row eroded along x by the row's interval (a
 * run [s, e) keeps [s - lo, e - hi), open-ended at the box edges), each computed once.
 */
export function erodeRuns(x: Runs, ball: BallRows): BitRows {
  const [dx, ny, nz] = x.dims;
  const wpr = wordsPerRow(x.dims);
  const bits = new Uint32Array(ny * nz * wpr);
  const { start, end, rowFirst } = x;
  const m = ball.dy.length;
  const iv = intervalsOf(ball);
  const ni = iv.lo.length;
  // Eroded neighbour rows, cached for the z planes the ball reaches from the current plane
  // (a ring of 2 * ez + 1 planes: rows are visited in increasing z).
  let ez = 0;
  for (let t = 0; t < m; t++) ez = Math.max(ez, Math.abs(ball.dz[t]));
  const ring = 2 * ez + 1;
  const eroded = new Uint32Array(ring * ny * ni * wpr);
  const done = new Uint8Array(ring * ny * ni);
  const planeOf = new Int32Array(ring).fill(-1);
  const rows: number[] = [];
  for (let r = 0; r < ny * nz; r++) {
    if (rowFirst[r] === rowFirst[r + 1]) continue;
    rows.push(r);
    const o = r * wpr;
    for (let q = rowFirst[r]; q < rowFirst[r + 1]; q++) setBits(bits, 32 * o + start[q], 32 * o + end[q]);
    // only the words of this row's own runs can stay set
    const wa = o + (start[rowFirst[r]] >>> 5);
    const wb = o + ((end[rowFirst[r + 1] - 1] - 1) >>> 5);
    const y = r % ny;
    const z = (r - y) / ny;
    for (let t = 0; t < m; t++) {
      const sy = y + ball.dy[t];
      const sz = z + ball.dz[t];
      if (sy < 0 || sy >= ny || sz < 0 || sz >= nz) continue;
      const slot = sz % ring;
      if (planeOf[slot] !== sz) {
        planeOf[slot] = sz;
        done.fill(0, slot * ny * ni, (slot + 1) * ny * ni);
      }
      const v = iv.of[t];
      const key = (slot * ny + sy) * ni + v;
      const eo = key * wpr;
      if (!done[key]) {
        done[key] = 1;
        eroded.fill(0, eo, eo + wpr);
        const sr = sy + ny * sz;
        const lo = iv.lo[v];
        const hi = iv.hi[v];
        for (let q = rowFirst[sr]; q < rowFirst[sr + 1]; q++) {
          const s = start[q] === 0 ? 0 : start[q] - lo;
          const e = end[q] === dx ? dx : end[q] - hi;
          setBits(eroded, 32 * eo + Math.max(0, s), 32 * eo + Math.min(dx, e));
        }
      }
      let any = 0;
      const shift = eo - o;
      for (let w = wa; w <= wb; w++) any |= bits[w] &= eroded[w + shift];
      if (any === 0) break;
    }
  }
  return { dims: x.dims, bits, rows: Int32Array.from(rows) };
}
