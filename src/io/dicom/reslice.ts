/**
 * Resampling a sorted frame stack onto a regular orthogonal grid: linear interpolation between
 * neighbouring frames along the normal (uneven spacing) and bilinear in-plane shifts (gantry
 * tilt: frame origins not on the normal through the first one). Outside the data: -1024.
 */
import type { TypedArray } from '../../core/volume.js';
import type { SliceSource } from './series.js';

export function resliceStack(
  stack: TypedArray,
  geometry: { nPix: number; columns: number; rows: number; source: Required<SliceSource> },
): TypedArray {
  const { nPix, columns: w, rows: h, source } = geometry;
  const nk = source.plan.length;
  const out = stack instanceof Int16Array ? new Int16Array(nk * nPix) : new Float32Array(nk * nPix);
  const round = out instanceof Int16Array;
  const fill = -1024;
  const sample = (frame: number, x: number, y: number): number => {
    if (x < -0.5 || y < -0.5 || x > w - 0.5 || y > h - 0.5) return NaN;
    const xc = Math.min(Math.max(x, 0), w - 1);
    const yc = Math.min(Math.max(y, 0), h - 1);
    const x0 = Math.min(Math.floor(xc), Math.max(0, w - 2));
    const y0 = Math.min(Math.floor(yc), Math.max(0, h - 2));
    const fx = w > 1 ? xc - x0 : 0;
    const fy = h > 1 ? yc - y0 : 0;
    const b = frame * nPix + x0 + w * y0;
    const dx = w > 1 ? 1 : 0;
    const dy = h > 1 ? w : 0;
    const a0 = stack[b] + fx * (stack[b + dx] - stack[b]);
    const a1 = stack[b + dy] + fx * (stack[b + dy + dx] - stack[b + dy]);
    return a0 + fy * (a1 - a0);
  };
  for (let k = 0; k < nk; k++) {
    const { lower, upperWeight: wu } = source.plan[k];
    const upper = Math.min(lower + 1, source.frames.length - 1);
    const [sxl, syl] = source.shiftsIj[lower];
    const [sxu, syu] = source.shiftsIj[upper];
    let idx = k * nPix;
    for (let j = 0; j < h; j++) {
      for (let i = 0; i < w; i++, idx++) {
        // output voxel (i, j) lies at in-plane index (i - shift) of a frame whose origin is shifted
        const vl = sample(lower, i - sxl, j - syl);
        const vu = wu > 0 ? sample(upper, i - sxu, j - syu) : 0;
        let v: number;
        if (Number.isNaN(vl) && (wu === 0 || Number.isNaN(vu))) v = fill;
        else if (Number.isNaN(vl)) v = vu;
        else if (wu === 0 || Number.isNaN(vu)) v = vl;
        else v = vl + wu * (vu - vl);
        out[idx] = round ? Math.round(v) : v;
      }
    }
  }
  return out;
}
