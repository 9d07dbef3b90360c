/**
 * Digitally reconstructed radiograph (simulated fluoroscopy) by ray casting through a CT.
 *
 * Geometry (CONTRACTS.md, `drr`): n = unit(detector - source); up' = up orthogonalised against n
 * and normalised; r = up' x n. Pixel (column i, row j) centre =
 *   detector + (i - (W-1)/2)·su·r - (j - (H-1)/2)·sv·up'      (row 0 = top of the image).
 * Value = line integral from the source to the pixel centre of
 *   mu = 0.02/mm · (1 + HU/1000), mu = 0 below -1000 HU (dimensionless result).
 * mu is computed per voxel and interpolated trilinearly (an equivalent voxel model); outside
 * the CT, mu = 0. Samples are taken at the midpoints of steps of `stepMm` along the part of the
 * ray inside the CT's box, so a ray's integral converges as the step shrinks.
 */
import { InputError } from '../core/errors.js';
import { worldToIndexMap, applyWorldToIndex } from '../core/geometry.js';
import { makeVolume, type Grid, type TypedArray, type Volume } from '../core/volume.js';
import { cross, dot, norm, normalize, scale, sub, add, type Vec3 } from '../core/vec.js';

export const MU_WATER_PER_MM = 0.02;

export interface DrrGeometry {
  sourceLps: Vec3;
  /** Centre of the detector (image centre), LPS mm. */
  detectorLps: Vec3;
  /** Direction that should point to the top of the image. */
  upLps: Vec3;
  /** Pixels: columns W, rows H. */
  size: readonly [number, number];
  /** Pixel spacing on the detector, mm: along columns (su) and rows (sv). */
  spacingMm: readonly [number, number];
}

/** Detector frame derived from a geometry: unit vectors n (beam), up', r (image right). */
export interface DetectorFrame {
  n: Vec3;
  up: Vec3;
  right: Vec3;
}

/** Checks a geometry and returns its detector frame; InputError naming the bad option. */
export function detectorFrame(g: DrrGeometry): DetectorFrame {
  const d = sub(g.detectorLps, g.sourceLps);
  if (!(norm(d) > 1e-6))
    throw new InputError('the detector is at the source', { field: '--detector' }, 'BAD_OPTION');
  const n = normalize(d);
  const upPerp = sub(g.upLps, scale(n, dot(g.upLps, n)));
  if (!(norm(upPerp) > 1e-6 * Math.max(1, norm(g.upLps)))) {
    throw new InputError(
      'up is parallel to the beam (detector - source) or zero',
      { field: '--up' },
      'BAD_OPTION',
    );
  }
  const up = normalize(upPerp);
  const right = cross(up, n);
  const [w, h] = g.size;
  if (!(Number.isInteger(w) && Number.isInteger(h) && w > 0 && h > 0)) {
    throw new InputError(
      `size must be two positive integers, got ${w},${h}`,
      { field: '--size' },
      'BAD_OPTION',
    );
  }
  if (!(g.spacingMm[0] > 0 && g.spacingMm[1] > 0)) {
    throw new InputError(
      `spacing must be positive, got ${g.spacingMm.join(',')}`,
      { field: '--spacing' },
      'BAD_OPTION',
    );
  }
  return { n, up, right };
}

/** LPS centre of pixel (i, j). */
export function pixelCentreLps(g: DrrGeometry, f: DetectorFrame, ij: readonly [number, number]): Vec3 {
  const [i, j] = ij;
  const [w, h] = g.size;
  const a = (i - (w - 1) / 2) * g.spacingMm[0];
  const b = (j - (h - 1) / 2) * g.spacingMm[1];
  return add(add(g.detectorLps, scale(f.right, a)), scale(f.up, -b));
}

/** Projects an LPS point onto the detector: continuous pixel (i, j), or null behind the source. */
export function projectToPixel(g: DrrGeometry, f: DetectorFrame, pLps: Vec3): [number, number] | null {
  const sp = sub(pLps, g.sourceLps);
  const depth = dot(sp, f.n);
  if (depth <= 1e-9) return null;
  const sdd = dot(sub(g.detectorLps, g.sourceLps), f.n);
  const onDet = add(g.sourceLps, scale(sp, sdd / depth));
  const rel = sub(onDet, g.detectorLps);
  const [w, h] = g.size;
  return [dot(rel, f.right) / g.spacingMm[0] + (w - 1) / 2, -dot(rel, f.up) / g.spacingMm[1] + (h - 1) / 2];
}

/** mu per voxel (1/mm) from HU: 0.02·(1 + HU/1000), 0 below -1000 HU. */
export function attenuationVolume(ct: Volume<TypedArray>): Volume<Float32Array> {
  const out = new Float32Array(ct.data.length);
  const src = ct.data;
  for (let i = 0; i < src.length; i++) {
    const hu = src[i];
    out[i] = hu < -1000 ? 0 : MU_WATER_PER_MM * (1 + hu / 1000);
  }
  return makeVolume(ct, out);
}

export interface DrrOptions {
  /** Sampling step along each ray, mm (default half the smallest voxel spacing). */
  stepMm?: number;
  /** Render only rows [rowStart, rowEnd) (for splitting work across threads). */
  rowStart?: number;
  rowEnd?: number;
}

/**
 * Renders the DRR rows [rowStart, rowEnd) of a geometry through a mu volume.
 * Returns W x (rowEnd-rowStart) float32 values, row-major (column fastest).
 */
export function renderDrrRows(
  mu: Volume<Float32Array>,
  g: DrrGeometry,
  options: DrrOptions = {},
): Float32Array {
  const f = detectorFrame(g);
  const [w, h] = g.size;
  const r0 = options.rowStart ?? 0;
  const r1 = options.rowEnd ?? h;
  const step = options.stepMm ?? Math.min(...mu.spacingMm) / 2;
  const out = new Float32Array(w * (r1 - r0));
  const w2i = worldToIndexMap(mu);
  const m = w2i.m;
  const [nx, ny, nz] = mu.dims;
  const nxy = nx * ny;
  const data = mu.data;
  const s = applyWorldToIndex(w2i, g.sourceLps);
  // box in index space where trilinear samples are defined (clamped within half a voxel)
  const lo = [-0.5, -0.5, -0.5];
  const hi = [nx - 0.5, ny - 0.5, nz - 0.5];
  const sx1 = nx > 1 ? 1 : 0;
  const sy1 = ny > 1 ? nx : 0;
  const sz1 = nz > 1 ? nxy : 0;
  for (let j = r0; j < r1; j++) {
    for (let i = 0; i < w; i++) {
      const p = pixelCentreLps(g, f, [i, j]);
      const dw: Vec3 = [p[0] - g.sourceLps[0], p[1] - g.sourceLps[1], p[2] - g.sourceLps[2]];
      const lenMm = Math.hypot(dw[0], dw[1], dw[2]);
      // ray direction in index units per unit parameter t in [0, 1]
      const dx = m[0] * dw[0] + m[1] * dw[1] + m[2] * dw[2];
      const dy = m[3] * dw[0] + m[4] * dw[1] + m[5] * dw[2];
      const dz = m[6] * dw[0] + m[7] * dw[1] + m[8] * dw[2];
      // clip t to the box (slab method)
      let t0 = 0;
      let t1 = 1;
      const o = [s[0], s[1], s[2]];
      const dd = [dx, dy, dz];
      for (let a = 0; a < 3 && t0 <= t1; a++) {
        if (Math.abs(dd[a]) < 1e-15) {
          if (o[a] < lo[a] || o[a] > hi[a]) t1 = -1;
        } else {
          let ta = (lo[a] - o[a]) / dd[a];
          let tb = (hi[a] - o[a]) / dd[a];
          if (ta > tb) [ta, tb] = [tb, ta];
          if (ta > t0) t0 = ta;
          if (tb < t1) t1 = tb;
        }
      }
      let sum = 0;
      if (t1 > t0) {
        const segMm = (t1 - t0) * lenMm;
        const nSteps = Math.max(1, Math.ceil(segMm / step));
        const dt = (t1 - t0) / nSteps;
        const hMm = segMm / nSteps;
        for (let k = 0; k < nSteps; k++) {
          const t = t0 + (k + 0.5) * dt;
          let x = o[0] + dx * t;
          let y = o[1] + dy * t;
          let z = o[2] + dz * t;
          x = x < 0 ? 0 : x > nx - 1 ? nx - 1 : x;
          y = y < 0 ? 0 : y > ny - 1 ? ny - 1 : y;
          z = z < 0 ? 0 : z > nz - 1 ? nz - 1 : z;
          let x0 = x | 0;
          let y0 = y | 0;
          let z0 = z | 0;
          if (x0 >= nx - 1) x0 = nx > 1 ? nx - 2 : 0;
          if (y0 >= ny - 1) y0 = ny > 1 ? ny - 2 : 0;
          if (z0 >= nz - 1) z0 = nz > 1 ? nz - 2 : 0;
          const fx = sx1 ? x - x0 : 0;
          const fy = sy1 ? y - y0 : 0;
          const fz = sz1 ? z - z0 : 0;
          const b = x0 + nx * y0 + nxy * z0;
          const c00 = data[b] + fx * (data[b + sx1] - data[b]);
          const c10 = data[b + sy1] + fx * (data[b + sy1 + sx1] - data[b + sy1]);
          const c01 = data[b + sz1] + fx * (data[b + sz1 + sx1] - data[b + sz1]);
          const c11 = data[b + sz1 + sy1] + fx * (data[b + sz1 + sy1 + sx1] - data[b + sz1 + sy1]);
          const c0 = c00 + fy * (c10 - c00);
          const c1 = c01 + fy * (c11 - c01);
          sum += c0 + fz * (c1 - c0);
        }
        sum *= hMm;
      }
      out[(j - r0) * w + i] = sum;
    }
  }
  return out;
}

/**
 * The 2D image grid of a DRR: i along r (su), j along -up' (sv), origin at pixel (0, 0),
 * third axis the beam direction. Written as the NIfTI affine so viewers place it in LPS.
 */
export function drrImageGrid(g: DrrGeometry): Grid {
  const f = detectorFrame(g);
  const o = pixelCentreLps(g, f, [0, 0]);
  const down = scale(f.up, -1);
  return {
    dims: [g.size[0], g.size[1], 1],
    spacingMm: [g.spacingMm[0], g.spacingMm[1], 1],
    originLps: o,
    direction: [f.right[0], down[0], f.n[0], f.right[1], down[1], f.n[1], f.right[2], down[2], f.n[2]],
  };
}
