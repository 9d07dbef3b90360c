/**
 * The phantom sacrum: a curved, box-like bone along the sacral arc with the sacral canal in its
 * dorsal part (open at the hiatus), four pairs of anterior foramina running from the canal to the
 * pelvic surface, smaller dorsal foramina, and optionally a lytic lesion.
 */
import type { Vec3 } from '../core/vec.js';
import { FORAMEN_LEVELS, SACRAL_LABELS, foramenName } from '../anatomy/labels.js';
import type { SacralArc, SacralLocal } from './sacral-frame.js';
import { fromSacralLocal, profile, toSacralLocal } from './sacral-frame.js';
import type { Shape } from './shapes.js';
import { anyContains, capsule, inBox } from './shapes.js';

const TABLE = 1024;

/** A profile sampled on [0, 1] for fast lookup. */
function table(knots: readonly (readonly [number, number])[], scale: number): Float64Array {
  const f = profile(knots);
  const out = new Float64Array(TABLE);
  for (let i = 0; i < TABLE; i++) out[i] = f(i / (TABLE - 1)) * scale;
  return out;
}

function at(tab: Float64Array, t: number): number {
  const i = Math.round((t < 0 ? 0 : t > 1 ? 1 : t) * (TABLE - 1));
  return tab[i];
}

export interface Foramen {
  readonly name: string;
  readonly label: number;
  readonly tube: Shape;
  /** Where the channel opens on the pelvic surface (anatomy frame). */
  readonly exitPoint: Vec3;
  readonly exitDirection: Vec3;
  readonly radiusMm: number;
}

export interface SacrumModel {
  readonly arc: SacralArc;
  /** Half-width (x) and half-thickness (n) of the bone, mm, by t. */
  readonly halfWidth: Float64Array;
  readonly halfThickness: Float64Array;
  readonly canalHalfWidth: Float64Array;
  readonly canalHalfDepth: Float64Array;
  readonly canalCentreN: Float64Array;
  /** t of the top of the sacral hiatus (canal open dorsally below it) and of the canal end. */
  readonly hiatusT: number;
  readonly canalEndT: number;
  readonly anterior: readonly Foramen[];
  readonly dorsal: readonly Shape[];
  readonly box: Shape;
}

/** Exponent of the super-ellipse cross-section (boxy near S1, round at the coccyx). */
function exponentAt(t: number): number {
  return t < 0.7 ? 3 : t > 0.8 ? 2 : 3 - (t - 0.7) * 10;
}

/** The sacrum of an adult of size `scale` (1 = average). */
export function buildSacrum(arc: SacralArc, scale: number): SacrumModel {
  const halfWidth = table(
    [
      [0, 50],
      [0.1, 54],
      [0.2, 48],
      [0.36, 38],
      [0.5, 28.5],
      [0.62, 20.5],
      [0.72, 14],
      [0.8, 9],
      [1, 5],
    ],
    scale,
  );
  const halfThickness = table(
    [
      [0, 27],
      [0.2, 23],
      [0.36, 18],
      [0.5, 14],
      [0.62, 11],
      [0.72, 8],
      [0.8, 6],
      [1, 4],
    ],
    scale,
  );
  const canalHalfWidth = table(
    [
      [0, 14],
      [0.36, 10],
      [0.62, 6],
      [0.76, 4.5],
    ],
    scale,
  );
  const canalHalfDepth = table(
    [
      [0, 6],
      [0.36, 5],
      [0.62, 3.5],
      [0.76, 3],
    ],
    scale,
  );
  const wall = table(
    [
      [0, 5],
      [0.36, 4],
      [0.62, 3],
    ],
    scale,
  );
  const canalCentreN = new Float64Array(TABLE);
  for (let i = 0; i < TABLE; i++) canalCentreN[i] = halfThickness[i] - wall[i] - canalHalfDepth[i];

  const levels: [number, number, number][] = [
    [0.19, 27, 5.5],
    [0.35, 24, 4.5],
    [0.49, 20, 3.8],
    [0.61, 16, 3.0],
  ];
  const anterior: Foramen[] = [];
  const dorsal: Shape[] = [];
  FORAMEN_LEVELS.forEach((level, li) => {
    const [t, exitX, r] = levels[li];
    for (const side of ['left', 'right'] as const) {
      const s = side === 'left' ? 1 : -1;
      const inner = fromSacralLocal(arc, [t, s * at(canalHalfWidth, t) * 0.8, at(canalCentreN, t)]);
      const exit = fromSacralLocal(arc, [t, s * exitX * scale, -at(halfThickness, t)]);
      const beyond = fromSacralLocal(arc, [t, s * (exitX + 2) * scale, -at(halfThickness, t) - 6 * scale]);
      const dir = normalise([exit[0] - inner[0], exit[1] - inner[1], exit[2] - inner[2]]);
      const name = foramenName(level, side);
      anterior.push({
        name,
        label: SACRAL_LABELS[name],
        tube: capsule(inner, beyond, r * scale),
        exitPoint: exit,
        exitDirection: dir,
        radiusMm: r * scale,
      });
      const back = fromSacralLocal(arc, [t, s * (exitX - 6) * scale, at(halfThickness, t) + 6 * scale]);
      dorsal.push(capsule(inner, back, r * 0.65 * scale));
    }
  });
  const maxW = 56 * scale;
  const top = fromSacralLocal(arc, [0, 0, 0]);
  const bottom = fromSacralLocal(arc, [1, 0, 0]);
  const box: Shape = {
    min: [-maxW, Math.min(top[1], bottom[1]) - 40 * scale, bottom[2] - 10 * scale],
    max: [maxW, arc.centreY + arc.radiusMm + 30 * scale, top[2] + 25 * scale],
    contains: () => true,
  };
  return {
    arc,
    halfWidth,
    halfThickness,
    canalHalfWidth,
    canalHalfDepth,
    canalCentreN,
    hiatusT: 0.62,
    canalEndT: 0.76,
    anterior,
    dorsal,
    box,
  };
}

function normalise(v: Vec3): Vec3 {
  const l = Math.hypot(v[0], v[1], v[2]) || 1;
  return [v[0] / l, v[1] / l, v[2] / l];
}

/**
 * Inside the sacral envelope (bone, canal, foramina and lesion together), optionally grown by
 * `marginMm` (used to keep other bones a joint space away). Fills `local`.
 */
export function inSacralEnvelope(
  m: SacrumModel,
  q: { p: Vec3; marginMm: number },
  local: SacralLocal,
): boolean {
  const p = q.p;
  toSacralLocal(m.arc, p, local);
  const t = local.t;
  const dt = q.marginMm / (m.arc.radiusMm * (m.arc.phiTop - m.arc.phiBottom));
  if (t < -dt || t > 1 + dt) return false;
  const w = at(m.halfWidth, t) + q.marginMm;
  const h = at(m.halfThickness, t) + q.marginMm;
  const e = exponentAt(t);
  return Math.abs(p[0] / w) ** e + Math.abs(local.n / h) ** e <= 1;
}

/** Inside the sacral canal lumen (given local coordinates already inside the envelope). */
export function inSacralCanal(m: SacrumModel, x: number, local: SacralLocal): boolean {
  const t = local.t;
  if (t < 0 || t > m.canalEndT) return false;
  const cw = at(m.canalHalfWidth, t);
  const cd = at(m.canalHalfDepth, t);
  const dn = local.n - at(m.canalCentreN, t);
  const u = x / cw;
  if (u * u + (dn / cd) ** 2 <= 1) return true;
  // hiatus: below hiatusT the dorsal wall is missing, the canal opens to the back
  return t >= m.hiatusT && dn >= 0 && Math.abs(u) <= 1;
}

/** The anterior foramen containing the point, or null. */
export function anteriorForamenAt(m: SacrumModel, p: Vec3): Foramen | null {
  for (const f of m.anterior) if (inBox(f.tube, p) && f.tube.contains(p)) return f;
  return null;
}

export function inDorsalForamen(m: SacrumModel, p: Vec3): boolean {
  return anyContains(m.dorsal, p);
}

/** Half-width and half-thickness (mm) of the bone at t: used to place lesions and the ilium. */
export function sacrumSizeAt(m: SacrumModel, t: number): { halfWidth: number; halfThickness: number } {
  return { halfWidth: at(m.halfWidth, t), halfThickness: at(m.halfThickness, t) };
}

export function canalCentreAt(m: SacrumModel, t: number): number {
  return at(m.canalCentreN, t);
}
