/**
 * The phantom sacrum's curved frame. Its centre line is a circular arc in the mid-sagittal
 * plane, concave anteriorly (the sacral kyphosis): from the centre of the S1 endplate (t = 0)
 * down to the coccygeal tip (t = 1). Local coordinates of a point: t along the arc, x lateral
 * (LPS x, + = patient left) and n across it (+ = dorsal, away from the centre of curvature).
 */
import type { Vec3 } from '../core/vec.js';

export interface SacralArc {
  /** Centre of curvature (y, z) in the anatomy frame, mm. */
  readonly centreY: number;
  readonly centreZ: number;
  readonly radiusMm: number;
  /** Arc angles (radians, measured from +y toward +z) at t = 0 and t = 1. */
  readonly phiTop: number;
  readonly phiBottom: number;
}

/** The default adult arc scaled by `scale`: S1 endplate centre near (0, 15, 0), sacral slope 45°. */
export function defaultSacralArc(scale: number): SacralArc {
  const deg = Math.PI / 180;
  const radiusMm = 100 * scale;
  const phiTop = 45 * deg;
  const topY = 15 * scale;
  const topZ = 0;
  return {
    centreY: topY - radiusMm * Math.cos(phiTop),
    centreZ: topZ - radiusMm * Math.sin(phiTop),
    radiusMm,
    phiTop,
    phiBottom: -30 * deg,
  };
}

/** Scratch output of `toSacralLocal` (reused: no allocation per voxel). */
export interface SacralLocal {
  t: number;
  n: number;
}

/** Fills `out` with t and n of anatomy point p; x is unchanged by the frame. */
export function toSacralLocal(arc: SacralArc, p: Vec3, out: SacralLocal): void {
  const dy = p[1] - arc.centreY;
  const dz = p[2] - arc.centreZ;
  const phi = Math.atan2(dz, dy);
  out.t = (arc.phiTop - phi) / (arc.phiTop - arc.phiBottom);
  out.n = Math.hypot(dy, dz) - arc.radiusMm;
}

/** Anatomy-frame point of local coordinates [t, x, n]. */
export function fromSacralLocal(arc: SacralArc, local: Vec3): Vec3 {
  const [t, x, n] = local;
  const phi = arc.phiTop - t * (arc.phiTop - arc.phiBottom);
  const r = arc.radiusMm + n;
  return [x, arc.centreY + r * Math.cos(phi), arc.centreZ + r * Math.sin(phi)];
}

/** Unit vectors at t: along the arc toward the tip (caudal), and n (dorsal). */
export function sacralAxes(arc: SacralArc, t: number): { caudal: Vec3; dorsal: Vec3 } {
  const phi = arc.phiTop - t * (arc.phiTop - arc.phiBottom);
  return { caudal: [0, Math.sin(phi), -Math.cos(phi)], dorsal: [0, Math.cos(phi), Math.sin(phi)] };
}

/** Arc length (mm) of the centre line between t = 0 and t. */
export function arcLengthMm(arc: SacralArc, t: number): number {
  return t * (arc.phiTop - arc.phiBottom) * arc.radiusMm;
}

/** A piecewise-linear profile over t given as [t, value] knots sorted by t. */
export function profile(knots: readonly (readonly [number, number])[]): (t: number) => number {
  return (t) => {
    if (t <= knots[0][0]) return knots[0][1];
    for (let i = 1; i < knots.length; i++) {
      if (t <= knots[i][0]) {
        const [t0, v0] = knots[i - 1];
        const [t1, v1] = knots[i];
        return v0 + ((t - t0) / (t1 - t0)) * (v1 - v0);
      }
    }
    return knots[knots.length - 1][1];
  };
}
