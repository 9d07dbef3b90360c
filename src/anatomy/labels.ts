/**
 * The label table of the `segment` contract: names, values and display colours. Every module
 * that writes or reads a sacral label map (segmentation, phantom, planning, viewer, DICOM SEG)
 * uses these so that a value means the same structure everywhere.
 */

export const FORAMEN_LEVELS = ['S1', 'S2', 'S3', 'S4'] as const;
export type ForamenLevel = (typeof FORAMEN_LEVELS)[number];
export type Side = 'left' | 'right';

/** `foramen_S2_left` etc. (left = patient left = +x in LPS). */
export function foramenName(level: ForamenLevel, side: Side): string {
  return `foramen_${level}_${side}`;
}

/** Names and values required by the contract, then optional extra structures. */
export const SACRAL_LABELS: Readonly<Record<string, number>> = Object.freeze({
  sacrum: 1,
  lesion: 2,
  sacral_canal: 3,
  foramen_S1_left: 4,
  foramen_S1_right: 5,
  foramen_S2_left: 6,
  foramen_S2_right: 7,
  foramen_S3_left: 8,
  foramen_S3_right: 9,
  foramen_S4_left: 10,
  foramen_S4_right: 11,
  L5: 12,
  hip_left: 13,
  hip_right: 14,
  femur_left: 15,
  femur_right: 16,
  L4: 17,
});

/** The names every segmentation output must carry (contract `segment`). */
export const REQUIRED_LABEL_NAMES: readonly string[] = [
  'sacrum',
  'lesion',
  'sacral_canal',
  ...FORAMEN_LEVELS.flatMap((l) => [foramenName(l, 'left'), foramenName(l, 'right')]),
  'L5',
  'hip_left',
  'hip_right',
];

/** The neural structures whose clearance matters for needles, heat and cement. */
export const NEURAL_LABEL_NAMES: readonly string[] = REQUIRED_LABEL_NAMES.filter(
  (n) => n === 'sacral_canal' || n.startsWith('foramen_'),
);

/** The whole bones of the map (not the canal, foramina or lesion inside the sacrum). */
export const BONE_LABEL_NAMES: readonly string[] = [
  'sacrum',
  'L5',
  'L4',
  'hip_left',
  'hip_right',
  'femur_left',
  'femur_right',
];

/** sRGB display colours (0-255), chosen to be told apart on a grey CT. */
export const LABEL_COLOURS: Readonly<Record<string, readonly [number, number, number]>> = Object.freeze({
  sacrum: [241, 214, 145],
  lesion: [220, 40, 40],
  sacral_canal: [60, 120, 255],
  foramen_S1_left: [0, 200, 255],
  foramen_S1_right: [0, 160, 220],
  foramen_S2_left: [0, 220, 170],
  foramen_S2_right: [0, 180, 140],
  foramen_S3_left: [120, 230, 80],
  foramen_S3_right: [90, 190, 60],
  foramen_S4_left: [230, 230, 40],
  foramen_S4_right: [200, 200, 30],
  L5: [170, 110, 220],
  hip_left: [230, 150, 90],
  hip_right: [200, 120, 70],
  femur_left: [150, 150, 200],
  femur_right: [120, 120, 180],
  L4: [140, 90, 190],
});

/** Colour of a label name, grey for names without an assigned colour. */
export function labelColour(name: string): readonly [number, number, number] {
  return LABEL_COLOURS[name] ?? [180, 180, 180];
}
