/**
 * Several named, indexed triangle meshes in one binary message: what the workstation's 3D view
 * loads in one request (`GET /api/studies/:id/surfaces`) instead of one STL per structure.
 * Shared vertices (STL repeats each one about six times) keep it near a third of the STL size
 * and let the viewer shade the surfaces smoothly.
 *
 * Layout, little-endian:
 * ```
 * u32 magic 0x48534d53 ("SMSH")   u32 version (1)   u32 n = byte length of the JSON header
 * JSON header, UTF-8, padded with spaces to a multiple of 4 bytes:
 *   { "space": "lps" | "ras", "revision": 7, "meshes": [{ "name", "vertices", "triangles" }] }
 * then per mesh, in header order: f32 x y z per vertex (mm), u32 a b c per triangle
 * ```
 * Every block starts on a 4-byte boundary, so the decoder returns views, not copies (little-endian
 * hosts only, which every supported platform is).
 */
import type { Mesh } from './mesh.js';

export const MESH_BUNDLE_MAGIC = 0x48534d53;
export const MESH_BUNDLE_VERSION = 1;

export type MeshSpace = 'lps' | 'ras';

export interface NamedMesh {
  readonly name: string;
  /** Positions in the bundle's space (named `positionsLps` for the Mesh type; see `space`). */
  readonly mesh: Mesh;
}

export interface MeshBundle {
  /** `lps`: patient LPS mm; `ras`: x and y negated (NIfTI world, as NiiVue draws). */
  readonly space: MeshSpace;
  /** The label map revision the meshes were made from. */
  readonly revision: number;
  readonly meshes: readonly NamedMesh[];
}

interface BundleHeader {
  space: MeshSpace;
  revision: number;
  meshes: { name: string; vertices: number; triangles: number }[];
}

/** The bytes of a bundle (one copy of every mesh's arrays). */
export function encodeMeshBundle(bundle: MeshBundle): Uint8Array {
  checkLittleEndian();
  const header: BundleHeader = {
    space: bundle.space,
    revision: bundle.revision,
    meshes: bundle.meshes.map(({ name, mesh }) => ({
      name,
      vertices: mesh.positionsLps.length / 3,
      triangles: mesh.triangles.length / 3,
    })),
  };
  let json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 4) * 4;
  if (padded !== json.length) {
    const p = new Uint8Array(padded).fill(0x20);
    p.set(json);
    json = p;
  }
  let size = 12 + padded;
  for (const { mesh } of bundle.meshes) size += 4 * (mesh.positionsLps.length + mesh.triangles.length);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  view.setUint32(0, MESH_BUNDLE_MAGIC, true);
  view.setUint32(4, MESH_BUNDLE_VERSION, true);
  view.setUint32(8, padded, true);
  out.set(json, 12);
  let offset = 12 + padded;
  for (const { mesh } of bundle.meshes)
    for (const values of [mesh.positionsLps, mesh.triangles]) {
      out.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), offset);
      offset += values.byteLength;
    }
  return out;
}

/**
 * A bundle read back from its bytes; the meshes' arrays are views into `bytes` when it is
 * 4-byte aligned (a copy is made otherwise). Throws on a foreign or truncated message.
 */
export function decodeMeshBundle(bytes: Uint8Array): MeshBundle {
  checkLittleEndian();
  const aligned = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
  if (aligned.length < 12) throw new RangeError(`mesh bundle: ${aligned.length} bytes is too short`);
  const view = new DataView(aligned.buffer, aligned.byteOffset, aligned.byteLength);
  if (view.getUint32(0, true) !== MESH_BUNDLE_MAGIC) throw new RangeError('mesh bundle: bad magic number');
  const version = view.getUint32(4, true);
  if (version !== MESH_BUNDLE_VERSION)
    throw new RangeError(`mesh bundle: version ${version}, expected ${MESH_BUNDLE_VERSION}`);
  const headerBytes = view.getUint32(8, true);
  if (12 + headerBytes > aligned.length) throw new RangeError('mesh bundle: truncated header');
  const header = JSON.parse(new TextDecoder().decode(aligned.subarray(12, 12 + headerBytes))) as BundleHeader;
  let offset = aligned.byteOffset + 12 + headerBytes;
  const end = aligned.byteOffset + aligned.byteLength;
  const meshes = header.meshes.map(({ name, vertices, triangles }) => {
    const needed = 12 * (vertices + triangles);
    if (offset + needed > end) throw new RangeError(`mesh bundle: "${name}" is truncated`);
    const positions = new Float32Array(aligned.buffer, offset, 3 * vertices);
    offset += 12 * vertices;
    const tris = new Uint32Array(aligned.buffer, offset, 3 * triangles);
    offset += 12 * triangles;
    return { name, mesh: { positionsLps: positions, triangles: tris } };
  });
  return { space: header.space, revision: header.revision, meshes };
}

/** Every platform the workstation runs on (x86, ARM) is little-endian; the bytes are the arrays'. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

function checkLittleEndian(): void {
  if (!LITTLE_ENDIAN) throw new Error('mesh bundles need a little-endian host');
}
