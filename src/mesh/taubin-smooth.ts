/**
 * Taubin λ|μ smoothing (G. Taubin, SIGGRAPH 1995): alternate a shrinking Laplacian step (λ > 0)
 * and an inflating one (μ < -λ), a low-pass filter that removes the voxel staircase without
 * the shrinkage of plain Laplacian smoothing. Umbrella operator with uniform weights.
 */
import type { Mesh } from './mesh.js';

export interface TaubinOptions {
  iterations: number;
  /** Default 0.5. */
  lambda?: number;
  /** Default -0.53 (pass-band k_PB = 1/λ + 1/μ ≈ 0.113). */
  mu?: number;
}

/**
 * Neighbour lists in compressed-row form: neighbours of v are adj[start[v] .. start[v+1]).
 * Every triangle edge is listed both ways, then repeats (an edge of two triangles) dropped.
 */
export function vertexNeighbours(
  vertexCount: number,
  triangles: Uint32Array,
): { start: Int32Array; adj: Int32Array } {
  const start = new Int32Array(vertexCount + 1);
  for (let f = 0; f < triangles.length; f++) start[triangles[f] + 1] += 2;
  for (let v = 0; v < vertexCount; v++) start[v + 1] += start[v];
  const fill = start.slice(0, vertexCount);
  const adj = new Int32Array(start[vertexCount]);
  for (let f = 0; f < triangles.length; f += 3)
    for (let e = 0; e < 3; e++) {
      const a = triangles[f + e];
      const b = triangles[f + ((e + 1) % 3)];
      adj[fill[a]++] = b;
      adj[fill[b]++] = a;
    }
  // drop repeats in place: `seenBy[u] === v` once u is listed for v
  const seenBy = new Int32Array(vertexCount).fill(-1);
  let w = 0;
  let from = 0;
  for (let v = 0; v < vertexCount; v++) {
    const to = start[v + 1];
    start[v] = w;
    for (let q = from; q < to; q++) {
      const u = adj[q];
      if (seenBy[u] === v) continue;
      seenBy[u] = v;
      adj[w++] = u;
    }
    from = to;
  }
  start[vertexCount] = w;
  return { start, adj: adj.subarray(0, w) };
}

/** A smoothed copy of `mesh` (same triangles). */
export function taubinSmooth(mesh: Mesh, options: TaubinOptions): Mesh {
  const n = mesh.positionsLps.length / 3;
  const { start, adj } = vertexNeighbours(n, mesh.triangles);
  const p = Float64Array.from(mesh.positionsLps);
  const delta = new Float64Array(p.length);
  const step = (factor: number): void => {
    for (let v = 0; v < n; v++) {
      const s = start[v];
      const e = start[v + 1];
      if (e === s) continue;
      let x = 0,
        y = 0,
        z = 0;
      for (let q = s; q < e; q++) {
        const w = 3 * adj[q];
        x += p[w];
        y += p[w + 1];
        z += p[w + 2];
      }
      const inv = 1 / (e - s);
      delta[3 * v] = factor * (x * inv - p[3 * v]);
      delta[3 * v + 1] = factor * (y * inv - p[3 * v + 1]);
      delta[3 * v + 2] = factor * (z * inv - p[3 * v + 2]);
    }
    for (let i = 0; i < p.length; i++) p[i] += delta[i];
  };
  const lambda = options.lambda ?? 0.5;
  const mu = options.mu ?? -0.53;
  for (let it = 0; it < options.iterations; it++) {
    step(lambda);
    step(mu);
  }
  return { positionsLps: Float32Array.from(p), triangles: mesh.triangles };
}
