/**
 * The bones around the phantom sacrum: L5 and L4 (body, arch, spinous and transverse
 * processes, discs), both hip bones (ilium wing, auricular part at the sacroiliac joint,
 * acetabulum, pubic and ischial rami) and the proximal femurs. Anatomy frame, mm.
 */
import type { Vec3 } from '../core/vec.js';
import type { SacralArc } from './sacral-frame.js';
import { fromSacralLocal, sacralAxes } from './sacral-frame.js';
import type { Shape } from './shapes.js';
import { capsule, ellipsoid, group, halfSpace, minus } from './shapes.js';

/** A lumbar vertebra in its own frame: origin at the body centre, axial, dorsal, lateral units. */
export interface Vertebra {
  readonly origin: Vec3;
  readonly axial: Vec3;
  readonly dorsal: Vec3;
  readonly bodySemi: readonly [number, number, number]; // lateral, dorsal, axial half-sizes
  readonly bone: readonly Shape[];
  /** Spinal canal through the arch (not bone). */
  readonly canal: Shape;
  /** Disc below the body. */
  readonly discBelow: Shape;
}

export interface SideBones {
  readonly hip: readonly Shape[];
  readonly femur: readonly Shape[];
  /** Femoral shaft cavity (marrow, still femur). */
  readonly femurMarrow: Shape;
  readonly femurShaftWall: Shape;
}

export interface Skeleton {
  readonly L5: Vertebra;
  readonly L4: Vertebra;
  readonly left: SideBones;
  readonly right: SideBones;
}

function add(a: Vec3, ...terms: [number, Vec3][]): Vec3 {
  const out: [number, number, number] = [a[0], a[1], a[2]];
  for (const [s, v] of terms) {
    out[0] += s * v[0];
    out[1] += s * v[1];
    out[2] += s * v[2];
  }
  return out;
}

/** Unit vector in the sagittal plane at `deg` from vertical, tilted anteriorly (toward -y). */
function sagittal(deg: number): Vec3 {
  const r = (deg * Math.PI) / 180;
  return [0, -Math.sin(r), Math.cos(r)];
}

function vertebra(origin: Vec3, axialTiltDeg: number, size: { scale: number; tpReach: number }): Vertebra {
  const s = size.scale;
  const axial = sagittal(axialTiltDeg);
  const dorsal: Vec3 = [0, axial[2], -axial[1]];
  const lateral: Vec3 = [1, 0, 0];
  const at = (a: number, b: number, c: number): Vec3 =>
    add(origin, [a * s, axial], [b * s, dorsal], [c * s, lateral]);
  const bodyAxes = [
    lateral[0],
    dorsal[0],
    axial[0],
    lateral[1],
    dorsal[1],
    axial[1],
    lateral[2],
    dorsal[2],
    axial[2],
  ] as const;
  const cylinderish = (centre: Vec3, semi: Vec3): Shape => ellipsoid(centre, semi, { axes: bodyAxes });
  // body: an ellipsoid flattened to a cylinder by clipping its ends with the endplates
  const bodyRound = cylinderish(origin, [25 * s, 16 * s, 22 * s]);
  const body = halfSpace(halfSpace(bodyRound, at(-13, 0, 0), axial), at(13, 0, 0), [
    -axial[0],
    -axial[1],
    -axial[2],
  ]);
  const canalCentre = at(0, 25, 0);
  const canal = cylinderish(canalCentre, [11 * s, 8 * s, 30 * s]);
  const ring = minus(cylinderish(at(-1, 25, 0), [19 * s, 15 * s, 10 * s]), canal);
  const spinous = capsule(at(-4, 36, 0), at(-14, 58, 0), 5.5 * s);
  const tpLeft = capsule(at(2, 22, 15), at(5, 28, size.tpReach), 6.5 * s);
  const tpRight = capsule(at(2, 22, -15), at(5, 28, -size.tpReach), 6.5 * s);
  const facetL = capsule(at(-12, 28, 13), at(12, 30, 14), 5 * s);
  const facetR = capsule(at(-12, 28, -13), at(12, 30, -14), 5 * s);
  const discBelow = halfSpace(cylinderish(at(-18, 0, 0), [24 * s, 15 * s, 7 * s]), at(-25, 0, 0), axial);
  return {
    origin,
    axial,
    dorsal,
    bodySemi: [25 * s, 16 * s, 13 * s],
    bone: [group([body, ring, spinous, tpLeft, tpRight, facetL, facetR])],
    canal,
    discBelow,
  };
}

function sideBones(side: 1 | -1, scale: number): SideBones {
  const s = scale;
  const P = (x: number, y: number, z: number): Vec3 => [side * x * s, y * s, z * s];
  const acetabulum = P(95, -32, -58);
  const wing = iliacWing(side, s);
  const cupOuter = ellipsoid(acetabulum, [37 * s, 37 * s, 37 * s]);
  const cupHole = ellipsoid(acetabulum, [26.5 * s, 26.5 * s, 26.5 * s]);
  const lateral: Vec3 = [-side, 0, 0];
  const cup = halfSpace(minus(cupOuter, cupHole), add(acetabulum, [12 * s, [side, 0, 0]]), lateral);
  const hip = [
    wing,
    cup,
    capsule(P(72, 22, -15), P(92, -22, -45), 17 * s),
    capsule(P(108, -48, -5), P(100, -40, -40), 12 * s),
    capsule(P(78, -56, -72), P(6, -76, -80), 9 * s),
    capsule(P(88, -12, -82), P(66, 6, -120), 13 * s),
    capsule(P(66, 6, -120), P(12, -64, -98), 7 * s),
  ].map((shape) => minus(halfSpace(shape, [side * 3 * s, 0, 0], [side, 0, 0]), cupHole));
  const shaftTop = P(132, -12, -92);
  const shaftBottom = P(128, -6, -270);
  const femurMarrow = capsule(P(131, -11, -112), shaftBottom, 7.5 * s);
  const femurShaftWall = minus(capsule(shaftTop, shaftBottom, 14 * s), femurMarrow);
  const femur = [
    ellipsoid(acetabulum, [24 * s, 24 * s, 24 * s]),
    capsule(acetabulum, P(128, -20, -86), 15 * s),
    ellipsoid(P(138, -6, -80), [18 * s, 20 * s, 22 * s]),
    capsule(shaftTop, P(131, -11, -112), 14 * s),
  ];
  return { hip: [group(hip)], femur: [group(femur)], femurMarrow, femurShaftWall };
}

/**
 * The iliac wing: a curved plate (a sector of a cylindrical shell that flares outward as it
 * rises) from the sacroiliac joint round to the anterior superior iliac spine, concave toward
 * the pelvic cavity, its crest highest in the middle.
 */
function iliacWing(side: 1 | -1, s: number): Shape {
  const radius = 85 * s;
  const half = 4.5 * s;
  const cy = -35 * s;
  const zMin = -42 * s;
  const zCrest = 55 * s;
  const thetaMin = (-15 * Math.PI) / 180;
  const thetaMax = (80 * Math.PI) / 180;
  const flare = 0.3;
  const cxAt = (z: number): number => side * (30 * s + flare * z);
  const reachX = side * (30 * s + flare * zCrest) + side * (radius + half);
  return {
    min: [side > 0 ? 20 * s : reachX, cy - radius - half, zMin],
    max: [side > 0 ? reachX : -20 * s, cy + radius + half, zCrest],
    contains(p) {
      const x = p[0];
      const y = p[1];
      const z = p[2];
      if (z < zMin || z > zCrest) return false;
      const dx = side * (x - cxAt(z));
      const dy = y - cy;
      const r = Math.hypot(dx, dy);
      if (r < radius - half || r > radius + half) return false;
      const theta = Math.atan2(dy, dx);
      if (theta < thetaMin || theta > thetaMax) return false;
      const u = (theta - 0.55) / 0.9;
      return z <= zCrest - 28 * s * u * u;
    },
  };
}

/** The skeleton that goes with the sacral arc: L5 on the S1 endplate, L4 above it. */
export function buildSkeleton(arc: SacralArc, scale: number): Skeleton {
  const s = scale;
  const top = fromSacralLocal(arc, [0, 0, -9 * s]);
  const up0 = sacralAxes(arc, 0).caudal;
  const discL5 = 9 * s;
  const l5Origin = add(top, [-(discL5 + 13 * s), up0]);
  const L5 = vertebra(l5Origin, 25, { scale: s, tpReach: 47 });
  const l4Origin = add(l5Origin, [13 * s, L5.axial], [10 * s, sagittal(18)], [13 * s, sagittal(10)]);
  const L4 = vertebra(l4Origin, 10, { scale: s * 0.97, tpReach: 40 });
  return { L5, L4, left: sideBones(1, s), right: sideBones(-1, s) };
}
