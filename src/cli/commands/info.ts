/** `sacroguide info INPUT`: geometry, modality, series found, value range. */
import type { Command } from '../command.js';
import { optFlag, optString } from '../args.js';
import { readImage } from '../../io/read-image-node.js';
import { describeImage, formatImageDescription } from '../../io/describe-image.js';
import { warn } from '../progress-node.js';

export const infoCommand: Command = {
  spec: {
    name: 'info',
    summary: 'Describe an image: format, geometry (LPS), orientation, modality, DICOM series, value range.',
    usage: 'info INPUT [--series UID] [--json]',
    positionals: [{ name: 'INPUT', description: 'NIfTI/NRRD/MHA file, DICOM folder or DICOM file' }],
    options: [
      {
        name: 'series',
        type: 'string',
        value: 'UID',
        description: 'DICOM folder: SeriesInstanceUID to read',
      },
      { name: 'json', type: 'flag', description: 'print the description as JSON on stdout' },
    ],
    examples: ['sacroguide info ct.nii.gz', 'sacroguide info dicom_folder/ --json'],
  },
  async run(args) {
    const input = args.positionals[0];
    const { volume, info } = await readImage(input, { seriesUid: optString(args, 'series') });
    const d = describeImage(input, volume, info);
    if (optFlag(args, 'json')) {
      process.stdout.write(JSON.stringify(d, null, 2) + '\n');
    } else {
      process.stdout.write(formatImageDescription(d) + '\n');
      for (const w of info.warnings) warn(w);
    }
    return 0;
  },
};
