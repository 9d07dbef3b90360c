/**
 * Checks of edit parameters, shared by every refinement operation. A bad value throws an
 * InputError naming the field, which the server answers with 400 and the same text.
 */
import { InputError } from '../../core/errors.js';
import type { Vec3 } from '../../core/vec.js';
import type { Grid, LabelMap, TypedArray, Volume } from '../../core/volume.js';
import { sameGrid, voxelCount } from '../../core/volume.js';

/** Value of the label called `name` in the map's label table. */
export function labelValue(labels: LabelMap, name: string): number {
  const value = Object.hasOwn(labels.labels, name) ? labels.labels[name] : undefined;
  if (value === undefined) {
    const known = Object.keys(labels.labels).join(', ');
    throw new InputError(`unknown label "${name}" (known: ${known})`, { field: 'label' }, 'NOT_FOUND');
  }
  return value;
}

/** A label value an edit may write: an integer 1..255. */
export function checkLabel(value: number, field = 'label'): number {
  if (!Number.isInteger(value) || value < 1 || value > 255) {
    throw new InputError(`${value} is not a label value (an integer 1-255)`, { field });
  }
  return value;
}

export function checkPoint(p: Vec3, field: string): Vec3 {
  if (!Array.isArray(p) || p.length !== 3 || !p.every((x) => typeof x === 'number' && Number.isFinite(x))) {
    throw new InputError(`${JSON.stringify(p)} is not an LPS point [x, y, z] in mm`, { field });
  }
  return p;
}

export function checkPositive(x: number, field: string): number {
  if (typeof x !== 'number' || !Number.isFinite(x) || !(x > 0)) {
    throw new InputError(`${x} must be a positive number`, { field });
  }
  return x;
}

export function checkHuRange(minHu: number, maxHu: number): void {
  if (typeof minHu !== 'number' || Number.isNaN(minHu))
    throw new InputError(`${minHu} is not a number`, { field: 'minHu' });
  if (typeof maxHu !== 'number' || Number.isNaN(maxHu))
    throw new InputError(`${maxHu} is not a number`, { field: 'maxHu' });
  if (minHu > maxHu) throw new InputError(`minHu ${minHu} is above maxHu ${maxHu}`, { field: 'minHu' });
}

/** The CT an edit reads must lie on the label map's grid. */
export function checkSameGrid(labels: LabelMap, ct: Volume<TypedArray>): void {
  if (!sameGrid(labels, ct) || ct.data.length !== voxelCount(labels)) {
    throw new InputError(
      `the CT grid (${ct.dims.join('x')}) is not the label map grid (${labels.dims.join('x')})`,
      { field: 'ct' },
    );
  }
}

/** 256-entry table: 1 for the label values an edit must not overwrite. */
export function protectTable(protect: readonly number[] | undefined): Uint8Array {
  const table = new Uint8Array(256);
  for (const v of protect ?? []) {
    if (!Number.isInteger(v) || v < 0 || v > 255) {
      throw new InputError(`${v} is not a label value (an integer 0-255)`, { field: 'protect' });
    }
    table[v] = 1;
  }
  return table;
}

/** Flat index of the voxel nearest to an LPS point; throws when it lies outside the grid. */
export function voxelAt(grid: Grid, ijk: Vec3, field: string): number {
  const i = Math.round(ijk[0]);
  const j = Math.round(ijk[1]);
  const k = Math.round(ijk[2]);
  const [nx, ny, nz] = grid.dims;
  if (i < 0 || i >= nx || j < 0 || j >= ny || k < 0 || k >= nz) {
    throw new InputError(`point at voxel (${i}, ${j}, ${k}) is outside the ${nx}x${ny}x${nz} grid`, {
      field,
    });
  }
  return i + nx * (j + ny * k);
}
