/** A plain description of an image for `info` and the server: geometry, orientation, range. */
import { dataRange, voxelCount, type TypedArray } from '../core/volume.js';
import { gridBoundsLps, orientationCode, isAxisAligned } from '../core/geometry.js';
import type { ImageInfo, ImageVolume } from './image-types.js';

export interface ImageDescription {
  input: string;
  format: string;
  modality: string;
  dims: number[];
  spacing_mm: number[];
  origin_lps: number[];
  /** Row-major 3x3, columns = i, j, k axes in LPS. */
  direction: number[];
  orientation: string;
  oblique: boolean;
  voxel_type: string;
  voxels: number;
  bounds_lps: { min: number[]; max: number[] };
  value_range: [number, number];
  series?: ImageInfo['series'];
  skipped_files?: number;
  transfer_syntaxes?: string[];
  warnings: string[];
}

function typeName(a: TypedArray): string {
  return a.constructor.name.replace('Array', '').toLowerCase();
}

const r6 = (v: number) => Math.round(v * 1e6) / 1e6;

export function describeImage(input: string, vol: ImageVolume, info: ImageInfo): ImageDescription {
  const [lo, hi] = gridBoundsLps(vol);
  return {
    input,
    format: info.format,
    modality: info.modality,
    dims: [...vol.dims],
    spacing_mm: vol.spacingMm.map(r6),
    origin_lps: vol.originLps.map(r6),
    direction: vol.direction.map(r6),
    orientation: orientationCode(vol),
    oblique: !isAxisAligned(vol),
    voxel_type: typeName(vol.data),
    voxels: voxelCount(vol),
    bounds_lps: { min: lo.map(r6), max: hi.map(r6) },
    value_range: dataRange(vol.data),
    ...(info.series ? { series: info.series } : {}),
    ...(info.skippedFiles !== undefined ? { skipped_files: info.skippedFiles } : {}),
    ...(info.transferSyntaxes ? { transfer_syntaxes: info.transferSyntaxes } : {}),
    warnings: info.warnings,
  };
}

export function formatImageDescription(d: ImageDescription): string {
  const f = (a: number[], digits = 3) => a.map((v) => v.toFixed(digits)).join(', ');
  const lines = [
    `${d.input}`,
    `  format      ${d.format}${d.modality !== 'unknown' ? ` (${d.modality})` : ''}`,
    `  dims        ${d.dims.join(' x ')} (${d.voxels.toLocaleString('en-US')} voxels, ${d.voxel_type})`,
    `  spacing     ${f(d.spacing_mm)} mm`,
    `  origin LPS  ${f(d.origin_lps, 2)} mm`,
    `  orientation ${d.orientation}${d.oblique ? ' (oblique)' : ''}; direction columns i, j, k in LPS:`,
    `              [${f(d.direction.slice(0, 3), 4)}]`,
    `              [${f(d.direction.slice(3, 6), 4)}]`,
    `              [${f(d.direction.slice(6, 9), 4)}]`,
    `  bounds LPS  ${f(d.bounds_lps.min, 1)} .. ${f(d.bounds_lps.max, 1)} mm`,
    `  values      ${d.value_range[0]} .. ${d.value_range[1]}`,
  ];
  if (d.series?.length) {
    lines.push(
      `  series      ${d.series.length} found${d.skipped_files ? `, ${d.skipped_files} non-DICOM files skipped` : ''}:`,
    );
    for (const s of d.series) {
      lines.push(
        `    ${s.chosen ? '*' : ' '} ${s.uid || '(no UID)'}  ${s.modality}  ${s.slices} slices  ${s.description}`,
      );
    }
  }
  if (d.transfer_syntaxes?.length) lines.push(`  transfer    ${d.transfer_syntaxes.join(', ')}`);
  return lines.join('\n');
}
