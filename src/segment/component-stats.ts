/** Size, centroid and bounding box (LPS mm, axis-aligned working grid) of labelled components. */
import type { Grid } from '../core/volume.js';

export interface ComponentStats {
  id: number;
  count: number;
  volumeMl: number;
  centroid: [number, number, number];
  min: [number, number, number];
  max: [number, number, number];
}

/** Stats of every component id in `ids` (1..maxId), for a working grid (direction = identity). */
export function componentStats(grid: Grid, ids: Int32Array, maxId: number): ComponentStats[] {
  const [nx, ny, nz] = grid.dims;
  const [sx, sy, sz] = grid.spacingMm;
  const [ox, oy, oz] = grid.originLps;
  const out: ComponentStats[] = [];
  for (let id = 0; id <= maxId; id++) {
    out.push({
      id,
      count: 0,
      volumeMl: 0,
      centroid: [0, 0, 0],
      min: [Infinity, Infinity, Infinity],
      max: [-Infinity, -Infinity, -Infinity],
    });
  }
  let idx = 0;
  for (let k = 0; k < nz; k++) {
    const z = oz + k * sz;
    for (let j = 0; j < ny; j++) {
      const y = oy + j * sy;
      for (let i = 0; i < nx; i++, idx++) {
        const id = ids[idx];
        if (!id) continue;
        const s = out[id];
        const x = ox + i * sx;
        s.count++;
        s.centroid[0] += x;
        s.centroid[1] += y;
        s.centroid[2] += z;
        if (x < s.min[0]) s.min[0] = x;
        if (x > s.max[0]) s.max[0] = x;
        if (y < s.min[1]) s.min[1] = y;
        if (y > s.max[1]) s.max[1] = y;
        if (z < s.min[2]) s.min[2] = z;
        if (z > s.max[2]) s.max[2] = z;
      }
    }
  }
  const voxelMl = (sx * sy * sz) / 1000;
  for (const s of out) {
    if (s.count) for (let d = 0; d < 3; d++) s.centroid[d] /= s.count;
    s.volumeMl = s.count * voxelMl;
  }
  return out.slice(1).filter((s) => s.count > 0);
}
