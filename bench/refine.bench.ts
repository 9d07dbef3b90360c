/**
 * Issue 4 part 4 figures: interactive refinement on a ~74-million-voxel label map (the pelvis
 * phantom at 0.8 mm isotropic, 525 x 375 x 375, with a lesion; made once and cached in the
 * temp dir). Each operation runs 20 times (after one warm-up) at 20 different places, each run
 * undone before the next so every run sees the same map; figures are ms per edit: median
 * (min-max), with the voxels changed. Goal: < 100 ms per edit.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { transformIndexToWorld } from '../src/core/geometry.js';
import type { Vec3 } from '../src/core/vec.js';
import type { Grid, LabelMap, Volume } from '../src/core/volume.js';
import { makeLabelMap, makeVolume } from '../src/core/volume.js';
import { createRandom } from '../src/core/random.js';
import { makePhantom } from '../src/phantom/index.js';
import { SACRAL_LABELS } from '../src/anatomy/labels.js';
import {
  EditHistory,
  countDelta,
  encodeDeltas,
  fillHoles,
  growCut,
  growFromSeeds,
  labelVolumesMl,
  labelVoxelCounts,
  paintSphere,
  removeIslands,
  revertDelta,
  smoothLabel,
  thresholdPaint,
  type LabelDelta,
} from '../src/segment/refine/index.js';
import { median } from './stats.js';

const RUNS = 20;
const SACRUM = SACRAL_LABELS.sacrum;
const LESION = SACRAL_LABELS.lesion;

interface Data {
  labels: LabelMap;
  ct: Volume<Int16Array>;
  lesionCentreLps: Vec3;
}

function loadPhantom(): Data {
  const dir = join(tmpdir(), 'sacroguide-bench', 'refine-phantom-0.8mm');
  if (!existsSync(join(dir, 'complete'))) {
    mkdirSync(dir, { recursive: true });
    console.log('making the 0.8 mm phantom (once, about a minute)...');
    const ph = makePhantom({ spacingMm: [0.8, 0.8, 0.8], fovMm: [420, 300, 300], seed: 3, lesion: true });
    const grid: Grid = {
      dims: ph.ct.dims,
      spacingMm: ph.ct.spacingMm,
      originLps: ph.ct.originLps,
      direction: ph.ct.direction,
    };
    writeFileSync(join(dir, 'labels.bin'), ph.labels.data);
    writeFileSync(
      join(dir, 'ct.bin'),
      new Uint8Array(ph.ct.data.buffer, ph.ct.data.byteOffset, ph.ct.data.byteLength),
    );
    writeFileSync(join(dir, 'meta.json'), JSON.stringify({ grid, lesion: ph.truth.lesion?.centroid_lps }));
    writeFileSync(join(dir, 'complete'), '');
  }
  const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as { grid: Grid; lesion: Vec3 };
  const labelBytes = readFileSync(join(dir, 'labels.bin'));
  const labels = makeLabelMap(
    meta.grid,
    { ...SACRAL_LABELS },
    new Uint8Array(labelBytes.buffer, labelBytes.byteOffset, labelBytes.length),
  );
  const ctBytes = readFileSync(join(dir, 'ct.bin'));
  const ctData = new Int16Array(ctBytes.byteLength / 2);
  new Uint8Array(ctData.buffer).set(ctBytes);
  return { labels, ct: makeVolume(meta.grid, ctData), lesionCentreLps: meta.lesion };
}

/** `count` LPS centres of random voxels holding `value` (seeded). */
function pointsIn(labels: LabelMap, value: number, count: number): Vec3[] {
  const rng = createRandom(42 + value);
  const [nx, ny] = labels.dims;
  const out: Vec3[] = [];
  while (out.length < count) {
    const idx = rng.int(labels.data.length);
    if (labels.data[idx] !== value) continue;
    out.push(
      transformIndexToWorld(labels, [idx % nx, Math.floor(idx / nx) % ny, Math.floor(idx / (nx * ny))]),
    );
  }
  return out;
}

interface Figure {
  name: string;
  times: number[];
  changed: number[];
}

/**
 * Times `edit(run)` RUNS times (+1 warm-up); `prepare(run)` (untimed) may make work for it and
 * returns deltas to undo afterwards with the edit's own.
 */
function measure(
  data: Data,
  name: string,
  steps: { edit: (run: number) => LabelDelta; prepare?: (run: number) => LabelDelta[] },
): Figure {
  const times: number[] = [];
  const changed: number[] = [];
  for (let run = -1; run < RUNS; run++) {
    const setup = steps.prepare ? steps.prepare(Math.max(run, 0)) : [];
    const t0 = performance.now();
    const delta = steps.edit(Math.max(run, 0));
    const ms = performance.now() - t0;
    revertDelta(data.labels, delta);
    for (const d of setup.reverse()) revertDelta(data.labels, d);
    if (run < 0) continue;
    times.push(ms);
    changed.push(delta.indices.length);
  }
  return { name, times, changed };
}

function print(f: Figure): void {
  const s = [...f.times].sort((a, b) => a - b);
  const ok = median(s) < 100 ? '' : '  (over 100 ms)';
  console.log(
    `  ${f.name.padEnd(44)} ${median(s).toFixed(1).padStart(6)} ms  (${s[0].toFixed(1)}-${s[s.length - 1].toFixed(1)})  ${String(Math.round(median(f.changed))).padStart(8)} voxels${ok}`,
  );
}

export async function bench(): Promise<void> {
  const data = loadPhantom();
  const { labels, ct } = data;
  const n = labels.data.length;
  console.log(
    `machine load average (1 min) ${loadavg()[0].toFixed(1)}: figures grow with it on a shared machine`,
  );
  console.log(
    `label map ${labels.dims.join(' x ')} = ${(n / 1e6).toFixed(1)} M voxels at 0.8 mm; ms per edit, median of ${RUNS} (min-max)`,
  );
  const onSacrum = pointsIn(labels, SACRUM, RUNS);
  const onLesion = pointsIn(labels, LESION, RUNS);
  const figures: Figure[] = [];
  const add = (f: Figure): void => {
    figures.push(f);
    print(f);
  };
  for (const r of [5, 15]) {
    add(
      measure(data, `paintSphere paint r=${r} mm`, {
        edit: (i) =>
          paintSphere(labels, { label: LESION, centerLps: onSacrum[i], radiusMm: r, mode: 'paint' }),
      }),
    );
    add(
      measure(data, `paintSphere paint r=${r} mm, protect 4 labels`, {
        edit: (i) =>
          paintSphere(labels, {
            label: LESION,
            centerLps: onSacrum[i],
            radiusMm: r,
            mode: 'paint',
            protect: [3, 4, 5, 12],
          }),
      }),
    );
    add(
      measure(data, `paintSphere erase r=${r} mm`, {
        edit: (i) =>
          paintSphere(labels, { label: SACRUM, centerLps: onSacrum[i], radiusMm: r, mode: 'erase' }),
      }),
    );
    add(
      measure(data, `thresholdPaint r=${r} mm, 150..3000 HU`, {
        edit: (i) =>
          thresholdPaint(labels, ct, {
            label: LESION,
            centerLps: onSacrum[i],
            radiusMm: r,
            minHu: 150,
            maxHu: 3000,
          }),
      }),
    );
  }
  const boneRange = { minHu: 150, maxHu: 3000 };
  add(
    measure(data, 'growFromSeeds bone, max 20 mL', {
      edit: (i) =>
        growFromSeeds(labels, ct, { label: LESION, seedsLps: [onSacrum[i]], ...boneRange, maxVolumeMl: 20 }),
    }),
  );
  add(
    measure(data, 'growFromSeeds bone, max 100 mL', {
      edit: (i) =>
        growFromSeeds(labels, ct, { label: LESION, seedsLps: [onSacrum[i]], ...boneRange, maxVolumeMl: 100 }),
    }),
  );
  add(
    measure(data, 'growFromSeeds bone, no limit', {
      edit: (i) => growFromSeeds(labels, ct, { label: LESION, seedsLps: [onSacrum[i]], ...boneRange }),
    }),
  );
  add(
    measure(data, 'growFromSeeds lesion -20..90 HU, max 30 mL', {
      edit: (i) =>
        growFromSeeds(labels, ct, {
          label: LESION,
          seedsLps: [onLesion[i]],
          minHu: -20,
          maxHu: 90,
          maxVolumeMl: 30,
          protect: [3],
        }),
    }),
  );
  // grow-cut: a foreground seed in the lesion, background seeds 12 mm to either side
  const side = (p: Vec3, dx: number): Vec3 => [p[0] + dx, p[1], p[2]];
  add(
    measure(data, 'growCut lesion, 3 seeds, margin 15 mm', {
      edit: (i) =>
        growCut(labels, ct, {
          label: LESION,
          foregroundLps: [onLesion[i]],
          backgroundLps: [side(onLesion[i], -12), side(onLesion[i], 12)],
          marginMm: 15,
        }),
    }),
  );
  add(
    measure(data, 'removeIslands sacrum largest (20 specks)', {
      prepare: (i) =>
        pointsIn(labels, 0, 20 + i)
          .slice(i)
          .map((p) => paintSphere(labels, { label: SACRUM, centerLps: p, radiusMm: 1, mode: 'paint' })),
      edit: () => removeIslands(labels, { label: SACRUM, keep: 'largest' }),
    }),
  );
  add(
    measure(data, 'removeIslands sacrum >= 1 mL', {
      prepare: (i) =>
        pointsIn(labels, 0, 20 + i)
          .slice(i)
          .map((p) => paintSphere(labels, { label: SACRUM, centerLps: p, radiusMm: 1, mode: 'paint' })),
      edit: () => removeIslands(labels, { label: SACRUM, keep: { minVolumeMl: 1 } }),
    }),
  );
  add(
    measure(data, 'fillHoles sacrum 3D (a 4 mm cavity)', {
      prepare: (i) => [
        paintSphere(labels, { label: SACRUM, centerLps: onSacrum[i], radiusMm: 4, mode: 'erase' }),
      ],
      edit: () => fillHoles(labels, { label: SACRUM }),
    }),
  );
  add(
    measure(data, 'fillHoles sacrum axial slices', {
      prepare: (i) => [
        paintSphere(labels, { label: SACRUM, centerLps: onSacrum[i], radiusMm: 4, mode: 'erase' }),
      ],
      edit: () => fillHoles(labels, { label: SACRUM, slices: 'axial' }),
    }),
  );
  for (const r of [1, 2])
    add(
      measure(data, `smoothLabel sacrum r=${r} mm`, {
        edit: () => smoothLabel(labels, { label: SACRUM, radiusMm: r }),
      }),
    );
  const HIP = SACRAL_LABELS.hip_left;
  add(
    measure(data, 'smoothLabel hip_left r=2 mm', {
      edit: () => smoothLabel(labels, { label: HIP, radiusMm: 2 }),
    }),
  );
  add(
    measure(data, 'removeIslands hip_left largest', {
      edit: () => removeIslands(labels, { label: HIP, keep: 'largest' }),
    }),
  );
  add(measure(data, 'fillHoles hip_left 3D', { edit: () => fillHoles(labels, { label: HIP }) }));
  add(
    measure(data, 'smoothLabel lesion r=2 mm', {
      edit: () => smoothLabel(labels, { label: LESION, radiusMm: 2 }),
    }),
  );

  // volumes, undo/redo and persistence
  const vol: number[] = [];
  for (let r = 0; r <= RUNS; r++) {
    const t0 = performance.now();
    labelVolumesMl(labels);
    if (r > 0) vol.push(performance.now() - t0);
  }
  console.log(`  ${'labelVolumesMl (full count)'.padEnd(44)} ${median(vol).toFixed(1).padStart(6)} ms`);
  const history = new EditHistory();
  const counts = labelVoxelCounts(labels);
  const strokes = onSacrum.map((p) =>
    paintSphere(labels, { label: LESION, centerLps: p, radiusMm: 15, mode: 'paint' }),
  );
  for (const d of strokes) history.push(d);
  const undo: number[] = [];
  const redo: number[] = [];
  const upd: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    let t0 = performance.now();
    const d = history.undo(labels) as LabelDelta;
    undo.push(performance.now() - t0);
    t0 = performance.now();
    countDelta(counts, d, 'backward');
    upd.push(performance.now() - t0);
  }
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    history.redo(labels);
    redo.push(performance.now() - t0);
  }
  const bytes = history.toBytes();
  const raw = strokes.reduce((s, d) => s + d.indices.byteLength + 2 * d.before.byteLength, 0);
  const t0 = performance.now();
  const back = EditHistory.fromBytes(bytes);
  const decodeMs = performance.now() - t0;
  while (history.canUndo) history.undo(labels);
  console.log(`  ${'undo r=15 mm stroke'.padEnd(44)} ${median(undo).toFixed(2).padStart(6)} ms`);
  console.log(`  ${'redo r=15 mm stroke'.padEnd(44)} ${median(redo).toFixed(2).padStart(6)} ms`);
  console.log(
    `  ${'countDelta (volumes kept up to date)'.padEnd(44)} ${median(upd).toFixed(2).padStart(6)} ms`,
  );
  const perStroke = median(strokes.map((d) => encodeDeltas([d]).length));
  console.log(
    `  history of ${RUNS} r=15 mm strokes: ${(bytes.length / 1024).toFixed(0)} KiB encoded (${(perStroke / 1024).toFixed(1)} KiB per stroke, ${(raw / bytes.length).toFixed(1)}x smaller than raw arrays), decoded in ${decodeMs.toFixed(1)} ms (${back.undoDepth} edits)`,
  );
  const slow = figures.filter((f) => median(f.times) >= 100).map((f) => f.name);
  console.log(slow.length ? `over 100 ms: ${slow.join('; ')}` : 'every edit under 100 ms (median)');
}
