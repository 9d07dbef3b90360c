/**
 * Grouping DICOM objects into series and a series' frames into a regular 3D grid.
 * Frames are ordered by their position along the slice normal (row x column direction),
 * never by file name or InstanceNumber; the k spacing comes from those positions.
 */
import { InputError } from '../../core/errors.js';
import { cross, dot, sub, normalize, type Mat3, type Vec3 } from '../../core/vec.js';
import type { Grid } from '../../core/volume.js';
import type { SeriesSummary } from '../image-types.js';
import type { DicomObjectInfo } from './frame-info.js';
import { TAG, tagName } from './tags.js';

export interface DicomFrame {
  object: DicomObjectInfo;
  /** Frame number inside the object (0 for single-frame files). */
  frame: number;
  position: Vec3 | null;
  orientation: [Vec3, Vec3] | null;
}

export interface DicomSeries {
  /** SeriesInstanceUID, or a key built from other attributes when the UID is empty. */
  uid: string;
  modality: string;
  description: string;
  objects: DicomObjectInfo[];
  frames: DicomFrame[];
}

const r3 = (v: number) => Math.round(v * 1000) / 1000;

/** Groups objects by SeriesInstanceUID (or by study/series number/frame of reference/size). */
export function groupSeries(objects: readonly DicomObjectInfo[]): DicomSeries[] {
  const groups = new Map<string, DicomSeries>();
  for (const o of objects) {
    const key =
      o.seriesUid ||
      [
        'nouid',
        o.studyUid,
        o.seriesNumber,
        o.frameOfReferenceUid,
        o.modality,
        o.seriesDescription,
        o.rows,
        o.columns,
        o.orientation[0]?.flat().map(r3).join('/') ?? '',
      ].join('|');
    let g = groups.get(key);
    if (!g) {
      g = {
        uid: o.seriesUid,
        modality: o.modality,
        description: o.seriesDescription,
        objects: [],
        frames: [],
      };
      groups.set(key, g);
    }
    g.objects.push(o);
    for (let f = 0; f < o.frames; f++) {
      g.frames.push({ object: o, frame: f, position: o.positions[f], orientation: o.orientation[f] });
    }
  }
  return [...groups.values()];
}

/** The series to read: the given UID, else the CT series with the most frames (else any). */
export function chooseSeries(series: readonly DicomSeries[], file: string, uid?: string): DicomSeries {
  if (series.length === 0) throw new InputError('no DICOM image found', { file });
  if (uid !== undefined) {
    const s = series.find((x) => x.uid === uid);
    if (!s) {
      throw new InputError(
        `no series with SeriesInstanceUID ${uid}; found: ${series.map((x) => x.uid || '(no UID)').join(', ')}`,
        { file, field: '--series' },
      );
    }
    return s;
  }
  const score = (s: DicomSeries) => (s.modality === 'CT' ? 1e9 : 0) + s.frames.length;
  return [...series].sort((a, b) => score(b) - score(a))[0];
}

export function summarize(series: readonly DicomSeries[], chosen: DicomSeries): SeriesSummary[] {
  return series.map((s) => ({
    uid: s.uid,
    modality: s.modality,
    description: s.description,
    slices: s.frames.length,
    files: s.objects.length,
    chosen: s === chosen,
  }));
}

/** How each output slice k is made from the sorted frames. */
export interface SliceSource {
  /** Sorted frames (index = stack position). */
  frames: DicomFrame[];
  /** Regular: output slice k = frames[k]. Otherwise interpolation plan per output slice. */
  regular: boolean;
  /** Per output slice: lower frame index, weight of the upper frame, and in-plane shift (pixels). */
  plan?: { lower: number; upperWeight: number }[];
  /** Per sorted frame: in-plane offset (i, j) in pixels of its first voxel against frame 0. */
  shiftsIj?: [number, number][];
}

export interface SeriesGeometry {
  grid: Grid;
  source: SliceSource;
  warnings: string[];
}

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Builds the LPS grid of a series and how its frames fill it. */
export function seriesGeometry(series: DicomSeries): SeriesGeometry {
  const warnings: string[] = [];
  let frames = series.frames;
  const first = frames[0].object;
  const [ps0, ps1] = first.pixelSpacing ?? [1, 1];
  if (!first.pixelSpacing) warnings.push('no PixelSpacing (0028,0030): 1 mm pixels assumed');
  if (frames.some((f) => f.object.rows !== first.rows || f.object.columns !== first.columns)) {
    const n = frames.length;
    frames = frames.filter((f) => f.object.rows === first.rows && f.object.columns === first.columns);
    warnings.push(
      `${n - frames.length} frames of another size (not ${first.columns}x${first.rows}) were left out`,
    );
  }
  const orientation = frames.find((f) => f.orientation)?.orientation ?? null;
  const missingPos = frames.filter((f) => !f.position || !f.orientation);
  if (frames.length === 1 || !orientation || missingPos.length > 0) {
    if (frames.length > 1 && (missingPos.length > 0 || !orientation)) {
      const f = missingPos[0] ?? frames[0];
      const singleObject = series.objects.length === 1;
      if (!singleObject) {
        throw new InputError(
          'no ImagePositionPatient/ImageOrientationPatient: the slices of this series cannot be ordered',
          {
            file: f.object.path,
            tag: tagName(f.position ? TAG.ImageOrientationPatient : TAG.ImagePositionPatient),
          },
        );
      }
    }
  }
  let row: Vec3 = [1, 0, 0];
  let col: Vec3 = [0, 1, 0];
  if (orientation) {
    row = normalize(orientation[0]);
    col = normalize(orientation[1]);
  } else {
    warnings.push('no ImageOrientationPatient (0020,0037): identity orientation assumed');
  }
  const normal = normalize(cross(row, col));
  // frames with another orientation are left out
  const sameOrientation = frames.filter(
    (f) => !f.orientation || (dot(f.orientation[0], row) > 0.9999 && dot(f.orientation[1], col) > 0.9999),
  );
  if (sameOrientation.length < frames.length) {
    warnings.push(`${frames.length - sameOrientation.length} frames with another orientation were left out`);
    frames = sameOrientation;
  }
  const direction: Mat3 = [row[0], col[0], normal[0], row[1], col[1], normal[1], row[2], col[2], normal[2]];
  const dims2: [number, number] = [first.columns, first.rows];
  if (frames.length === 1 || frames.every((f) => !f.position)) {
    // one frame, or a multi-frame object without per-frame positions
    const pos = frames[0].position;
    if (!pos) warnings.push('no ImagePositionPatient (0020,0032): origin (0, 0, 0) assumed');
    const dz = first.spacingBetweenSlices ?? first.sliceThickness ?? 1;
    if (frames.length > 1)
      warnings.push(`frames have no positions: stacked ${dz} mm apart along the slice normal`);
    return {
      grid: {
        dims: [dims2[0], dims2[1], frames.length],
        spacingMm: [ps0, ps1, dz],
        originLps: pos ?? [0, 0, 0],
        direction,
      },
      source: { frames, regular: true },
      warnings,
    };
  }
  const withD = frames.map((f) => ({ f, d: dot(f.position as Vec3, normal) })).sort((a, b) => a.d - b.d);
  // duplicate positions: two acquisitions in one series
  for (let s = 1; s < withD.length; s++) {
    if (Math.abs(withD[s].d - withD[s - 1].d) < 1e-3) {
      const a = withD[s - 1].f.object;
      const b = withD[s].f.object;
      throw new InputError(
        `two slices at the same position (${withD[s].d.toFixed(2)} mm along the normal; also in ${b.path}): ` +
          'the series holds overlapping acquisitions, which cannot form one volume',
        { file: a.path, tag: tagName(TAG.ImagePositionPatient) },
      );
    }
  }
  frames = withD.map((x) => x.f);
  const ds = withD.map((x) => x.d);
  const diffs = ds.slice(1).map((d, i) => d - ds[i]);
  const spacing = median(diffs);
  const p0 = frames[0].position as Vec3;
  const shiftsIj: [number, number][] = frames.map((f) => {
    const off = sub(f.position as Vec3, p0);
    const along = dot(off, normal);
    const inPlane = sub(off, [normal[0] * along, normal[1] * along, normal[2] * along]);
    return [dot(inPlane, row) / ps0, dot(inPlane, col) / ps1];
  });
  const sheared = shiftsIj.some(([a, b]) => Math.abs(a) > 0.01 || Math.abs(b) > 0.01);
  const tol = Math.max(0.02, 0.01 * spacing);
  const uneven = diffs.some((d) => Math.abs(d - spacing) > tol);
  const grid: Grid = {
    dims: [dims2[0], dims2[1], frames.length],
    spacingMm: [ps0, ps1, spacing],
    originLps: p0,
    direction,
  };
  if (!sheared && !uneven) return { grid, source: { frames, regular: true }, warnings };
  const total = ds[ds.length - 1] - ds[0];
  const nk = Math.max(1, Math.round(total / spacing) + 1);
  const plan: { lower: number; upperWeight: number }[] = [];
  let lower = 0;
  for (let k = 0; k < nk; k++) {
    const d = ds[0] + k * spacing;
    while (lower < ds.length - 2 && ds[lower + 1] <= d) lower++;
    const span = ds[lower + 1] - ds[lower];
    const w = span > 0 ? Math.min(1, Math.max(0, (d - ds[lower]) / span)) : 0;
    plan.push({ lower, upperWeight: w });
  }
  if (uneven) {
    warnings.push(
      `uneven slice spacing (${Math.min(...diffs).toFixed(3)}-${Math.max(...diffs).toFixed(3)} mm): ` +
        `resampled to ${spacing.toFixed(3)} mm`,
    );
  }
  if (sheared) {
    const last = frames.length - 1;
    const shiftMm = Math.hypot(shiftsIj[last][0] * ps0, shiftsIj[last][1] * ps1);
    const tiltDeg = (Math.atan2(shiftMm, total) * 180) / Math.PI;
    warnings.push(`gantry tilt of ${tiltDeg.toFixed(2)} deg: slices resampled onto an orthogonal grid`);
  }
  return {
    grid: { ...grid, dims: [dims2[0], dims2[1], nk] },
    source: { frames, regular: false, plan, shiftsIj },
    warnings,
  };
}
