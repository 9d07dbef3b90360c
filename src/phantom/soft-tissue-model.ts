/**
 * Soft tissues of the phantom pelvis: body outline with subcutaneous fat, muscle, pelvic fat,
 * psoas, bladder, rectum, bowel loops with gas or fluid, iliac vessels and the sacral nerve
 * roots leaving the anterior foramina. Anatomy frame, mm.
 */
import type { Vec3 } from '../core/vec.js';
import type { Random } from '../core/random.js';
import type { Foramen } from './sacrum-model.js';
import type { Shape } from './shapes.js';
import { capsule, ellipsoid } from './shapes.js';
import { Tissue } from './tissues.js';

export interface SoftTissueModel {
  /** Body cross-section ellipse (x, y semi-axes and y centre), constant along z. */
  readonly bodySemiX: number;
  readonly bodySemiY: number;
  readonly bodyCentreY: number;
  readonly subcutaneousMm: number;
  /** Shapes tested in order; the first that contains the point gives its tissue. */
  readonly organs: readonly { shape: Shape; tissue: number }[];
  readonly pelvicFat: Shape;
}

export function buildSoftTissue(
  rng: Random,
  parts: { scale: number; rectumCentre: Vec3; foramina: readonly Foramen[] },
): SoftTissueModel {
  const s = parts.scale;
  const organs: { shape: Shape; tissue: number }[] = [];
  for (const side of [1, -1]) {
    const P = (x: number, y: number, z: number): Vec3 => [side * x * s, y * s, z * s];
    // common and external iliac artery and vein along the pelvic brim, internal iliac branch
    organs.push({ shape: capsule(P(12, -38, 100), P(45, -22, 12), 6 * s), tissue: Tissue.artery });
    organs.push({ shape: capsule(P(45, -22, 12), P(78, -58, -60), 5 * s), tissue: Tissue.artery });
    organs.push({ shape: capsule(P(45, -22, 12), P(42, -2, -40), 3.5 * s), tissue: Tissue.artery });
    organs.push({ shape: capsule(P(22, -24, 100), P(50, -10, 10), 8 * s), tissue: Tissue.vein });
    organs.push({ shape: capsule(P(50, -10, 10), P(82, -45, -62), 7 * s), tissue: Tissue.vein });
    // psoas and iliacus
    organs.push({ shape: capsule(P(38, -2, 110), P(70, -42, -30), 24 * s), tissue: Tissue.muscle });
  }
  for (const f of parts.foramina) {
    const end: Vec3 = [
      f.exitPoint[0] + f.exitDirection[0] * 35 * s,
      f.exitPoint[1] + f.exitDirection[1] * 35 * s,
      f.exitPoint[2] + f.exitDirection[2] * 35 * s - 10 * s,
    ];
    organs.push({ shape: capsule(f.exitPoint, end, f.radiusMm * 0.6), tissue: Tissue.nerve });
  }
  const rc = parts.rectumCentre;
  const rectumGas = rng.next() < 0.6;
  organs.push({
    shape: ellipsoid(rc, [9 * s, 7 * s, 20 * s]),
    tissue: rectumGas ? Tissue.gas : Tissue.fluid,
  });
  organs.push({ shape: ellipsoid(rc, [15 * s, 13 * s, 26 * s]), tissue: Tissue.bowelWall });
  organs.push({ shape: ellipsoid([0, -78 * s, -78 * s], [45 * s, 32 * s, 30 * s]), tissue: Tissue.fluid });
  for (let b = 0; b < 5; b++) {
    const centre: Vec3 = [rng.uniform(-95, 95) * s, rng.uniform(-100, -35) * s, rng.uniform(-10, 90) * s];
    const r = rng.uniform(12, 22) * s;
    const content = rng.next() < 0.5 ? Tissue.gas : Tissue.fluid;
    organs.push({ shape: ellipsoid(centre, [r * 0.6, r * 0.6, r * 0.6]), tissue: content });
    organs.push({ shape: ellipsoid(centre, [r, r, r * 1.2]), tissue: Tissue.bowelWall });
  }
  return {
    bodySemiX: 172 * s,
    bodySemiY: 122 * s,
    bodyCentreY: -5 * s,
    subcutaneousMm: 18 * s,
    organs,
    pelvicFat: ellipsoid([0, -30 * s, -20 * s], [95 * s, 72 * s, 110 * s]),
  };
}
