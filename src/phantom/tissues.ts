/**
 * Tissue classes of the phantom and their CT numbers (HU). The label map says which structure
 * a voxel belongs to; the tissue says what it is made of and so how it looks on CT.
 */
export const Tissue = {
  air: 0,
  fat: 1,
  muscle: 2,
  fluid: 3,
  gas: 4,
  disc: 5,
  artery: 6,
  vein: 7,
  bone: 8,
  tumour: 9,
  csf: 10,
  foramenFat: 11,
  marrowFat: 12,
  cortex: 13,
  cement: 14,
  metal: 15,
  nerve: 16,
  bowelWall: 17,
} as const;
export type TissueCode = (typeof Tissue)[keyof typeof Tissue];

export interface TissueHuOptions {
  /** Contrast-enhanced vessels (arterial phase). */
  contrast: boolean;
  /** Osteoporotic bone: low cancellous and cortical density. */
  osteoporotic: boolean;
  /** Everything but bone (and what is inside bone) set to 0 HU, as bone-masked datasets are. */
  boneOnly: boolean;
}

/** HU of every tissue code (index = code). */
export function tissueHu(options: TissueHuOptions): Float32Array {
  const hu = new Float32Array(32);
  hu[Tissue.air] = -1000;
  hu[Tissue.fat] = -100;
  hu[Tissue.muscle] = 45;
  hu[Tissue.fluid] = 8;
  hu[Tissue.gas] = -880;
  hu[Tissue.disc] = 85;
  hu[Tissue.artery] = options.contrast ? 320 : 42;
  hu[Tissue.vein] = options.contrast ? 170 : 40;
  hu[Tissue.bone] = options.osteoporotic ? 95 : 240;
  hu[Tissue.tumour] = 38;
  hu[Tissue.csf] = 12;
  hu[Tissue.foramenFat] = -45;
  hu[Tissue.marrowFat] = -60;
  hu[Tissue.cortex] = options.osteoporotic ? 520 : 950;
  hu[Tissue.cement] = 2800;
  hu[Tissue.metal] = 3071;
  hu[Tissue.nerve] = 30;
  hu[Tissue.bowelWall] = 50;
  if (options.boneOnly) {
    for (const t of [Tissue.air, Tissue.fat, Tissue.muscle, Tissue.fluid, Tissue.gas, Tissue.disc]) hu[t] = 0;
    for (const t of [Tissue.artery, Tissue.vein, Tissue.nerve, Tissue.bowelWall]) hu[t] = 0;
  }
  return hu;
}

/** Tissues that make up bone for the cortex computation (a lytic lesion is inside the bone). */
export function isSolidTissue(t: number): boolean {
  return t === Tissue.bone || t === Tissue.cortex || t === Tissue.marrowFat || t === Tissue.tumour;
}
