/** Small fixed-size linear algebra for patient-space geometry (no allocation-heavy classes). */

/** A point or vector, e.g. LPS millimetres or continuous voxel indices. */
export type Vec3 = readonly [number, number, number];

/**
 * 3x3 matrix, row-major: m[3 * row + col]. For a volume's direction matrix the columns are the
 * unit vectors of the i, j and k voxel axes in LPS (ITK / DICOM convention).
 */
export type Mat3 = readonly [number, number, number, number, number, number, number, number, number];

/** 4x4 matrix, row-major: m[4 * row + col]; acts on column vectors [x, y, z, 1]. */
export type Mat4 = readonly number[];

export const IDENTITY3: Mat3 = [1, 0, 0, 0, 1, 0, 0, 0, 1];

export function add(a: Vec3, b: Vec3): Vec3 {
  return [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
}

export function sub(a: Vec3, b: Vec3): Vec3 {
  return [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
}

export function scale(a: Vec3, s: number): Vec3 {
  return [a[0] * s, a[1] * s, a[2] * s];
}

export function dot(a: Vec3, b: Vec3): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

export function cross(a: Vec3, b: Vec3): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

export function norm(a: Vec3): number {
  return Math.hypot(a[0], a[1], a[2]);
}

export function distance(a: Vec3, b: Vec3): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}

/** Unit vector along a; throws on a zero vector (callers check for user input first). */
export function normalize(a: Vec3): Vec3 {
  const n = norm(a);
  if (!(n > 0)) throw new RangeError('cannot normalise a zero-length vector');
  return [a[0] / n, a[1] / n, a[2] / n];
}

/** Column c of a Mat3. */
export function column(m: Mat3, c: number): Vec3 {
  return [m[c], m[3 + c], m[6 + c]];
}

/** Builds a Mat3 whose columns are a, b, c. */
export function fromColumns(a: Vec3, b: Vec3, c: Vec3): Mat3 {
  return [a[0], b[0], c[0], a[1], b[1], c[1], a[2], b[2], c[2]];
}

export function mat3MulVec(m: Mat3, v: Vec3): Vec3 {
  return [
    m[0] * v[0] + m[1] * v[1] + m[2] * v[2],
    m[3] * v[0] + m[4] * v[1] + m[5] * v[2],
    m[6] * v[0] + m[7] * v[1] + m[8] * v[2],
  ];
}

export function mat3Mul(a: Mat3, b: Mat3): Mat3 {
  const r = new Array<number>(9);
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      r[3 * i + j] = a[3 * i] * b[j] + a[3 * i + 1] * b[3 + j] + a[3 * i + 2] * b[6 + j];
    }
  }
  return r as unknown as Mat3;
}

export function transpose3(m: Mat3): Mat3 {
  return [m[0], m[3], m[6], m[1], m[4], m[7], m[2], m[5], m[8]];
}

export function det3(m: Mat3): number {
  return (
    m[0] * (m[4] * m[8] - m[5] * m[7]) -
    m[1] * (m[3] * m[8] - m[5] * m[6]) +
    m[2] * (m[3] * m[7] - m[4] * m[6])
  );
}

/** Inverse of a 3x3 matrix; throws RangeError when singular. */
export function invert3(m: Mat3): Mat3 {
  const d = det3(m);
  if (!Number.isFinite(d) || Math.abs(d) < 1e-12) throw new RangeError('singular 3x3 matrix');
  const inv = [
    m[4] * m[8] - m[5] * m[7],
    m[2] * m[7] - m[1] * m[8],
    m[1] * m[5] - m[2] * m[4],
    m[5] * m[6] - m[3] * m[8],
    m[0] * m[8] - m[2] * m[6],
    m[2] * m[3] - m[0] * m[5],
    m[3] * m[7] - m[4] * m[6],
    m[1] * m[6] - m[0] * m[7],
    m[0] * m[4] - m[1] * m[3],
  ];
  return inv.map((x) => x / d) as unknown as Mat3;
}

/** 4x4 row-major product a·b. */
export function mat4Mul(a: Mat4, b: Mat4): number[] {
  const r = new Array<number>(16).fill(0);
  for (let i = 0; i < 4; i++) {
    for (let j = 0; j < 4; j++) {
      let s = 0;
      for (let k = 0; k < 4; k++) s += a[4 * i + k] * b[4 * k + j];
      r[4 * i + j] = s;
    }
  }
  return r;
}

/** Applies a 4x4 row-major affine to a point. */
export function mat4MulPoint(m: Mat4, p: Vec3): Vec3 {
  return [
    m[0] * p[0] + m[1] * p[1] + m[2] * p[2] + m[3],
    m[4] * p[0] + m[5] * p[1] + m[6] * p[2] + m[7],
    m[8] * p[0] + m[9] * p[1] + m[10] * p[2] + m[11],
  ];
}

/** Inverse of a 4x4 affine (last row 0 0 0 1). */
export function invertAffine4(m: Mat4): number[] {
  const r: Mat3 = [m[0], m[1], m[2], m[4], m[5], m[6], m[8], m[9], m[10]];
  const ri = invert3(r);
  const t = mat3MulVec(ri, [m[3], m[7], m[11]]);
  return [ri[0], ri[1], ri[2], -t[0], ri[3], ri[4], ri[5], -t[1], ri[6], ri[7], ri[8], -t[2], 0, 0, 0, 1];
}
