/**
 * One reused bit set, one bit per voxel, for edits that walk a region of a huge map (region
 * growing): allocating and zeroing a map-sized array per edit would cost more than the edit.
 * Callers must clear the bits they set before returning, so the set is all zeros between
 * edits. JavaScript runs one edit at a time per thread, so one set is enough.
 */
let bits = new Uint32Array(0);

/** An all-zero bit set of at least `voxels` bits. */
export function visitedBits(voxels: number): Uint32Array {
  const words = Math.ceil(voxels / 32);
  if (bits.length < words) bits = new Uint32Array(words);
  return bits;
}
