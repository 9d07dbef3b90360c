/**
 * A CT plane through a point, as an RGB picture with the label map blended on top, for the
 * printable summary. Sampled in world space (nearest voxel), so any grid orientation, oblique
 * included, comes out in the display convention radiologists read:
 * - axial: seen from the feet, patient right on the image left (+x LPS to the right), anterior up;
 * - coronal: seen from the front, patient right on the image left, superior up;
 * - sagittal: seen from the patient's left, anterior on the image left, superior up.
 */
import type { Vec3 } from '../../core/vec.js';
import type { LabelMap, TypedArray, Volume } from '../../core/volume.js';
import { applyWorldToIndex, gridBoundsLps, worldToIndexMap } from '../../core/geometry.js';

export type Plane = 'axial' | 'coronal' | 'sagittal';

export interface SliceRenderOptions {
  plane: Plane;
  centerLps: Vec3;
  labels: LabelMap | null;
  /** Display colour (sRGB 0-255) of each label value. */
  colours: ReadonlyMap<number, readonly [number, number, number]>;
  /** Grey window: HU at the centre and full width. */
  window: { centerHu: number; widthHu: number };
  /** Label opacity, 0..1. */
  alpha: number;
  /** Longest side of the picture in pixels (the image is resampled to it, nearest voxel). */
  maxPixels: number;
}

export interface SliceImage {
  width: number;
  height: number;
  /** RGB samples, rows top to bottom. */
  rgb: Uint8Array;
}

/** World axes (LPS index) of image columns and rows, with their signs, and the plane's normal. */
const AXES: Record<Plane, { col: [number, number]; row: [number, number]; normal: number }> = {
  axial: { col: [0, 1], row: [1, 1], normal: 2 },
  coronal: { col: [0, 1], row: [2, -1], normal: 1 },
  sagittal: { col: [1, 1], row: [2, -1], normal: 0 },
};

/** Patient direction letters of the negative and positive ends of each LPS axis. */
const AXIS_LETTERS: readonly (readonly [string, string])[] = [
  ['R', 'L'],
  ['A', 'P'],
  ['I', 'S'],
];

/** The orientation letters at the four edges of a rendered plane (from the same axes as the pixels). */
export function sliceSides(plane: Plane): { left: string; right: string; top: string; bottom: string } {
  const { col, row } = AXES[plane];
  const [colLow, colHigh] = AXIS_LETTERS[col[0]];
  const [rowLow, rowHigh] = AXIS_LETTERS[row[0]];
  const [left, right] = col[1] > 0 ? [colLow, colHigh] : [colHigh, colLow];
  const [top, bottom] = row[1] > 0 ? [rowLow, rowHigh] : [rowHigh, rowLow];
  return { left, right, top, bottom };
}

export function renderOrthogonalSlice(ct: Volume<TypedArray>, options: SliceRenderOptions): SliceImage {
  const { col, row, normal } = AXES[options.plane];
  const [lo, hi] = gridBoundsLps(ct);
  const spanCol = hi[col[0]] - lo[col[0]];
  const spanRow = hi[row[0]] - lo[row[0]];
  const pixelMm =
    Math.max(spanCol, spanRow) / Math.max(1, options.maxPixels - 1) || Math.min(...ct.spacingMm);
  const width = Math.max(1, Math.round(spanCol / pixelMm) + 1);
  const height = Math.max(1, Math.round(spanRow / pixelMm) + 1);
  const rgb = new Uint8Array(width * height * 3);
  const w2i = worldToIndexMap(ct);
  const [nx, ny, nz] = ct.dims;
  const low = options.window.centerHu - options.window.widthHu / 2;
  const scale = 255 / options.window.widthHu;
  const labels = options.labels?.data ?? null;
  const a = Math.min(1, Math.max(0, options.alpha));
  const p: [number, number, number] = [0, 0, 0];
  p[normal] = options.centerLps[normal];
  for (let r = 0; r < height; r++) {
    p[row[0]] = row[1] > 0 ? lo[row[0]] + r * pixelMm : hi[row[0]] - r * pixelMm;
    for (let c = 0; c < width; c++) {
      p[col[0]] = col[1] > 0 ? lo[col[0]] + c * pixelMm : hi[col[0]] - c * pixelMm;
      const ijk = applyWorldToIndex(w2i, p);
      const i = Math.round(ijk[0]);
      const j = Math.round(ijk[1]);
      const k = Math.round(ijk[2]);
      const o = 3 * (r * width + c);
      if (i < 0 || j < 0 || k < 0 || i >= nx || j >= ny || k >= nz) continue;
      const idx = i + nx * (j + ny * k);
      const g = Math.min(255, Math.max(0, (ct.data[idx] - low) * scale));
      let red = g;
      let green = g;
      let blue = g;
      const colour = labels && labels[idx] ? options.colours.get(labels[idx]) : undefined;
      if (colour) {
        red = (1 - a) * g + a * colour[0];
        green = (1 - a) * g + a * colour[1];
        blue = (1 - a) * g + a * colour[2];
      }
      rgb[o] = red;
      rgb[o + 1] = green;
      rgb[o + 2] = blue;
    }
  }
  return { width, height, rgb };
}
