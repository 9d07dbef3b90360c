/** A triangle surface in patient LPS millimetres (counter-clockwise seen from outside). */
export interface Mesh {
  /** x, y, z per vertex, LPS mm. */
  readonly positionsLps: Float32Array;
  /** Three vertex indices per triangle. */
  readonly triangles: Uint32Array;
}

/** Enclosed volume (mL) by the divergence theorem; positive for outward-facing triangles. */
export function meshVolumeMl(mesh: Mesh): number {
  const p = mesh.positionsLps;
  const t = mesh.triangles;
  let v6 = 0;
  for (let f = 0; f < t.length; f += 3) {
    const a = 3 * t[f];
    const b = 3 * t[f + 1];
    const c = 3 * t[f + 2];
    v6 +=
      p[a] * (p[b + 1] * p[c + 2] - p[b + 2] * p[c + 1]) -
      p[a + 1] * (p[b] * p[c + 2] - p[b + 2] * p[c]) +
      p[a + 2] * (p[b] * p[c + 1] - p[b + 1] * p[c]);
  }
  return v6 / 6 / 1000;
}

/** Number of edges used by exactly one triangle (0 for a closed, watertight surface). */
export function openEdgeCount(mesh: Mesh): number {
  const counts = new Map<string, number>();
  const t = mesh.triangles;
  for (let f = 0; f < t.length; f += 3) {
    for (let e = 0; e < 3; e++) {
      const a = t[f + e];
      const b = t[f + ((e + 1) % 3)];
      const key = a < b ? `${a},${b}` : `${b},${a}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  let open = 0;
  for (const c of counts.values()) if (c === 1) open++;
  return open;
}
