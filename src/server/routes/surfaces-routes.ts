/**
 * Structure surfaces for the workstation's 3D view: `GET /api/studies/:id/surfaces` answers
 * every non-empty structure (or `?names=a,b`) in one binary mesh bundle (src/mesh/mesh-bundle.ts),
 * LPS mm or `?space=ras` for NiiVue, made on blocks of voxels no finer than DISPLAY_SPACING_MM
 * and cached per structure version (surface-store-node.ts). `X-Labels-Revision` and the
 * bundle's header give the label map revision they are of.
 */
import type { FastifyInstance } from 'fastify';
import { InputError } from '../../core/errors.js';
import { encodeMeshBundle, type MeshSpace, type NamedMesh } from '../../mesh/index.js';
import type { Mesh } from '../../mesh/index.js';
import type { AppContext } from '../app-context.js';
import { DISPLAY_SPACING_MM } from '../surface-store-node.js';

type SurfacesRequest = { Params: { id: string }; Querystring: { names?: string; space?: string } };

/** `lps` or `ras` from a query value; anything else is a 400 naming `space`. */
export function parseSpace(value: string | undefined): MeshSpace {
  const space = value ?? 'lps';
  if (space !== 'lps' && space !== 'ras')
    throw new InputError(`"${space}" is not lps or ras`, { field: 'space' });
  return space;
}

/** The mesh in `space`: LPS as made, or a copy with x and y negated (RAS). */
export function meshInSpace(mesh: Mesh, space: MeshSpace): Mesh {
  if (space === 'lps') return mesh;
  const positions = mesh.positionsLps.slice();
  for (let p = 0; p < positions.length; p += 3) {
    positions[p] = -positions[p];
    positions[p + 1] = -positions[p + 1];
  }
  return { positionsLps: positions, triangles: mesh.triangles };
}

export async function surfacesRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.get<SurfacesRequest>('/api/studies/:id/surfaces', async (request, reply) => {
    const space = parseSpace(request.query.space);
    const names = request.query.names?.split(',').filter((n) => n !== '');
    const { revision, surfaces } = await ctx.surfaces.surfaces(request.params.id, {
      names,
      minSpacingMm: DISPLAY_SPACING_MM,
    });
    const meshes: NamedMesh[] = surfaces
      .filter((s): s is { name: string; mesh: Mesh } => s.mesh !== null)
      .map((s) => ({ name: s.name, mesh: meshInSpace(s.mesh, space) }));
    const bytes = encodeMeshBundle({ space, revision, meshes });
    reply.header('Content-Type', 'application/octet-stream');
    reply.header('Cache-Control', 'no-cache');
    reply.header('X-Labels-Revision', String(revision));
    return reply.send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  });
}
