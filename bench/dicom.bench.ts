/**
 * Issue 3 figures: reading DICOM series end to end (`sacroguide convert DIR out.nii`) against
 * `dcm2niix -z n` on the same series, medians of 5 runs: seconds, MB/s of pixel data, ratio,
 * and the peak memory of the large series against its voxel data size.
 *   - the 20-slice JPEG 2000 example (../shared/data/example_dicom_j2k)
 *   - a 512 x 512 x 420 uncompressed series written from the phantom (cached in the temp dir)
 */
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makePhantom } from '../src/phantom/index.js';
import { writeDicomSeries } from '../src/io/dicom/write-dicom-node.js';
import { median } from './stats.js';
import { hasCommand, measureProcess, type ProcessRun } from './process-stats.js';

const REPO = join(import.meta.dirname, '..', '..');
const CLI = join(REPO, 'bin', 'sacroguide.js');
const J2K = join(REPO, '..', 'shared', 'data', 'example_dicom_j2k');
const RUNS = 5;

async function bigSeries(): Promise<string> {
  const dir = join(tmpdir(), 'sacroguide-bench', 'phantom-512x512x420');
  if (existsSync(join(dir, 'complete')) && readdirSync(join(dir, 'dicom')).length === 420) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  console.log('making the 512 x 512 x 420 phantom series (once)...');
  const ph = makePhantom({
    spacingMm: [350 / 512, 350 / 512, 0.6],
    fovMm: [350, 350, 252],
    seed: 11,
    lesion: true,
  });
  await writeDicomSeries(join(dir, 'dicom'), ph.ct, { shuffleNames: true, syntax: 'explicit-le' });
  writeFileSync(join(dir, 'complete'), '');
  return dir;
}

function runs(command: string, args: () => string[]): ProcessRun[] {
  return Array.from({ length: RUNS }, () => measureProcess(command, args()));
}

function report(name: string, voxelMb: number, runs: { ours: ProcessRun[]; ref: ProcessRun[] | null }): void {
  const { ours, ref } = runs;
  const t = median(ours.map((r) => r.seconds));
  const rss = median(ours.map((r) => r.peakRssMb));
  console.log(`${name}: pixel data ${voxelMb.toFixed(1)} MB`);
  console.log(
    `  sacroguide convert  ${t.toFixed(2)} s  ${(voxelMb / t).toFixed(0)} MB/s  peak RSS ${rss.toFixed(0)} MB (${(rss / voxelMb).toFixed(2)}x voxel data)`,
  );
  if (!ref) return console.log('  dcm2niix not installed: no ratio');
  const tr = median(ref.map((r) => r.seconds));
  const rr = median(ref.map((r) => r.peakRssMb));
  console.log(
    `  dcm2niix -z n       ${tr.toFixed(2)} s  ${(voxelMb / tr).toFixed(0)} MB/s  peak RSS ${rr.toFixed(0)} MB`,
  );
  console.log(
    `  ratio sacroguide/dcm2niix: time ${(t / tr).toFixed(2)}, memory ${(rss / rr).toFixed(2)}   (medians of ${RUNS})`,
  );
}

function compare(name: string, dir: string, voxelMb: number): void {
  const out = join(tmpdir(), 'sacroguide-bench', 'out');
  mkdirSync(out, { recursive: true });
  const ours = runs(process.execPath, () => [CLI, 'convert', dir, join(out, 'ours.nii'), '--quiet']);
  const ref = hasCommand('dcm2niix')
    ? runs('dcm2niix', () => ['-z', 'n', '-f', 'ref', '-o', out, dir])
    : null;
  report(name, voxelMb, { ours, ref });
  rmSync(out, { recursive: true, force: true });
}

export async function bench(): Promise<void> {
  if (existsSync(J2K)) compare('JPEG 2000, 20 x 512 x 512', J2K, (20 * 512 * 512 * 2) / 1e6);
  else console.log(`no ${J2K}: JPEG 2000 figure skipped`);
  const big = await bigSeries();
  compare('uncompressed, 420 x 512 x 512 (phantom)', join(big, 'dicom'), (420 * 512 * 512 * 2) / 1e6);
}
