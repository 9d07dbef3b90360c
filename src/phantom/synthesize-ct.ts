/**
 * CT numbers of a rasterized phantom: per-tissue HU, a cortical shell of given thickness on
 * every bone surface (not against a lytic lesion), a Gaussian point-spread function and
 * seeded Gaussian noise, stored as Int16 HU as a scanner would.
 */
import type { Grid, Volume } from '../core/volume.js';
import { makeVolume } from '../core/volume.js';
import { squaredDistanceToMask } from '../core/distance-transform.js';
import { gaussianSmooth } from '../core/gaussian.js';
import { createRandom } from '../core/random.js';
import type { TissueHuOptions } from './tissues.js';
import { Tissue, isSolidTissue, tissueHu } from './tissues.js';

export interface SynthesizeCtOptions extends TissueHuOptions {
  /** Cortical thickness, mm (at least one voxel is always cortex). */
  cortexMm: number;
  /** Standard deviation of the scanner point-spread function, mm (0 = none). */
  blurMm: number;
  /** Standard deviation of the image noise, HU. */
  noiseHu: number;
  seed: number;
}

export function synthesizeCt(
  grid: Grid,
  tissue: Uint8Array,
  options: SynthesizeCtOptions,
): Volume<Int16Array> {
  const n = tissue.length;
  const nonSolid = new Uint8Array(n);
  for (let i = 0; i < n; i++) nonSolid[i] = isSolidTissue(tissue[i]) ? 0 : 1;
  const d2 = squaredDistanceToMask(grid, nonSolid);
  const minSpacing = Math.min(...grid.spacingMm);
  const cortex = Math.max(options.cortexMm, minSpacing * 1.01);
  const cortex2 = cortex * cortex;
  const table = tissueHu(options);
  const hu = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const t = tissue[i];
    hu[i] = t === Tissue.bone && d2[i] <= cortex2 ? table[Tissue.cortex] : table[t];
  }
  const smooth = options.blurMm > 0 ? gaussianSmooth(makeVolume(grid, hu), options.blurMm).data : hu;
  const rng = createRandom(options.seed ^ 0x5bd1e995);
  const out = new Int16Array(n);
  const noise = options.noiseHu;
  for (let i = 0; i < n; i++) {
    const t = tissue[i];
    const masked = options.boneOnly && !isSolidTissue(t) && t !== Tissue.cement;
    const v = masked ? 0 : Math.round(smooth[i] + (noise > 0 ? noise * rng.normal() : 0));
    out[i] = v < -1024 ? -1024 : v > 3071 ? 3071 : v;
  }
  return makeVolume(grid, out);
}
