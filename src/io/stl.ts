/**
 * Binary STL of a mesh. Coordinates are written in patient LPS millimetres, as 3D Slicer
 * (4.11 and later) expects; the 80-byte header says so ("SPACE=LPS").
 */
import type { Mesh } from '../mesh/mesh.js';

export function encodeStl(mesh: Mesh, name: string): Uint8Array {
  const count = mesh.triangles.length / 3;
  const out = new Uint8Array(84 + 50 * count);
  const header = `SacroGuide ${name} SPACE=LPS units=mm`.slice(0, 80);
  for (let i = 0; i < header.length; i++) out[i] = header.charCodeAt(i) & 0x7f;
  const view = new DataView(out.buffer);
  view.setUint32(80, count, true);
  const p = mesh.positionsLps;
  const t = mesh.triangles;
  let o = 84;
  for (let f = 0; f < t.length; f += 3) {
    const a = 3 * t[f],
      b = 3 * t[f + 1],
      c = 3 * t[f + 2];
    const ux = p[b] - p[a],
      uy = p[b + 1] - p[a + 1],
      uz = p[b + 2] - p[a + 2];
    const vx = p[c] - p[a],
      vy = p[c + 1] - p[a + 1],
      vz = p[c + 2] - p[a + 2];
    let nx = uy * vz - uz * vy,
      ny = uz * vx - ux * vz,
      nz = ux * vy - uy * vx;
    const l = Math.hypot(nx, ny, nz) || 1;
    nx /= l;
    ny /= l;
    nz /= l;
    for (const v of [
      nx,
      ny,
      nz,
      p[a],
      p[a + 1],
      p[a + 2],
      p[b],
      p[b + 1],
      p[b + 2],
      p[c],
      p[c + 1],
      p[c + 2],
    ]) {
      view.setFloat32(o, v, true);
      o += 4;
    }
    o += 2; // attribute byte count
  }
  return out;
}

/** Reads a binary STL back (tests and tools): positions per triangle corner, not welded. */
export function decodeStl(bytes: Uint8Array): { header: string; trianglesLps: Float32Array } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.getUint32(80, true);
  if (bytes.length !== 84 + 50 * count)
    throw new RangeError(`STL of ${bytes.length} bytes cannot hold ${count} triangles`);
  const tri = new Float32Array(9 * count);
  for (let f = 0; f < count; f++)
    for (let q = 0; q < 9; q++) tri[9 * f + q] = view.getFloat32(84 + 50 * f + 12 + 4 * q, true);
  return { header: String.fromCharCode(...bytes.subarray(0, 80)).replace(/\0+$/, ''), trianglesLps: tri };
}
