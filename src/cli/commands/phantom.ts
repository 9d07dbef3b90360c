/** `sacroguide phantom --out DIR`: a synthetic pelvis CT with exact ground truth. */
import { rename, rm, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from '../command.js';
import { optFlag, optNumber, optNumbers, optString } from '../args.js';
import { stderrProgress } from '../progress-node.js';
import { InputError } from '../../core/errors.js';
import type { Vec3 } from '../../core/vec.js';
import { makePhantom, parseOrientationCode } from '../../phantom/index.js';
import { encodeNiftiNode } from '../../io/nifti-node.js';
import { formatLabelsJson } from '../../io/labels-json.js';
import { writeFilesAtomic } from '../../io/atomic-write-node.js';
import { writeDicomSeries } from '../../io/dicom/write-dicom-node.js';

function triple(values: number[] | undefined, option: string): Vec3 | undefined {
  if (!values) return undefined;
  if (values.length === 1) return [values[0], values[0], values[0]];
  if (values.length === 3) return [values[0], values[1], values[2]];
  throw new InputError(
    `--${option} takes one value or three (x,y,z), got ${values.length}`,
    { field: `--${option}` },
    'BAD_OPTION',
  );
}

export const phantomCommand: Command = {
  spec: {
    name: 'phantom',
    summary:
      'Write a synthetic pelvis CT (ct.nii.gz, Int16 HU) with the exact label map of every structure of the segment ' +
      'contract (labels.nii.gz, labels.json) and measured ground truth (truth.json: volumes, centroids, lesion, ' +
      'cortical breaches, cement, needle; LPS mm). The same seed gives the same anatomy on any grid.',
    usage: 'phantom --out DIR [--spacing MM] [--lesion] [--cement] [--needle] [--seed N] [--orientation LPS]',
    positionals: [],
    options: [
      { name: 'out', type: 'string', value: 'DIR', required: true, description: 'output folder' },
      {
        name: 'spacing',
        type: 'numbers',
        value: 'MM',
        description: 'voxel size: one value or i,j,k (default 1.5)',
      },
      { name: 'lesion', type: 'flag', description: 'a lytic metastasis in the sacrum breaching its cortex' },
      {
        name: 'cement',
        type: 'flag',
        description: 'cement in the lesion with a small leak (implies --lesion; cement.nii.gz)',
      },
      { name: 'needle', type: 'flag', description: 'an 11 G trocar in the lesion (implies --lesion)' },
      {
        name: 'seed',
        type: 'integer',
        value: 'N',
        description: 'individual: size, pose, lesion site, bowel (default 1)',
      },
      {
        name: 'orientation',
        type: 'string',
        value: 'CODE',
        description: 'voxel axes, e.g. LPS (default), RAS, PIR, LIP',
      },
      {
        name: 'oblique',
        type: 'number',
        value: 'DEG',
        description: 'rotate the voxel axes by DEG about an oblique axis',
      },
      {
        name: 'fov',
        type: 'numbers',
        value: 'x,y,z',
        count: 3,
        description: 'field of view in mm (default 340,250,230)',
      },
      {
        name: 'centre',
        type: 'numbers',
        value: 'x,y,z',
        count: 3,
        description: 'LPS centre of the field of view (default 0,0,-20)',
      },
      {
        name: 'noise',
        type: 'number',
        value: 'HU',
        description: 'image noise standard deviation (default 12)',
      },
      { name: 'contrast', type: 'flag', description: 'contrast-enhanced vessels' },
      { name: 'osteoporotic', type: 'flag', description: 'low bone density' },
      { name: 'bone-only', type: 'flag', description: 'everything but bone set to 0 HU (bone-masked data)' },
      {
        name: 'dicom',
        type: 'flag',
        description: 'also write the CT as a DICOM series in DIR/dicom (shuffled file names)',
      },
      { name: 'quiet', type: 'flag', description: 'no progress on stderr' },
    ],
    examples: [
      'sacroguide phantom --out phantom/ --lesion --seed 3',
      'sacroguide phantom --out post/ --cement --needle --spacing 0.8 --orientation RAS',
    ],
  },
  async run(args) {
    const out = optString(args, 'out') as string;
    const orientation = optString(args, 'orientation') ?? 'LPS';
    try {
      parseOrientationCode(orientation);
    } catch (e) {
      throw new InputError((e as Error).message, { field: '--orientation' }, 'BAD_OPTION');
    }
    const spacingMm = triple(optNumbers(args, 'spacing'), 'spacing');
    if (spacingMm && spacingMm.some((s) => !(s >= 0.2 && s <= 10))) {
      throw new InputError('--spacing must be between 0.2 and 10 mm', { field: '--spacing' }, 'BAD_OPTION');
    }
    const quiet = optFlag(args, 'quiet');
    const progress = stderrProgress('phantom', quiet);
    const phantom = makePhantom({
      seed: optNumber(args, 'seed') ?? 1,
      lesion: optFlag(args, 'lesion'),
      cement: optFlag(args, 'cement'),
      needle: optFlag(args, 'needle'),
      contrast: optFlag(args, 'contrast'),
      osteoporotic: optFlag(args, 'osteoporotic'),
      boneOnly: optFlag(args, 'bone-only'),
      orientation,
      obliqueDeg: optNumber(args, 'oblique') ?? 0,
      ...(spacingMm ? { spacingMm } : {}),
      ...(optNumbers(args, 'fov') ? { fovMm: triple(optNumbers(args, 'fov'), 'fov') } : {}),
      ...(optNumbers(args, 'centre') ? { centreLps: triple(optNumbers(args, 'centre'), 'centre') } : {}),
      ...(optNumber(args, 'noise') !== undefined ? { noiseHu: optNumber(args, 'noise') } : {}),
      onProgress: progress,
    });
    progress.done();
    const files = [
      {
        path: join(out, 'ct.nii.gz'),
        data: await encodeNiftiNode(phantom.ct, { description: 'sacroguide phantom CT' }),
      },
      {
        path: join(out, 'labels.nii.gz'),
        data: await encodeNiftiNode(phantom.labels, { description: 'sacroguide phantom labels' }),
      },
      { path: join(out, 'labels.json'), data: formatLabelsJson(phantom.labels.labels) },
      { path: join(out, 'truth.json'), data: JSON.stringify(phantom.truth, null, 2) + '\n' },
    ];
    if (phantom.cementMask) {
      files.push({ path: join(out, 'cement.nii.gz'), data: await encodeNiftiNode(phantom.cementMask) });
    }
    if (optFlag(args, 'dicom')) {
      const tmp = join(out, `.dicom.${process.pid}.tmp`);
      await rm(tmp, { recursive: true, force: true });
      await mkdir(out, { recursive: true });
      await writeDicomSeries(tmp, phantom.ct, {
        shuffleNames: true,
        seriesDescription: 'sacroguide phantom',
      });
      await rm(join(out, 'dicom'), { recursive: true, force: true });
      await rename(tmp, join(out, 'dicom'));
    }
    await writeFilesAtomic(files);
    return 0;
  },
};
