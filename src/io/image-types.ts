/** What image readers return and what writers take. */
import type { ProgressFn } from '../core/progress.js';
import type { TypedArray, Volume } from '../core/volume.js';

/** An image of any voxel type (CT readers keep Int16 when the rescaled values fit). */
export type ImageVolume = Volume<TypedArray>;

export type ImageFormat = 'nifti' | 'nrrd' | 'mha' | 'dicom';

/** One DICOM series found while scanning a folder. */
export interface SeriesSummary {
  uid: string;
  modality: string;
  description: string;
  /** Slices (or frames) that will form the volume. */
  slices: number;
  files: number;
  chosen: boolean;
}

export interface ImageInfo {
  format: ImageFormat;
  /** DICOM Modality when known ('CT', 'MR', ...); 'unknown' for formats that do not say. */
  modality: string;
  description?: string;
  /** DICOM only: every series found in the folder, and how many files were skipped. */
  series?: SeriesSummary[];
  skippedFiles?: number;
  transferSyntaxes?: string[];
  /** Things the user should know (e.g. gantry tilt corrected, MR instead of CT). */
  warnings: string[];
}

export interface ReadImageOptions {
  /** DICOM folder: SeriesInstanceUID to read instead of the CT series with the most slices. */
  seriesUid?: string;
  onProgress?: ProgressFn;
  /** Refuse images with more voxels than this before allocating (default 2^31 - 1). */
  maxVoxels?: number;
}

export interface ReadImageResult {
  volume: ImageVolume;
  info: ImageInfo;
}

/** Default ceiling on voxels, checked from headers before any allocation. */
export const DEFAULT_MAX_VOXELS = 2 ** 31 - 1;
