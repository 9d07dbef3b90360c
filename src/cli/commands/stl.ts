/** `sacroguide stl LABELMAP --out OUT`: STL surfaces of label-map structures (LPS mm). */
import { readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Command } from '../command.js';
import { optNumber, optString } from '../args.js';
import { InputError } from '../../core/errors.js';
import type { Volume } from '../../core/volume.js';
import { readImage } from '../../io/read-image-node.js';
import { parseLabelsJson } from '../../io/labels-json.js';
import { encodeStl } from '../../io/stl.js';
import { writeFilesAtomic } from '../../io/atomic-write-node.js';
import { labelSurface } from '../../mesh/label-surface.js';

async function labelNames(
  labelMapPath: string,
  explicit: string | undefined,
): Promise<Record<string, number> | null> {
  const path = explicit ?? join(dirname(labelMapPath), 'labels.json');
  try {
    await stat(path);
  } catch {
    if (explicit) throw new InputError('no such file', { file: explicit }, 'NOT_FOUND');
    return null;
  }
  return parseLabelsJson(await readFile(path, 'utf8'), path);
}

export const stlCommand: Command = {
  spec: {
    name: 'stl',
    summary:
      'Write STL surfaces of label-map structures: marching cubes (tetrahedral form, watertight) and Taubin ' +
      'smoothing; coordinates in patient LPS mm (header says SPACE=LPS), as 3D Slicer reads them.',
    usage: 'stl LABELMAP --out OUT [--label NAME] [--labels labels.json] [--smooth N]',
    positionals: [
      { name: 'LABELMAP', description: 'label map (NIfTI/NRRD/MHA), e.g. labels.nii.gz from segment' },
    ],
    options: [
      {
        name: 'out',
        type: 'string',
        value: 'OUT',
        required: true,
        description: 'an .stl file (with --label) or a folder (one <name>.stl per structure)',
      },
      {
        name: 'label',
        type: 'string',
        value: 'NAME',
        repeatable: true,
        description: 'structure name (or value) to export; default all',
      },
      {
        name: 'labels',
        type: 'string',
        value: 'FILE',
        description: 'labels.json with the names (default: the one beside LABELMAP)',
      },
      {
        name: 'smooth',
        type: 'integer',
        value: 'N',
        description: 'Taubin smoothing iterations (default 10, 0 = none)',
      },
    ],
    examples: [
      'sacroguide stl seg/labels.nii.gz --label sacrum --out sacrum.stl',
      'sacroguide stl seg/labels.nii.gz --out meshes/',
    ],
  },
  async run(args) {
    const [input] = args.positionals;
    const out = optString(args, 'out') as string;
    const { volume } = await readImage(input);
    const labels = Uint8Array.from(volume.data as ArrayLike<number>);
    if (!(volume.data instanceof Uint8Array) && labels.some((v, i) => v !== volume.data[i])) {
      throw new InputError('is not a label map (values must be integers 0-255)', { file: input });
    }
    const map: Volume<Uint8Array> = { ...volume, data: labels };
    const names = (await labelNames(input, optString(args, 'labels'))) ?? {};
    const present = new Set(labels);
    present.delete(0);
    const byValue = new Map<number, string>([...present].map((v) => [v, `label_${v}`]));
    for (const [name, v] of Object.entries(names)) if (present.has(v)) byValue.set(v, name);
    const requested = (args.options.label as string[] | undefined) ?? [];
    const chosen = requested.length
      ? requested.map((r) => {
          const value = names[r] ?? (/^\d+$/.test(r) ? Number(r) : NaN);
          if (!present.has(value)) {
            throw new InputError(
              `has no structure "${r}" (present: ${[...byValue.values()].join(', ') || 'none'})`,
              { file: input },
            );
          }
          return value;
        })
      : [...byValue.keys()];
    const single = out.toLowerCase().endsWith('.stl');
    if (single && chosen.length !== 1) {
      throw new InputError(
        'an .stl output holds one structure: give exactly one --label, or a folder',
        { field: '--out' },
        'BAD_OPTION',
      );
    }
    const iterations = optNumber(args, 'smooth') ?? 10;
    const files = chosen.map((value) => {
      const name = byValue.get(value) as string;
      const mesh = labelSurface(map, value, { smoothIterations: iterations });
      return { path: single ? out : join(out, `${name}.stl`), data: encodeStl(mesh, name) };
    });
    await writeFilesAtomic(files);
    return 0;
  },
};
