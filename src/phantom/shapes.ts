/**
 * Solid primitives for the analytic phantom, tested point by point in the phantom's anatomy
 * frame (LPS-oriented, mm). Each carries an axis-aligned bounding box for a cheap early out.
 */
import type { Mat3, Vec3 } from '../core/vec.js';

export interface Shape {
  readonly min: Vec3;
  readonly max: Vec3;
  /** p: anatomy-frame point (mm), often a reused scratch array. */
  contains(p: Vec3): boolean;
}

/** Is p inside the bounding box of `s`? */
export function inBox(s: Shape, p: Vec3): boolean {
  const x = p[0];
  const y = p[1];
  const z = p[2];
  return x >= s.min[0] && x <= s.max[0] && y >= s.min[1] && y <= s.max[1] && z >= s.min[2] && z <= s.max[2];
}

/** Does any of `shapes` contain the point (box test first)? */
export function anyContains(shapes: readonly Shape[], p: Vec3): boolean {
  for (const s of shapes) if (inBox(s, p) && s.contains(p)) return true;
  return false;
}

/** All points within `radius` of the segment a-b. */
export function capsule(a: Vec3, b: Vec3, radius: number): Shape {
  const d = [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
  const len2 = d[0] * d[0] + d[1] * d[1] + d[2] * d[2] || 1;
  const r2 = radius * radius;
  return {
    min: [Math.min(a[0], b[0]) - radius, Math.min(a[1], b[1]) - radius, Math.min(a[2], b[2]) - radius],
    max: [Math.max(a[0], b[0]) + radius, Math.max(a[1], b[1]) + radius, Math.max(a[2], b[2]) + radius],
    contains(p) {
      const px = p[0] - a[0];
      const py = p[1] - a[1];
      const pz = p[2] - a[2];
      let t = (px * d[0] + py * d[1] + pz * d[2]) / len2;
      t = t < 0 ? 0 : t > 1 ? 1 : t;
      const qx = px - t * d[0];
      const qy = py - t * d[1];
      const qz = pz - t * d[2];
      return qx * qx + qy * qy + qz * qz <= r2;
    },
  };
}

/**
 * An ellipsoid with semi-axes `semi` along the columns of `axes` (a rotation; identity when
 * omitted). `shell` > 0 keeps only a shell of about that thickness (mm) inside the surface.
 */
export function ellipsoid(centre: Vec3, semi: Vec3, options: { axes?: Mat3; shell?: number } = {}): Shape {
  const m = options.axes ?? [1, 0, 0, 0, 1, 0, 0, 0, 1];
  const extent = [0, 1, 2].map((r) =>
    Math.sqrt((m[3 * r] * semi[0]) ** 2 + (m[3 * r + 1] * semi[1]) ** 2 + (m[3 * r + 2] * semi[2]) ** 2),
  );
  const meanSemi = (semi[0] + semi[1] + semi[2]) / 3;
  const inner = options.shell ? Math.max(0, 1 - options.shell / meanSemi) : 0;
  const inner2 = inner * inner;
  return {
    min: [centre[0] - extent[0], centre[1] - extent[1], centre[2] - extent[2]],
    max: [centre[0] + extent[0], centre[1] + extent[1], centre[2] + extent[2]],
    contains(p) {
      const px = p[0] - centre[0];
      const py = p[1] - centre[1];
      const pz = p[2] - centre[2];
      const u = (m[0] * px + m[3] * py + m[6] * pz) / semi[0];
      const v = (m[1] * px + m[4] * py + m[7] * pz) / semi[1];
      const w = (m[2] * px + m[5] * py + m[8] * pz) / semi[2];
      const q = u * u + v * v + w * w;
      return q <= 1 && q >= inner2;
    },
  };
}

/** The part of `shape` inside the box [min, max] (anatomy frame, mm). */
export function clipped(shape: Shape, min: Vec3, max: Vec3): Shape {
  return {
    min: [Math.max(min[0], shape.min[0]), Math.max(min[1], shape.min[1]), Math.max(min[2], shape.min[2])],
    max: [Math.min(max[0], shape.max[0]), Math.min(max[1], shape.max[1]), Math.min(max[2], shape.max[2])],
    contains: (p) => shape.contains(p),
  };
}

/** Points of `outer` that are not in `hole`. */
export function minus(outer: Shape, hole: Shape): Shape {
  return {
    min: outer.min,
    max: outer.max,
    contains: (p) => outer.contains(p) && !(inBox(hole, p) && hole.contains(p)),
  };
}

/** Points of `shape` on the side of the plane through `point` that `normal` points to. */
export function halfSpace(shape: Shape, point: Vec3, normal: Vec3): Shape {
  return {
    min: shape.min,
    max: shape.max,
    contains: (p) =>
      (p[0] - point[0]) * normal[0] + (p[1] - point[1]) * normal[1] + (p[2] - point[2]) * normal[2] >= 0 &&
      shape.contains(p),
  };
}

/** The union of `shapes`, with their common bounding box as a first test. */
export function group(shapes: readonly Shape[]): Shape {
  const min: [number, number, number] = [Infinity, Infinity, Infinity];
  const max: [number, number, number] = [-Infinity, -Infinity, -Infinity];
  for (const sh of shapes) {
    for (let d = 0; d < 3; d++) {
      min[d] = Math.min(min[d], sh.min[d]);
      max[d] = Math.max(max[d], sh.max[d]);
    }
  }
  return { min, max, contains: (p) => anyContains(shapes, p) };
}
