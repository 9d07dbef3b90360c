/**
 * GDCM's image reader (the `gdcm-read-image` pipeline of @itk-wasm/image-io) with its wasm
 * module loaded ONCE per process. itk-wasm's Node runner reads, zstd-decodes, compiles and
 * instantiates the module on every call (~100 ms), which dominated reading compressed series;
 * here the instantiated module is reused for every file, as itk-wasm's browser runner does.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

interface PipelineResult {
  returnValue: number;
  stderr: string;
  outputs: { data: unknown }[];
}
interface EmscriptenModule {
  mountDir(dir: string): string;
  unmountDir(dir: string): void;
}
type LoadModule = (path: string) => Promise<EmscriptenModule>;
// itk-wasm's own signature: (module, args, outputs, inputs)
// eslint-disable-next-line max-params
type RunEmscripten = (
  m: EmscriptenModule,
  args: string[],
  outputs: { type: string }[],
  inputs: unknown[],
) => PipelineResult;

interface LoadedPipeline {
  module: EmscriptenModule;
  run: RunEmscripten;
  imageType: string;
  jsonType: string;
}

let cached: Promise<LoadedPipeline> | null = null;

async function loadOnce(): Promise<LoadedPipeline> {
  const require = createRequire(import.meta.url);
  const imageIoDist = dirname(require.resolve('@itk-wasm/image-io'));
  const itkRequire = createRequire(join(imageIoDist, 'index.js'));
  const itkDist = dirname(itkRequire.resolve('itk-wasm'));
  const internal = (f: string): string => pathToFileURL(join(itkDist, 'pipeline', 'internal', f)).href;
  const load = ((await import(internal('load-emscripten-module-node.js'))) as { default: LoadModule })
    .default;
  const run = ((await import(internal('run-pipeline-emscripten.js'))) as { default: RunEmscripten }).default;
  const { InterfaceTypes } = (await import('itk-wasm')) as unknown as {
    InterfaceTypes: Record<string, string>;
  };
  const module = await load(join(imageIoDist, 'pipelines', 'gdcm-read-image'));
  return { module, run, imageType: InterfaceTypes.Image, jsonType: InterfaceTypes.JsonCompatible };
}

export interface GdcmImage {
  size: number[];
  data: ArrayLike<number> & { length: number };
  imageType: { components: number };
}

/** Reads one DICOM file with GDCM; throws Error with GDCM's message when it cannot. */
export async function gdcmReadImageCached(
  path: string,
): Promise<{ couldRead: boolean; image: GdcmImage | null }> {
  cached ??= loadOnce();
  const { module, run, imageType, jsonType } = await cached;
  const mounted = module.mountDir(dirname(path));
  try {
    const { returnValue, stderr, outputs } = run(
      module,
      [path, '0', '1', '--memory-io'],
      [{ type: jsonType }, { type: imageType }],
      [],
    );
    if (returnValue !== 0 && stderr !== '') throw new Error(stderr);
    return { couldRead: Boolean(outputs[0]?.data), image: (outputs[1]?.data as GdcmImage) ?? null };
  } finally {
    module.unmountDir(mounted);
  }
}
