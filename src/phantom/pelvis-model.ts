/**
 * The analytic pelvis behind `sacroguide phantom`: every structure of the `segment` contract
 * defined by exact shapes in an anatomy frame, placed in patient LPS by a seeded rigid pose
 * and size, so any grid can sample it and the ground truth is known voxel by voxel.
 */
import type { Mat3, Vec3 } from '../core/vec.js';
import { mat3Mul } from '../core/vec.js';
import { createRandom } from '../core/random.js';
import { SACRAL_LABELS } from '../anatomy/labels.js';
import type { SacralLocal } from './sacral-frame.js';
import { defaultSacralArc, fromSacralLocal } from './sacral-frame.js';
import type { SacrumModel } from './sacrum-model.js';
import {
  anteriorForamenAt,
  buildSacrum,
  inDorsalForamen,
  inSacralCanal,
  inSacralEnvelope,
} from './sacrum-model.js';
import type { SideBones, Skeleton, Vertebra } from './skeleton-model.js';
import { buildSkeleton } from './skeleton-model.js';
import type { CementModel, LesionModel, NeedleModel } from './lesion-model.js';
import { cementFor, needleFor, randomLesion } from './lesion-model.js';
import type { SoftTissueModel } from './soft-tissue-model.js';
import { buildSoftTissue } from './soft-tissue-model.js';
import { anyContains, inBox } from './shapes.js';
import { Tissue } from './tissues.js';

export interface PelvisOptions {
  seed: number;
  lesion: boolean;
  cement: boolean;
  needle: boolean;
}

export interface PelvisModel {
  readonly options: PelvisOptions;
  /** Size factor of this individual (1 = average adult). */
  readonly scale: number;
  /** world LPS = rotation · anatomy + translationMm. */
  readonly rotation: Mat3;
  readonly translationMm: Vec3;
  readonly sacrum: SacrumModel;
  readonly skeleton: Skeleton;
  readonly soft: SoftTissueModel;
  readonly lesion: LesionModel | null;
  readonly cement: CementModel | null;
  readonly needle: NeedleModel | null;
}

/** Packs a label and a tissue into one code (label in the low 5 bits). */
export function packCode(label: number, tissue: number): number {
  return label | (tissue << 5);
}

function rotationXYZ(ax: number, ay: number, az: number): Mat3 {
  const rx: Mat3 = [1, 0, 0, 0, Math.cos(ax), -Math.sin(ax), 0, Math.sin(ax), Math.cos(ax)];
  const ry: Mat3 = [Math.cos(ay), 0, Math.sin(ay), 0, 1, 0, -Math.sin(ay), 0, Math.cos(ay)];
  const rz: Mat3 = [Math.cos(az), -Math.sin(az), 0, Math.sin(az), Math.cos(az), 0, 0, 0, 1];
  return mat3Mul(rz, mat3Mul(ry, rx));
}

/** A seeded individual: size ±8 %, pose ±6° and ±10 mm, lesion site and shape. */
export function createPelvisModel(options: PelvisOptions): PelvisModel {
  const rng = createRandom(options.seed);
  const scale = rng.uniform(0.92, 1.08);
  const deg = Math.PI / 180;
  const rotation = rotationXYZ(rng.uniform(-6, 6) * deg, rng.uniform(-3, 3) * deg, rng.uniform(-4, 4) * deg);
  const translationMm: Vec3 = [rng.uniform(-10, 10), rng.uniform(-10, 10), rng.uniform(-10, 10)];
  const arc = defaultSacralArc(scale);
  const sacrum = buildSacrum(arc, scale);
  const skeleton = buildSkeleton(arc, scale);
  const lesionRng = createRandom(options.seed * 7919 + 17);
  const lesion =
    options.lesion || options.cement || options.needle ? randomLesion(sacrum, lesionRng, scale) : null;
  const cement = lesion && options.cement ? cementFor(lesion, scale) : null;
  const needle = lesion && options.needle ? needleFor(lesion, dorsalEntry(lesion)) : null;
  const rectumCentre = fromSacralLocal(arc, [0.62, 0, -30 * scale]);
  const soft = buildSoftTissue(rng, { scale, rectumCentre, foramina: sacrum.anterior });
  return { options, scale, rotation, translationMm, sacrum, skeleton, soft, lesion, cement, needle };
}

/** A posterolateral entry direction (from the tip toward the skin) for the needle. */
function dorsalEntry(lesion: LesionModel): Vec3 {
  const side = Math.sign(lesion.centre[0]) || 1;
  const v: Vec3 = [side * 0.35, 0.9, 0.25];
  const l = Math.hypot(...v);
  return [v[0] / l, v[1] / l, v[2] / l];
}

/** Reusable per-thread scratch for `classifyPoint` (no allocation per voxel). */
export interface ClassifyScratch {
  local: SacralLocal;
  point: { p: Vec3; marginMm: number };
}

export function classifyScratch(): ClassifyScratch {
  return { local: { t: 0, n: 0 }, point: { p: [0, 0, 0], marginMm: 0 } };
}

/**
 * Label and tissue at an anatomy-frame point, packed by `packCode`. The label is the anatomy
 * before any procedure; cement and needle only change the tissue.
 */
export function classifyPoint(m: PelvisModel, p: Vec3, sc: ClassifyScratch): number {
  const code = anatomyAt(m, p, sc);
  if (m.needle && inBox(m.needle.shape, p) && m.needle.shape.contains(p)) {
    return packCode(code & 31, Tissue.metal);
  }
  if (m.cement) {
    const label = code & 31;
    const inFill = label === SACRAL_LABELS.lesion && inBox(m.cement.fill, p) && m.cement.fill.contains(p);
    const tissue = code >> 5;
    const soft = tissue !== Tissue.bone && tissue !== Tissue.cortex && label === 0;
    const inLeak = soft && inBox(m.cement.leak, p) && m.cement.leak.contains(p);
    if (inFill || inLeak) return packCode(label, Tissue.cement);
  }
  return code;
}

function anatomyAt(m: PelvisModel, p: Vec3, sc: ClassifyScratch): number {
  const s = m.sacrum;
  let nearSacrum = false;
  if (inBox(s.box, p)) {
    const q = sc.point;
    q.p = p;
    q.marginMm = 0;
    if (inSacralEnvelope(s, q, sc.local)) {
      if (inSacralCanal(s, p[0], sc.local)) return packCode(SACRAL_LABELS.sacral_canal, Tissue.csf);
      const f = anteriorForamenAt(s, p);
      if (f) return packCode(f.label, Tissue.foramenFat);
      if (inDorsalForamen(s, p)) return packCode(0, Tissue.foramenFat);
      if (m.lesion && inBox(m.lesion.shape, p) && m.lesion.shape.contains(p)) {
        return packCode(SACRAL_LABELS.lesion, Tissue.tumour);
      }
      return packCode(SACRAL_LABELS.sacrum, Tissue.bone);
    }
    q.marginMm = 2.5 * m.scale;
    nearSacrum = inSacralEnvelope(s, q, sc.local);
  }
  if (m.lesion && inBox(m.lesion.shape, p) && m.lesion.shape.contains(p)) {
    return packCode(0, Tissue.tumour);
  }
  const vertebral =
    vertebraAt(m.skeleton.L5, SACRAL_LABELS.L5, p) || vertebraAt(m.skeleton.L4, SACRAL_LABELS.L4, p);
  if (vertebral) return vertebral;
  if (!nearSacrum) {
    if (anyContains(m.skeleton.left.hip, p)) return packCode(SACRAL_LABELS.hip_left, Tissue.bone);
    if (anyContains(m.skeleton.right.hip, p)) return packCode(SACRAL_LABELS.hip_right, Tissue.bone);
  }
  const femur =
    femurAt(m.skeleton.left, SACRAL_LABELS.femur_left, p) ||
    femurAt(m.skeleton.right, SACRAL_LABELS.femur_right, p);
  if (femur) return femur;
  return packCode(0, softTissueAt(m.soft, p));
}

function femurAt(bones: SideBones, label: number, p: Vec3): number {
  if (inBox(bones.femurMarrow, p) && bones.femurMarrow.contains(p)) return packCode(label, Tissue.marrowFat);
  if (inBox(bones.femurShaftWall, p) && bones.femurShaftWall.contains(p))
    return packCode(label, Tissue.cortex);
  if (anyContains(bones.femur, p)) return packCode(label, Tissue.bone);
  return 0;
}

function vertebraAt(v: Vertebra, label: number, p: Vec3): number {
  if (anyContains(v.bone, p)) return packCode(label, Tissue.bone);
  if (inBox(v.canal, p) && v.canal.contains(p)) return packCode(0, Tissue.csf);
  if (inBox(v.discBelow, p) && v.discBelow.contains(p)) return packCode(0, Tissue.disc);
  return 0;
}

function softTissueAt(soft: SoftTissueModel, p: Vec3): number {
  const x = p[0];
  const y = p[1];
  const u = x / soft.bodySemiX;
  const v = (y - soft.bodyCentreY) / soft.bodySemiY;
  const r = u * u + v * v;
  if (r > 1) return Tissue.air;
  for (const o of soft.organs) if (inBox(o.shape, p) && o.shape.contains(p)) return o.tissue;
  const ui = x / (soft.bodySemiX - soft.subcutaneousMm);
  const vi = (y - soft.bodyCentreY) / (soft.bodySemiY - soft.subcutaneousMm);
  if (ui * ui + vi * vi > 1) return Tissue.fat;
  if (inBox(soft.pelvicFat, p) && soft.pelvicFat.contains(p)) return Tissue.fat;
  return Tissue.muscle;
}
