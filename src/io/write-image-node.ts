/** Writes an image by output extension: .nii, .nii.gz, .nrrd, .nhdr, .mha, .mhd. */
import { InputError } from '../core/errors.js';
import type { ImageVolume } from './image-types.js';

export const WRITABLE_EXTENSIONS = ['.nii', '.nii.gz', '.nrrd', '.mha'] as const;

export async function writeImage(
  path: string,
  vol: ImageVolume,
  options: { twoD?: boolean } = {},
): Promise<void> {
  const lower = path.toLowerCase();
  if (lower.endsWith('.nii') || lower.endsWith('.nii.gz')) {
    return (await import('./nifti-node.js')).writeNifti(path, vol, { twoD: options.twoD });
  }
  if (lower.endsWith('.nrrd')) return (await import('./nrrd-node.js')).writeNrrd(path, vol);
  if (lower.endsWith('.mha')) return (await import('./metaimage-node.js')).writeMetaImage(path, vol);
  throw new InputError(`cannot tell the output format: use one of ${WRITABLE_EXTENSIONS.join(', ')}`, {
    file: path,
  });
}
