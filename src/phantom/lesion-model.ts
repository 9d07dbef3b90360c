/**
 * A lytic metastasis in the phantom sacrum, the cement that fills part of it after a
 * sacroplasty (with a small leak through the breach), and the needle that delivered it.
 */
import type { Mat3, Vec3 } from '../core/vec.js';
import type { Random } from '../core/random.js';
import type { SacrumModel } from './sacrum-model.js';
import { sacrumSizeAt } from './sacrum-model.js';
import { fromSacralLocal, sacralAxes } from './sacral-frame.js';
import type { Shape } from './shapes.js';
import { capsule, ellipsoid } from './shapes.js';

export type BreachSide = 'anterior' | 'dorsal' | 'lateral';

export interface LesionModel {
  readonly shape: Shape;
  readonly centre: Vec3;
  readonly semiAxesMm: Vec3;
  readonly breachSide: BreachSide;
  /** Unit vector (anatomy frame) from the lesion out through the breach. */
  readonly breachDirection: Vec3;
}

export interface CementModel {
  readonly fill: Shape;
  readonly leak: Shape;
  readonly leakCentre: Vec3;
}

export interface NeedleModel {
  readonly shape: Shape;
  readonly tip: Vec3;
  readonly entry: Vec3;
}

/** A lesion at a random sacral level and side that breaks through the cortex on one face. */
export function randomLesion(sacrum: SacrumModel, rng: Random, scale: number): LesionModel {
  const t = rng.uniform(0.06, 0.42);
  const { halfWidth, halfThickness } = sacrumSizeAt(sacrum, t);
  const sideRoll = rng.next();
  const side = sideRoll < 0.4 ? 1 : sideRoll < 0.8 ? -1 : 0;
  const semi: Vec3 = [rng.uniform(10, 17) * scale, rng.uniform(10, 17) * scale, rng.uniform(9, 14) * scale];
  const roll = rng.next();
  const breachSide: BreachSide = roll < 0.6 ? 'anterior' : roll < 0.8 || side === 0 ? 'dorsal' : 'lateral';
  const protrusion = rng.uniform(3, 7) * scale;
  let x = side * Math.min(halfWidth - semi[0] * 0.6, rng.uniform(18, 32) * scale);
  let n = -halfThickness * 0.3;
  if (breachSide === 'anterior') n = -halfThickness - protrusion + semi[2];
  if (breachSide === 'dorsal') {
    // beside the canal, breaking through the dorsal surface lateral to it
    x = (side || 1) * Math.min(halfWidth - semi[0], Math.max(x * (side || 1), 24 * scale));
    n = halfThickness + protrusion - semi[2];
  }
  if (breachSide === 'lateral') x = side * (halfWidth + protrusion - semi[0]);
  const centre = fromSacralLocal(sacrum.arc, [t, x, n]);
  const { caudal, dorsal } = sacralAxes(sacrum.arc, t);
  const axes: Mat3 = [1, caudal[0], dorsal[0], 0, caudal[1], dorsal[1], 0, caudal[2], dorsal[2]];
  const breachDirection: Vec3 =
    breachSide === 'anterior'
      ? [-dorsal[0], -dorsal[1], -dorsal[2]]
      : breachSide === 'dorsal'
        ? dorsal
        : [Math.sign(x) || 1, 0, 0];
  return { shape: ellipsoid(centre, semi, { axes }), centre, semiAxesMm: semi, breachSide, breachDirection };
}

/** Cement filling the core of the lesion plus a small leak just outside the breach. */
export function cementFor(lesion: LesionModel, scale: number): CementModel {
  const r = Math.min(...lesion.semiAxesMm) * 0.7;
  const fill = ellipsoid(lesion.centre, [r, r, r]);
  const reach = lesionReach(lesion) + 3.5 * scale;
  const leakCentre: Vec3 = [
    lesion.centre[0] + lesion.breachDirection[0] * reach,
    lesion.centre[1] + lesion.breachDirection[1] * reach,
    lesion.centre[2] + lesion.breachDirection[2] * reach,
  ];
  const leak = ellipsoid(leakCentre, [4.5 * scale, 4 * scale, 3.5 * scale]);
  return { fill, leak, leakCentre };
}

/** An 11-gauge (3 mm) trocar from a dorsal skin entry to the lesion centre. */
export function needleFor(lesion: LesionModel, entryDirection: Vec3): NeedleModel {
  const tip = lesion.centre;
  const entry: Vec3 = [
    tip[0] + entryDirection[0] * 110,
    tip[1] + entryDirection[1] * 110,
    tip[2] + entryDirection[2] * 110,
  ];
  return { shape: capsule(tip, entry, 1.5), tip, entry };
}

/** Distance from the lesion centre to its surface along the breach direction. */
function lesionReach(lesion: LesionModel): number {
  const [lateral, , dorsal] = lesion.semiAxesMm;
  return lesion.breachSide === 'lateral' ? lateral : dorsal;
}
