/** `sacroguide convert INPUT OUT`: any readable image to NIfTI, NRRD or MetaImage. */
import type { Command } from '../command.js';
import { optFlag, optString } from '../args.js';
import { readImage } from '../../io/read-image-node.js';
import { writeImage } from '../../io/write-image-node.js';
import { stderrProgress, warn } from '../progress-node.js';

export const convertCommand: Command = {
  spec: {
    name: 'convert',
    summary:
      'Convert any readable image (NIfTI, NRRD, MHA, DICOM folder or file) to NIfTI (.nii, .nii.gz), NRRD (.nrrd) ' +
      'or MetaImage (.mha). Voxel (i, j, k) = (column, row, slice) of the stored image; the affine carries the LPS geometry.',
    usage: 'convert INPUT OUT [--series UID] [--2d]',
    positionals: [
      { name: 'INPUT', description: 'NIfTI/NRRD/MHA file, DICOM folder or DICOM file' },
      { name: 'OUT', description: 'output file: .nii, .nii.gz, .nrrd or .mha' },
    ],
    options: [
      {
        name: 'series',
        type: 'string',
        value: 'UID',
        description: 'DICOM folder: SeriesInstanceUID to read',
      },
      {
        name: '2d',
        type: 'flag',
        description: 'write a single slice as a 2D NIfTI (default: 3D with one slice)',
      },
      { name: 'quiet', type: 'flag', description: 'no progress or warnings on stderr' },
    ],
    examples: ['sacroguide convert dicom_folder/ ct.nii.gz', 'sacroguide convert ct.nrrd ct.nii.gz'],
  },
  async run(args) {
    const [input, out] = args.positionals;
    const quiet = optFlag(args, 'quiet');
    const progress = stderrProgress('reading', quiet);
    const { volume, info } = await readImage(input, {
      seriesUid: optString(args, 'series'),
      onProgress: progress,
    });
    progress.done();
    if (!quiet) for (const w of info.warnings) warn(w);
    await writeImage(out, volume, { twoD: optFlag(args, '2d') });
    return 0;
  },
};
