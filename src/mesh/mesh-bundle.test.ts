import { describe, expect, it } from 'vitest';
import { decodeMeshBundle, encodeMeshBundle, MESH_BUNDLE_MAGIC } from './mesh-bundle.js';

const triangle = {
  positionsLps: new Float32Array([0, 0, 0, 1.5, 0, 0, 0, -2.25, 3]),
  triangles: new Uint32Array([0, 1, 2]),
};
const quad = {
  positionsLps: new Float32Array([0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0]),
  triangles: new Uint32Array([0, 1, 2, 0, 2, 3]),
};

describe('mesh bundle', () => {
  it('writes the documented layout: magic, version, padded JSON header, then the arrays', () => {
    const bytes = encodeMeshBundle({
      space: 'ras',
      revision: 7,
      meshes: [{ name: 'sacrum', mesh: triangle }],
    });
    const view = new DataView(bytes.buffer);
    expect(view.getUint32(0, true)).toBe(MESH_BUNDLE_MAGIC);
    expect(String.fromCharCode(...bytes.subarray(0, 4))).toBe('SMSH');
    expect(view.getUint32(4, true)).toBe(1);
    const headerBytes = view.getUint32(8, true);
    expect(headerBytes % 4).toBe(0);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + headerBytes)));
    expect(header).toEqual({
      space: 'ras',
      revision: 7,
      meshes: [{ name: 'sacrum', vertices: 3, triangles: 1 }],
    });
    expect(bytes.length).toBe(12 + headerBytes + 9 * 4 + 3 * 4);
    expect(view.getFloat32(12 + headerBytes + 4 * 7, true)).toBe(-2.25);
    expect(view.getUint32(12 + headerBytes + 36 + 8, true)).toBe(2);
  });

  it('reads back names, order, positions and triangles exactly (views, not copies)', () => {
    const bytes = encodeMeshBundle({
      space: 'lps',
      revision: 3,
      meshes: [
        { name: 'foramen_S1_left', mesh: triangle },
        { name: 'L5', mesh: quad },
      ],
    });
    const bundle = decodeMeshBundle(bytes);
    expect(bundle.space).toBe('lps');
    expect(bundle.revision).toBe(3);
    expect(bundle.meshes.map((m) => m.name)).toEqual(['foramen_S1_left', 'L5']);
    expect([...bundle.meshes[0].mesh.positionsLps]).toEqual([...triangle.positionsLps]);
    expect([...bundle.meshes[1].mesh.triangles]).toEqual([...quad.triangles]);
    expect(bundle.meshes[1].mesh.positionsLps.buffer).toBe(bytes.buffer);
  });

  it('reads an empty bundle and a bundle at an odd offset in a larger buffer', () => {
    expect(decodeMeshBundle(encodeMeshBundle({ space: 'ras', revision: 1, meshes: [] })).meshes).toEqual([]);
    const bytes = encodeMeshBundle({ space: 'ras', revision: 1, meshes: [{ name: 'é', mesh: quad }] });
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    const bundle = decodeMeshBundle(shifted.subarray(1));
    expect(bundle.meshes[0].name).toBe('é');
    expect([...bundle.meshes[0].mesh.positionsLps]).toEqual([...quad.positionsLps]);
  });

  it('refuses foreign, other-version and truncated bytes', () => {
    const bytes = encodeMeshBundle({ space: 'ras', revision: 1, meshes: [{ name: 'L4', mesh: quad }] });
    expect(() => decodeMeshBundle(new Uint8Array(8))).toThrow(/too short/);
    const foreign = bytes.slice();
    foreign[0] = 0;
    expect(() => decodeMeshBundle(foreign)).toThrow(/magic/);
    const later = bytes.slice();
    later[4] = 2;
    expect(() => decodeMeshBundle(later)).toThrow(/version 2/);
    expect(() => decodeMeshBundle(bytes.subarray(0, bytes.length - 4))).toThrow(/"L4" is truncated/);
  });
});
