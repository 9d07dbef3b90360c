/**
 * What SacroGuide needs of one DICOM object: identity (series, modality), pixel format,
 * and per-frame geometry and rescale, from classic attributes or from the functional groups
 * of an Enhanced (multi-frame) object.
 */
import { InputError } from '../../core/errors.js';
import type { Vec3 } from '../../core/vec.js';
import {
  firstItem,
  numberValues,
  stringValue,
  uint16Value,
  UNDEFINED_LENGTH,
  type DicomDataset,
  type ParsedDicom,
} from './parse.js';
import { TAG, tagName } from './tags.js';

export interface DicomObjectInfo {
  path: string;
  transferSyntax: string;
  modality: string;
  sopClassUid: string;
  studyUid: string;
  seriesUid: string;
  seriesNumber: string;
  seriesDescription: string;
  frameOfReferenceUid: string;
  acquisitionNumber: string;
  instanceNumber: number;
  imageType: string;
  rows: number;
  columns: number;
  frames: number;
  samplesPerPixel: number;
  bitsAllocated: number;
  bitsStored: number;
  pixelRepresentation: number;
  /** Image orientation per frame: row (i) and column (j) unit vectors in LPS; null if absent. */
  orientation: ([Vec3, Vec3] | null)[];
  /** Position of the first voxel per frame (LPS mm); null if absent. */
  positions: (Vec3 | null)[];
  /** [spacing along i (between columns), spacing along j (between rows)] mm, or null. */
  pixelSpacing: [number, number] | null;
  sliceThickness: number | null;
  spacingBetweenSlices: number | null;
  /** Rescale slope/intercept per frame. */
  rescale: { slope: number; intercept: number }[];
  /** Native pixel data place in the file (or in the inflated dataset). */
  pixelData: { offset: number; length: number } | null;
  encapsulated: boolean;
  /** The dataset bytes are not the file bytes (deflated syntax): pixels come from `bytes`. */
  inflatedBytes: Uint8Array | null;
  bigEndian: boolean;
}

function vec3(a: number[]): Vec3 | null {
  return a.length >= 3 && a.slice(0, 3).every(Number.isFinite) ? [a[0], a[1], a[2]] : null;
}

function orientationOf(ds: DicomDataset | undefined): [Vec3, Vec3] | null {
  if (!ds) return null;
  const v = numberValues(ds, TAG.ImageOrientationPatient);
  if (v.length < 6 || !v.slice(0, 6).every(Number.isFinite)) return null;
  const r = vec3(v.slice(0, 3));
  const c = vec3(v.slice(3, 6));
  if (!r || !c) return null;
  const nr = Math.hypot(...r);
  const nc = Math.hypot(...c);
  if (nr < 1e-6 || nc < 1e-6) return null;
  return [
    [r[0] / nr, r[1] / nr, r[2] / nr],
    [c[0] / nc, c[1] / nc, c[2] / nc],
  ];
}

function rescaleOf(ds: DicomDataset | undefined): { slope: number; intercept: number } | null {
  if (!ds) return null;
  const s = numberValues(ds, TAG.RescaleSlope);
  const i = numberValues(ds, TAG.RescaleIntercept);
  if (!s.length && !i.length) return null;
  const slope = s.length && Number.isFinite(s[0]) && s[0] !== 0 ? s[0] : 1;
  const intercept = i.length && Number.isFinite(i[0]) ? i[0] : 0;
  return { slope, intercept };
}

function spacingOf(ds: DicomDataset | undefined): [number, number] | null {
  if (!ds) return null;
  const v = numberValues(ds, TAG.PixelSpacing);
  if (v.length >= 2 && v[0] > 0 && v[1] > 0) return [v[1], v[0]];
  return null;
}

/** Extracts the object description; InputError when the pixel format is unusable. */
export function dicomObjectInfo(parsed: ParsedDicom, path: string): DicomObjectInfo {
  const ds = parsed.dataset;
  const rows = uint16Value(ds, TAG.Rows) ?? 0;
  const columns = uint16Value(ds, TAG.Columns) ?? 0;
  const framesText = numberValues(ds, TAG.NumberOfFrames);
  const frames = framesText.length && framesText[0] > 0 ? Math.round(framesText[0]) : 1;
  const pd = ds.elements.get(TAG.PixelData);
  if (!pd) {
    const other = ds.elements.has(TAG.FloatPixelData) || ds.elements.has(TAG.DoubleFloatPixelData);
    throw new InputError(other ? 'float pixel data is not supported' : 'no pixel data: not an image', {
      file: path,
      tag: tagName(TAG.PixelData),
    });
  }
  if (!rows || !columns)
    throw new InputError('Rows or Columns missing or zero', { file: path, tag: tagName(TAG.Rows) });
  const shared = firstItem(ds, TAG.SharedFunctionalGroupsSequence);
  const perFrame = ds.elements.get(TAG.PerFrameFunctionalGroupsSequence)?.items ?? [];
  const sharedOrientation =
    orientationOf(firstItem(shared, TAG.PlaneOrientationSequence)) ?? orientationOf(ds);
  const sharedRescale = rescaleOf(firstItem(shared, TAG.PixelValueTransformationSequence)) ?? rescaleOf(ds);
  const measures = firstItem(shared, TAG.PixelMeasuresSequence);
  let pixelSpacing = spacingOf(measures) ?? spacingOf(ds);
  let thickness = measures ? numberValues(measures, TAG.SliceThickness)[0] : undefined;
  thickness ??= numberValues(ds, TAG.SliceThickness)[0];
  let between = measures ? numberValues(measures, TAG.SpacingBetweenSlices)[0] : undefined;
  between ??= numberValues(ds, TAG.SpacingBetweenSlices)[0];
  const orientation: ([Vec3, Vec3] | null)[] = [];
  const positions: (Vec3 | null)[] = [];
  const rescale: { slope: number; intercept: number }[] = [];
  for (let f = 0; f < frames; f++) {
    const pf = perFrame[f];
    orientation.push(orientationOf(firstItem(pf, TAG.PlaneOrientationSequence)) ?? sharedOrientation);
    const pos = firstItem(pf, TAG.PlanePositionSequence);
    positions.push(
      vec3(numberValues(pos ?? ds, TAG.ImagePositionPatient)) ??
        (f === 0 ? vec3(numberValues(ds, TAG.ImagePositionPatient)) : null),
    );
    rescale.push(
      rescaleOf(firstItem(pf, TAG.PixelValueTransformationSequence)) ??
        sharedRescale ?? { slope: 1, intercept: 0 },
    );
    if (f === 0 && !pixelSpacing) pixelSpacing = spacingOf(firstItem(pf, TAG.PixelMeasuresSequence));
  }
  const encapsulated = pd.length === UNDEFINED_LENGTH;
  return {
    path,
    transferSyntax: parsed.transferSyntax,
    modality: stringValue(ds, TAG.Modality) || 'unknown',
    sopClassUid: stringValue(ds, TAG.SOPClassUID),
    studyUid: stringValue(ds, TAG.StudyInstanceUID),
    seriesUid: stringValue(ds, TAG.SeriesInstanceUID),
    seriesNumber: stringValue(ds, TAG.SeriesNumber),
    seriesDescription: stringValue(ds, TAG.SeriesDescription),
    frameOfReferenceUid: stringValue(ds, TAG.FrameOfReferenceUID),
    acquisitionNumber: stringValue(ds, TAG.AcquisitionNumber),
    instanceNumber: numberValues(ds, TAG.InstanceNumber)[0] ?? 0,
    imageType: stringValue(ds, TAG.ImageType),
    rows,
    columns,
    frames,
    samplesPerPixel: uint16Value(ds, TAG.SamplesPerPixel) ?? 1,
    bitsAllocated: uint16Value(ds, TAG.BitsAllocated) ?? 16,
    bitsStored: uint16Value(ds, TAG.BitsStored) ?? uint16Value(ds, TAG.BitsAllocated) ?? 16,
    pixelRepresentation: uint16Value(ds, TAG.PixelRepresentation) ?? 0,
    orientation,
    positions,
    pixelSpacing,
    sliceThickness: thickness !== undefined && thickness > 0 ? thickness : null,
    spacingBetweenSlices: between !== undefined && between > 0 ? between : null,
    rescale,
    pixelData: encapsulated ? null : { offset: pd.offset, length: pd.length },
    encapsulated,
    inflatedBytes: parsed.inflated ? parsed.dataset.bytes : null,
    bigEndian: !parsed.dataset.littleEndian,
  };
}
