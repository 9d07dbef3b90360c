import { describe, expect, it } from 'vitest';
import { makePhantom } from './make-phantom.js';
import { REQUIRED_LABEL_NAMES, SACRAL_LABELS } from '../anatomy/labels.js';
import { connectedComponents } from '../core/connected-components.js';
import { resampleVolume } from '../core/resample.js';
import type { LabelMap } from '../core/volume.js';

const COARSE = { spacingMm: [3, 3, 3] as const, noiseHu: 0 };

function count(labels: LabelMap, value: number): number {
  let n = 0;
  for (const v of labels.data) if (v === value) n++;
  return n;
}

function mask(labels: LabelMap, value: number): Uint8Array {
  return labels.data.map((v) => (v === value ? 1 : 0));
}

function medianHu(ph: ReturnType<typeof makePhantom>, value: number): number {
  const vals: number[] = [];
  ph.labels.data.forEach((v, i) => {
    if (v === value) vals.push(ph.ct.data[i]);
  });
  vals.sort((a, b) => a - b);
  return vals[Math.floor(vals.length / 2)];
}

describe('makePhantom', () => {
  const ph = makePhantom({ ...COARSE, spacingMm: [2, 2, 2], lesion: true, seed: 3 });

  it('has every structure of the segment contract, with plausible adult volumes', () => {
    for (const name of REQUIRED_LABEL_NAMES) expect(ph.labels.labels[name], name).toBe(SACRAL_LABELS[name]);
    const ml = (name: string): number => ph.truth.structures[name].volume_ml;
    expect(ml('sacrum')).toBeGreaterThan(120);
    expect(ml('sacrum')).toBeLessThan(350);
    expect(ml('sacral_canal')).toBeGreaterThan(5);
    expect(ml('sacral_canal')).toBeLessThan(40);
    expect(ml('L5')).toBeGreaterThan(30);
    expect(ml('hip_left')).toBeGreaterThan(200);
    for (const name of REQUIRED_LABEL_NAMES.filter((n) => n.startsWith('foramen_'))) {
      expect(ml(name), name).toBeGreaterThan(0.1);
      expect(ml(name), name).toBeLessThan(6);
    }
    expect(ml('lesion')).toBeGreaterThan(1);
  });

  it('measures the truth on the voxels it wrote', () => {
    const voxelMl = 0.008;
    for (const [name, value] of Object.entries(ph.labels.labels)) {
      expect(ph.truth.structures[name].volume_ml).toBeCloseTo(count(ph.labels, value) * voxelMl, 3);
    }
  });

  it('makes the canal, the sacrum and every foramen one connected piece, foramina touching the canal', () => {
    for (const name of [
      'sacral_canal',
      'foramen_S1_left',
      'foramen_S2_right',
      'foramen_S3_left',
      'foramen_S4_right',
    ]) {
      const { sizes } = connectedComponents(ph.labels, mask(ph.labels, SACRAL_LABELS[name]), 26);
      expect(sizes.length - 1, name).toBe(1);
    }
    const both = ph.labels.data.map((v) =>
      v === SACRAL_LABELS.sacral_canal || v === SACRAL_LABELS.foramen_S1_left ? 1 : 0,
    );
    expect(connectedComponents(ph.labels, both, 26).sizes.length - 1).toBe(1);
  });

  it('puts left structures at patient left (+x) and the canal behind the sacral body', () => {
    const c = (name: string) => ph.truth.structures[name].centroid_lps as readonly number[];
    expect(c('hip_left')[0]).toBeGreaterThan(c('hip_right')[0] + 100);
    expect(c('foramen_S1_left')[0]).toBeGreaterThan(c('foramen_S1_right')[0]);
    expect(c('sacral_canal')[1]).toBeGreaterThan(c('foramen_S2_left')[1]);
    expect(c('L5')[2]).toBeGreaterThan(c('sacrum')[2] + 30);
  });

  it('gives bone, canal and lesion realistic CT numbers', () => {
    expect(medianHu(ph, SACRAL_LABELS.sacrum)).toBeGreaterThan(180);
    expect(medianHu(ph, SACRAL_LABELS.sacral_canal)).toBeLessThan(120);
    const lesionHu = medianHu(ph, SACRAL_LABELS.lesion);
    expect(lesionHu).toBeGreaterThan(-20);
    expect(lesionHu).toBeLessThan(120);
  });

  it('reports a cortical breach of the lesion with its nearest neural structure', () => {
    const breaches = ph.truth.lesion?.cortical_breaches ?? [];
    expect(breaches.length).toBeGreaterThan(0);
    expect(breaches[0].area_mm2).toBeGreaterThan(20);
    expect(breaches[0].nearest_structure).toMatch(/^(sacral_canal|foramen_S[1-4]_(left|right))$/);
  });

  it('is reproducible from the seed and varies between seeds', () => {
    const again = makePhantom({ ...COARSE, spacingMm: [2, 2, 2], lesion: true, seed: 3 });
    expect(Buffer.from(again.ct.data.buffer).equals(Buffer.from(ph.ct.data.buffer))).toBe(true);
    const other = makePhantom({ ...COARSE, spacingMm: [2, 2, 2], lesion: true, seed: 4 });
    expect(other.truth.lesion?.centroid_lps).not.toEqual(ph.truth.lesion?.centroid_lps);
  });
});

describe('makePhantom on other grids', () => {
  const base = makePhantom({ ...COARSE, seed: 5, lesion: true });

  it.each(['RAS', 'PIR', 'LIP'])(
    'puts the same anatomy at the same LPS points with %s voxel axes',
    (orientation) => {
      const other = makePhantom({ ...COARSE, seed: 5, lesion: true, orientation });
      const back = resampleVolume(other.labels, base.labels, { interpolation: 'nearest' });
      let same = 0;
      for (let i = 0; i < base.labels.data.length; i++) if (back.data[i] === base.labels.data[i]) same++;
      expect(same / base.labels.data.length).toBeGreaterThan(0.9999);
      expect(other.truth.structures.sacrum.volume_ml).toBeCloseTo(base.truth.structures.sacrum.volume_ml, 1);
    },
  );

  it('keeps structure volumes on an oblique grid (within sampling error)', () => {
    const oblique = makePhantom({ ...COARSE, seed: 5, lesion: true, obliqueDeg: 25 });
    for (const name of ['sacrum', 'sacral_canal', 'hip_left', 'L5']) {
      const a = base.truth.structures[name].volume_ml;
      expect(Math.abs(oblique.truth.structures[name].volume_ml - a) / a, name).toBeLessThan(0.06);
    }
  });

  it('adds cement with a leak and a needle with its tip in the lesion', () => {
    const post = makePhantom({ ...COARSE, seed: 5, cement: true, needle: true });
    const cement = post.truth.cement;
    expect(cement?.volume_ml).toBeGreaterThan(0.5);
    expect(cement?.inside_ml).toBeLessThan(cement?.volume_ml ?? 0);
    expect(cement?.extravasation.length).toBe(1);
    expect(cement?.extravasation[0].volume_ml).toBeGreaterThan(0.05);
    const tip = post.truth.needle?.tip_lps as readonly number[];
    const lesion = post.truth.lesion?.centroid_lps as readonly number[];
    expect(Math.hypot(tip[0] - lesion[0], tip[1] - lesion[1], tip[2] - lesion[2])).toBeLessThan(6);
    let metal = 0;
    for (const v of post.ct.data) if (v >= 3000) metal++;
    expect(metal).toBeGreaterThan(5);
  });
});
