import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { decodeNifti, encodeNifti } from './nifti.js';
import { readNifti, writeNifti } from './nifti-node.js';
import { transformIndexToWorld } from '../core/geometry.js';
import { makeVolume, type Grid } from '../core/volume.js';
import { fromColumns, normalize, cross, type Mat3, type Vec3 } from '../core/vec.js';
import { InputError } from '../core/errors.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'sg-nifti-'));

const oblique = (() => {
  const a = normalize([0.9, 0.3, 0.1]);
  const b0 = normalize([-0.2, 0.8, 0.4]);
  const c = normalize(cross(a, b0));
  const b = cross(c, a);
  return fromColumns(a, b, c);
})();

const ORIENTATIONS: Record<string, Mat3> = {
  LPS: [1, 0, 0, 0, 1, 0, 0, 0, 1],
  // RAS voxel axes: +i to patient right (-x), +j anterior (-y), +k superior
  RAS: [-1, 0, 0, 0, -1, 0, 0, 0, 1],
  // PIR: +i posterior, +j inferior, +k right
  PIR: fromColumns([0, 1, 0], [0, 0, -1], [-1, 0, 0]),
  oblique,
};

function testVolume(direction: Mat3): ReturnType<typeof makeVolume<Int16Array>> {
  const grid: Grid = {
    dims: [5, 4, 3],
    spacingMm: [0.7, 1.3, 2.5],
    originLps: [-12.5, 30.25, 101],
    direction,
  };
  const data = new Int16Array(60);
  for (let i = 0; i < 60; i++) data[i] = i * 37 - 1000;
  return makeVolume(grid, data);
}

describe('NIfTI round trip', () => {
  for (const [name, dir] of Object.entries(ORIENTATIONS)) {
    it(`keeps voxels and world positions in ${name}`, async () => {
      const vol = testVolume(dir);
      const path = join(tmp(), `v.nii.gz`);
      await writeNifti(path, vol);
      const back = (await readNifti(path)).volume;
      expect(Array.from(back.data)).toEqual(Array.from(vol.data));
      expect(back.data).toBeInstanceOf(Int16Array);
      for (const ijk of [
        [0, 0, 0],
        [4, 3, 2],
        [2.5, 1, 0.5],
      ] as Vec3[]) {
        const a = transformIndexToWorld(vol, ijk);
        const b = transformIndexToWorld(back, ijk);
        for (let d = 0; d < 3; d++) expect(b[d]).toBeCloseTo(a[d], 3);
      }
    });
  }

  it('writes a RAS sform that maps voxel 0 to the negated LPS origin (NIfTI standard)', () => {
    const vol = testVolume(ORIENTATIONS.LPS);
    const bytes = encodeNifti(vol, { gzip: false });
    const dv = new DataView(bytes.buffer, bytes.byteOffset);
    // srow_x[3], srow_y[3], srow_z[3]
    expect(dv.getFloat32(280 + 12, true)).toBeCloseTo(12.5, 5);
    expect(dv.getFloat32(296 + 12, true)).toBeCloseTo(-30.25, 5);
    expect(dv.getFloat32(312 + 12, true)).toBeCloseTo(101, 5);
    // srow_x[0] = -spacing_x for LPS i axis
    expect(dv.getFloat32(280, true)).toBeCloseTo(-0.7, 6);
    expect(dv.getInt16(252, true)).toBe(1);
    expect(dv.getInt16(254, true)).toBe(1);
  });

  it('reads the qform when only the qform is set (sform_code 0)', () => {
    for (const dir of Object.values(ORIENTATIONS)) {
      const vol = testVolume(dir);
      const bytes = encodeNifti(vol, { gzip: false });
      new DataView(bytes.buffer, bytes.byteOffset).setInt16(254, 0, true);
      const back = decodeNifti(bytes).volume;
      const a = transformIndexToWorld(vol, [4, 3, 2]);
      const b = transformIndexToWorld(back, [4, 3, 2]);
      for (let d = 0; d < 3; d++) expect(b[d]).toBeCloseTo(a[d], 3);
    }
  });

  it('applies scl_slope/scl_inter and ignores a NaN slope', () => {
    const vol = testVolume(ORIENTATIONS.LPS);
    const bytes = encodeNifti(vol, { gzip: false });
    const dv = new DataView(bytes.buffer, bytes.byteOffset);
    dv.setFloat32(112, 2, true);
    dv.setFloat32(116, -5, true);
    const scaled = decodeNifti(bytes).volume;
    expect(scaled.data[3]).toBe(vol.data[3] * 2 - 5);
    dv.setFloat32(112, NaN, true);
    expect(decodeNifti(bytes).volume.data[3]).toBe(vol.data[3]);
  });

  it('reads big-endian files', () => {
    const vol = testVolume(ORIENTATIONS.RAS);
    const le = encodeNifti(vol, { gzip: false });
    const be = le.slice();
    const src = new DataView(le.buffer, le.byteOffset);
    const dst = new DataView(be.buffer, be.byteOffset);
    dst.setInt32(0, 348, false);
    for (let i = 0; i < 8; i++) dst.setInt16(40 + 2 * i, src.getInt16(40 + 2 * i, true), false);
    for (const o of [70, 72, 252, 254]) dst.setInt16(o, src.getInt16(o, true), false);
    for (let o = 76; o < 120; o += 4) dst.setFloat32(o, src.getFloat32(o, true), false);
    for (let o = 256; o < 328; o += 4) dst.setFloat32(o, src.getFloat32(o, true), false);
    for (let i = 0; i < 60; i++) dst.setInt16(352 + 2 * i, src.getInt16(352 + 2 * i, true), false);
    const back = decodeNifti(be).volume;
    expect(Array.from(back.data)).toEqual(Array.from(vol.data));
    expect(back.direction.map((v) => Math.round(v))).toEqual([-1, 0, 0, 0, -1, 0, 0, 0, 1]);
  });
});

describe('NIfTI bad input', () => {
  it('refuses a truncated .nii.gz naming the file', async () => {
    const dir = tmp();
    const vol = testVolume(ORIENTATIONS.LPS);
    const full = gzipSync(Buffer.from(encodeNifti(vol, { gzip: false })));
    const path = join(dir, 'cut.nii.gz');
    writeFileSync(path, full.subarray(0, Math.floor(full.length / 2)));
    const err = await readNifti(path).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(err.where.file).toBe(path);
    expect(err.message).toMatch(/truncated/);
  });

  it('refuses a header claiming 10^12 voxels before allocating', async () => {
    const dir = tmp();
    const bytes = encodeNifti(testVolume(ORIENTATIONS.LPS), { gzip: false });
    const dv = new DataView(bytes.buffer, bytes.byteOffset);
    dv.setInt16(42, 10000, true);
    dv.setInt16(44, 10000, true);
    dv.setInt16(46, 10000, true);
    const path = join(dir, 'huge.nii.gz');
    writeFileSync(path, gzipSync(Buffer.from(bytes)));
    const err = await readNifti(path).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toMatch(/1\.00e\+12 voxels/);
  });

  it('refuses a non-NIfTI file', () => {
    expect(() => decodeNifti(new Uint8Array(400), { file: 'x.nii' })).toThrow(/not a NIfTI/);
  });

  it('reads the example CT: sform only, NaN slope, RAS int32', async () => {
    const path = join(__dirname, '..', '..', 'data', 'example_ct', 'ct.nii.gz');
    const { volume } = await readNifti(path);
    expect(volume.dims).toEqual([122, 101, 112]);
    expect(volume.data).toBeInstanceOf(Int32Array);
    expect(volume.spacingMm.map((s) => Math.round(s * 1000) / 1000)).toEqual([3, 3, 3]);
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of volume.data) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    expect([lo, hi]).toEqual([-1207, 3382]);
    // RAS voxel axes -> LPS direction has -1 on x and y
    expect(volume.direction[0]).toBeCloseTo(-1, 5);
    expect(volume.direction[4]).toBeCloseTo(-1, 5);
    expect(readFileSync(path).length).toBeGreaterThan(0);
  });
});
