/**
 * The image type every module takes and returns: voxels in a flat typed array plus the grid
 * that places them in patient space. World space is DICOM patient LPS, millimetres.
 */
import type { Mat3, Vec3 } from './vec.js';

export type TypedArray =
  Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array;

/** A regular grid in LPS: world(ijk) = originLps + direction · diag(spacingMm) · ijk. */
export interface Grid {
  /** Voxel counts along i (fastest), j, k. */
  readonly dims: Vec3;
  readonly spacingMm: Vec3;
  /** LPS position of the centre of voxel (0, 0, 0). */
  readonly originLps: Vec3;
  /** Columns: the i, j, k unit axes in LPS (row-major Mat3). */
  readonly direction: Mat3;
}

/** Voxel data on a grid. data[i + nx * (j + ny * k)]. */
export interface Volume<T extends TypedArray = Float32Array> extends Grid {
  readonly data: T;
}

/** An integer label map that carries the names of its labels (0 = background). */
export interface LabelMap extends Volume<Uint8Array> {
  readonly labels: Readonly<Record<string, number>>;
}

export function voxelCount(grid: Grid): number {
  return grid.dims[0] * grid.dims[1] * grid.dims[2];
}

/** Volume of one voxel in millilitres. */
export function voxelVolumeMl(grid: Grid): number {
  return (grid.spacingMm[0] * grid.spacingMm[1] * grid.spacingMm[2]) / 1000;
}

/** Only the geometry of a volume (drops the data reference). */
export function gridOf(grid: Grid): Grid {
  return {
    dims: [...grid.dims] as unknown as Vec3,
    spacingMm: [...grid.spacingMm] as unknown as Vec3,
    originLps: [...grid.originLps] as unknown as Vec3,
    direction: [...grid.direction] as unknown as Mat3,
  };
}

/** A volume on `grid` holding `data`; checks that the length matches the dims. */
export function makeVolume<T extends TypedArray>(grid: Grid, data: T): Volume<T> {
  const n = voxelCount(grid);
  if (data.length !== n) {
    throw new RangeError(`volume data has ${data.length} values, grid ${grid.dims.join('x')} needs ${n}`);
  }
  return { ...gridOf(grid), data };
}

/** A zero-filled volume of the given array constructor on `grid`. */
export function emptyVolume<T extends TypedArray>(grid: Grid, ctor: new (length: number) => T): Volume<T> {
  return makeVolume(grid, new ctor(voxelCount(grid)));
}

/** A label map on `grid` (zero-filled unless data is given). */
export function makeLabelMap(
  grid: Grid,
  labels: Record<string, number>,
  data: Uint8Array = new Uint8Array(voxelCount(grid)),
): LabelMap {
  return { ...makeVolume(grid, data), labels: { ...labels } };
}

/** True when two grids are the same within a tolerance (mm for positions, unitless for cosines). */
export function sameGrid(a: Grid, b: Grid, toleranceMm = 1e-3): boolean {
  for (let d = 0; d < 3; d++) {
    if (a.dims[d] !== b.dims[d]) return false;
    if (Math.abs(a.spacingMm[d] - b.spacingMm[d]) > toleranceMm) return false;
    if (Math.abs(a.originLps[d] - b.originLps[d]) > toleranceMm) return false;
  }
  for (let m = 0; m < 9; m++) if (Math.abs(a.direction[m] - b.direction[m]) > 1e-4) return false;
  return true;
}

/** Minimum and maximum of the data (NaN-free input assumed). */
export function dataRange(data: TypedArray): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}
