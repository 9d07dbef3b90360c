/**
 * Structure surfaces of each study's label map, made in the surface pool and kept in memory by
 * structure version (label-store-node.ts): after an edit only the structures it touched are
 * meshed again, and a reload, the STL export and the 3D view share the same meshes. Requests
 * for a surface already being made wait for it instead of making it twice.
 */
import { InputError } from '../core/errors.js';
import type { Mesh } from '../mesh/index.js';
import type { LabelStore } from './label-store-node.js';
import type { StudyStore } from './study-store-node.js';
import type { SurfacePool } from './surface-pool-node.js';

/** Surfaces for the 3D view: blocks of voxels no finer than this (labelSurface `minSpacingMm`). */
export const DISPLAY_SPACING_MM = 1.5;
/** Mesh bytes kept in memory over all studies (least recently used dropped first). */
const CACHE_BYTES = 256 * 1024 * 1024;

export interface StructureSurfaces {
  /** The label map revision the surfaces are of. */
  revision: number;
  /** In the order asked; `mesh` is null for an empty structure. */
  surfaces: { name: string; mesh: Mesh | null }[];
}

interface Entry {
  mesh: Promise<Mesh>;
  bytes: number;
}

export class SurfaceStore {
  private readonly cache = new Map<string, Entry>();
  private cachedBytes = 0;

  constructor(
    private readonly stores: { studies: StudyStore; labels: LabelStore },
    private readonly pool: SurfacePool,
  ) {}

  /**
   * Surfaces of the named structures (all of them when `names` is absent) at the current
   * revision, LPS mm; `minSpacingMm` 0 = on the map's own voxels (exports), DISPLAY_SPACING_MM
   * for the 3D view. Unknown names are a 400 naming the field `names`.
   */
  async surfaces(
    id: string,
    options: { names?: string[]; minSpacingMm: number },
  ): Promise<StructureSurfaces> {
    const study = await this.stores.studies.get(id);
    const info = await this.stores.labels.versions(id);
    const names = options.names ?? Object.keys(info.table);
    for (const n of names)
      if (!Object.hasOwn(info.table, n))
        throw new InputError(`unknown structure "${n}" (known: ${Object.keys(info.table).join(', ')})`, {
          field: 'names',
        });
    const keyOf = (name: string, version: number) =>
      `${id}/${study.created}/${name}/${version}/${options.minSpacingMm}`;
    let revision = info.revision;
    let versions = info.versions;
    let voxels = info.voxels;
    const missing = names.filter((n) => voxels[n] > 0 && !this.cache.has(keyOf(n, versions[n])));
    if (missing.length > 0) {
      // one copy of the map in shared memory for every worker; the map may have moved on since
      const snapshot = await this.stores.labels.labelMap(id, { shared: true });
      ({ revision, versions, voxels } = snapshot);
      const todo = names
        .filter((n) => voxels[n] > 0 && !this.cache.has(keyOf(n, versions[n])))
        .sort((a, b) => voxels[b] - voxels[a]); // the largest first: they finish last otherwise
      const map = { grid: snapshot.labels, data: snapshot.labels.data, snapshot: this.pool.newSnapshot() };
      for (const name of todo) {
        const mesh = this.pool.surface(map, {
          value: snapshot.labels.labels[name],
          minSpacingMm: options.minSpacingMm,
        });
        this.remember(keyOf(name, versions[name]), mesh);
      }
    }
    const surfaces = await Promise.all(
      names.map(async (name) => {
        if (!(voxels[name] > 0)) return { name, mesh: null };
        const key = keyOf(name, versions[name]);
        const entry = this.cache.get(key) as Entry;
        this.cache.delete(key); // most recently used last
        this.cache.set(key, entry);
        const mesh = await entry.mesh;
        return { name, mesh: mesh.triangles.length > 0 ? mesh : null };
      }),
    );
    return { revision, surfaces };
  }

  /** Readies the workers (surface-pool-node.ts `warm`). */
  warm(): void {
    this.pool.warm();
  }

  private remember(key: string, mesh: Promise<Mesh>): void {
    const entry: Entry = { mesh, bytes: 0 };
    this.cache.set(key, entry);
    mesh.then(
      (m) => {
        if (this.cache.get(key) !== entry) return;
        entry.bytes = m.positionsLps.byteLength + m.triangles.byteLength;
        this.cachedBytes += entry.bytes;
        for (const [k, e] of this.cache) {
          if (this.cachedBytes <= CACHE_BYTES || k === key) break;
          this.cache.delete(k);
          this.cachedBytes -= e.bytes;
        }
      },
      () => {
        if (this.cache.get(key) === entry) this.cache.delete(key); // the next request tries again
      },
    );
  }
}
