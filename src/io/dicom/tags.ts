/** DICOM tags read by SacroGuide: (group << 16 | element), with names for error messages. */
export const TAG = {
  TransferSyntaxUID: 0x00020010,
  ImageType: 0x00080008,
  SOPClassUID: 0x00080016,
  SOPInstanceUID: 0x00080018,
  StudyDate: 0x00080020,
  Modality: 0x00080060,
  SeriesDescription: 0x0008103e,
  PatientName: 0x00100010,
  PatientID: 0x00100020,
  SliceThickness: 0x00180050,
  SpacingBetweenSlices: 0x00180088,
  GantryDetectorTilt: 0x00181120,
  StudyInstanceUID: 0x0020000d,
  SeriesInstanceUID: 0x0020000e,
  SeriesNumber: 0x00200011,
  AcquisitionNumber: 0x00200012,
  InstanceNumber: 0x00200013,
  ImagePositionPatient: 0x00200032,
  ImageOrientationPatient: 0x00200037,
  FrameOfReferenceUID: 0x00200052,
  PlanePositionSequence: 0x00209113,
  PlaneOrientationSequence: 0x00209116,
  SamplesPerPixel: 0x00280002,
  PhotometricInterpretation: 0x00280004,
  NumberOfFrames: 0x00280008,
  Rows: 0x00280010,
  Columns: 0x00280011,
  PixelSpacing: 0x00280030,
  BitsAllocated: 0x00280100,
  BitsStored: 0x00280101,
  HighBit: 0x00280102,
  PixelRepresentation: 0x00280103,
  RescaleIntercept: 0x00281052,
  RescaleSlope: 0x00281053,
  PixelMeasuresSequence: 0x00289110,
  PixelValueTransformationSequence: 0x00289145,
  SharedFunctionalGroupsSequence: 0x52009229,
  PerFrameFunctionalGroupsSequence: 0x52009230,
  PixelData: 0x7fe00010,
  FloatPixelData: 0x7fe00008,
  DoubleFloatPixelData: 0x7fe00009,
  Item: 0xfffee000,
  ItemDelimitation: 0xfffee00d,
  SequenceDelimitation: 0xfffee0dd,
} as const;

/** Tags known to be sequences (needed for implicit VR, where the VR is not in the file). */
export const SEQUENCE_TAGS = new Set<number>([
  TAG.PlanePositionSequence,
  TAG.PlaneOrientationSequence,
  TAG.PixelMeasuresSequence,
  TAG.PixelValueTransformationSequence,
  TAG.SharedFunctionalGroupsSequence,
  TAG.PerFrameFunctionalGroupsSequence,
]);

/** '(0020,0032) ImagePositionPatient' for messages. */
export function tagName(tag: number): string {
  const g = (tag >>> 16).toString(16).toUpperCase().padStart(4, '0');
  const e = (tag & 0xffff).toString(16).toUpperCase().padStart(4, '0');
  const name = Object.entries(TAG).find(([, v]) => v === tag)?.[0];
  return `(${g},${e})${name ? ' ' + name : ''}`;
}

export const TRANSFER_SYNTAX = {
  ImplicitLE: '1.2.840.10008.1.2',
  ExplicitLE: '1.2.840.10008.1.2.1',
  DeflatedLE: '1.2.840.10008.1.2.1.99',
  ExplicitBE: '1.2.840.10008.1.2.2',
} as const;

/** Syntaxes whose pixel data is stored natively (not encapsulated). */
export function isNativeSyntax(uid: string): boolean {
  return (
    uid === TRANSFER_SYNTAX.ImplicitLE ||
    uid === TRANSFER_SYNTAX.ExplicitLE ||
    uid === TRANSFER_SYNTAX.DeflatedLE ||
    uid === TRANSFER_SYNTAX.ExplicitBE
  );
}

const TS_NAMES: Record<string, string> = {
  '1.2.840.10008.1.2': 'Implicit VR Little Endian',
  '1.2.840.10008.1.2.1': 'Explicit VR Little Endian',
  '1.2.840.10008.1.2.1.99': 'Deflated Explicit VR Little Endian',
  '1.2.840.10008.1.2.2': 'Explicit VR Big Endian',
  '1.2.840.10008.1.2.4.50': 'JPEG Baseline',
  '1.2.840.10008.1.2.4.51': 'JPEG Extended',
  '1.2.840.10008.1.2.4.57': 'JPEG Lossless',
  '1.2.840.10008.1.2.4.70': 'JPEG Lossless SV1',
  '1.2.840.10008.1.2.4.80': 'JPEG-LS Lossless',
  '1.2.840.10008.1.2.4.81': 'JPEG-LS Near-Lossless',
  '1.2.840.10008.1.2.4.90': 'JPEG 2000 Lossless',
  '1.2.840.10008.1.2.4.91': 'JPEG 2000',
  '1.2.840.10008.1.2.5': 'RLE Lossless',
};

export function transferSyntaxName(uid: string): string {
  return TS_NAMES[uid] ? `${TS_NAMES[uid]} (${uid})` : uid;
}
