/** `sacroguide segment INPUT --out DIR`: labels.nii.gz, labels.json and report.json. */
import { join } from 'node:path';
import type { Command } from '../command.js';
import { optFlag, optString } from '../args.js';
import { stderrProgress, warn } from '../progress-node.js';
import { InputError } from '../../core/errors.js';
import { readImage } from '../../io/read-image-node.js';
import { encodeNiftiNode } from '../../io/nifti-node.js';
import { formatLabelsJson } from '../../io/labels-json.js';
import { writeFilesAtomic } from '../../io/atomic-write-node.js';
import { segmentCt } from '../../segment/index.js';
import { warmUpOffThread, workerThread } from '../../segment/off-thread-node.js';

export const segmentCommand: Command = {
  spec: {
    name: 'segment',
    summary:
      'Segment the sacrum, lytic lesion, sacral canal, S1-S4 foramina, L5, hips (and L4, femurs) of a CT. Writes ' +
      'DIR/labels.nii.gz on the input grid, DIR/labels.json and DIR/report.json (geometry, timings, volumes, lesions ' +
      'with cortical breaches; LPS mm).',
    usage: 'segment INPUT --out DIR [--series UID]',
    positionals: [{ name: 'INPUT', description: 'CT: NIfTI, NRRD, MHA, DICOM folder or file' }],
    options: [
      { name: 'out', type: 'string', value: 'DIR', required: true, description: 'output folder' },
      {
        name: 'series',
        type: 'string',
        value: 'UID',
        description: 'DICOM folder: SeriesInstanceUID to read',
      },
      { name: 'quiet', type: 'flag', description: 'no progress or warnings on stderr' },
    ],
    examples: ['sacroguide segment ct.nii.gz --out seg/', 'sacroguide segment dicom_folder/ --out seg/'],
  },
  async run(args) {
    const [input] = args.positionals;
    const out = optString(args, 'out') as string;
    const quiet = optFlag(args, 'quiet');
    // the second core's worker starts while the image is read
    warmUpOffThread();
    const reading = stderrProgress('reading', quiet);
    const { volume, info } = await readImage(input, {
      seriesUid: optString(args, 'series'),
      onProgress: reading,
    });
    reading.done();
    if (volume.dims.filter((d) => d > 1).length < 3) {
      throw new InputError(`is a ${volume.dims.join(' x ')} image: segmentation needs a 3D CT`, {
        file: input,
      });
    }
    const progress = stderrProgress('segment', quiet);
    const { labels, report } = await segmentCt(volume, { onProgress: progress, offThread: workerThread });
    progress.done();
    report.warnings.unshift(...info.warnings);
    if (info.modality !== 'CT' && info.modality !== 'unknown') {
      report.warnings.push(`modality is ${info.modality}: the segmentation expects CT numbers (HU)`);
    }
    if (!quiet) for (const w of report.warnings) warn(w);
    await writeFilesAtomic([
      {
        path: join(out, 'labels.nii.gz'),
        data: await encodeNiftiNode(labels, { description: 'sacroguide segment' }),
      },
      { path: join(out, 'labels.json'), data: formatLabelsJson(labels.labels) },
      { path: join(out, 'report.json'), data: JSON.stringify(report, null, 2) + '\n' },
    ]);
    return 0;
  },
};
