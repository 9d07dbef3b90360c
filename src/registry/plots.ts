/**
 * Figures of the `analyze` report as Vega-Lite specifications, rendered to SVG in Node
 * (no browser, no canvas): pain over time as box plots, the Kaplan-Meier curve with its 95%
 * band, censoring marks and numbers at risk, and complications by guidance set-up.
 * Spec builders are pure; `renderSvg` loads vega and vega-lite only when called.
 */
import type { TopLevelSpec } from 'vega-lite';
import { EXTRAVASATION, GUIDANCE_LEVELS, PAIN_TIMES } from './cohort.js';
import type { CohortRow } from './cohort.js';
import { medianIqr, minMax } from './stats/descriptive.js';
import { kaplanMeier, survivalPoint } from './stats/km.js';

/** One rendered figure: file name (in the plots folder) and SVG text. */
export interface Figure {
  name: string;
  svg: string;
}

const PAIN_LABEL: Record<string, string> = {
  baseline: 'baseline',
  '2w': '2 weeks',
  '3m': '3 months',
  '6m': '6 months',
  '12m': '12 months',
  '24m': '24 months',
};

/** One box of the pain figure: Tukey box statistics (quartiles type 7, whiskers at 1.5 IQR). */
export interface PainBox {
  /** Axis label: the time point and its n, on two lines. */
  time: string;
  n: number;
  q1: number;
  median: number;
  q3: number;
  /** Smallest and largest scores within 1.5 IQR of the box. */
  lower: number;
  upper: number;
}

/** Box statistics and the distinct outlying scores of each time point with scores. */
export function painBoxes(rows: readonly CohortRow[]): {
  order: string[];
  boxes: PainBox[];
  outliers: { time: string; pain: number }[];
} {
  const order: string[] = [];
  const boxes: PainBox[] = [];
  const outliers: { time: string; pain: number }[] = [];
  for (const t of PAIN_TIMES) {
    const scores: number[] = [];
    for (const r of rows) if (r.pain[t] !== null) scores.push(r.pain[t] as number);
    const time = `${PAIN_LABEL[t]}\nn = ${scores.length}`;
    order.push(time);
    if (scores.length === 0) continue;
    const { q1, median, q3, iqr } = medianIqr(scores);
    const lo = q1 - 1.5 * iqr;
    const hi = q3 + 1.5 * iqr;
    let lower = Infinity;
    let upper = -Infinity;
    const outlying = new Set<number>();
    for (const v of scores) {
      if (v < lo || v > hi) outlying.add(v);
      else {
        if (v < lower) lower = v;
        if (v > upper) upper = v;
      }
    }
    boxes.push({ time, n: scores.length, q1, median, q3, lower, upper });
    for (const pain of [...outlying].sort((a, b) => a - b)) outliers.push({ time, pain });
  }
  return { order, boxes, outliers };
}

/**
 * Box plots (Tukey whiskers) of NRS pain at each time point, n per time in the axis label.
 * The boxes are computed here (painBoxes) rather than by Vega-Lite's boxplot from every score,
 * so the figure costs the same for 18 patients or 10,000; outliers are drawn once per value.
 */
export function painSpec(rows: readonly CohortRow[]): TopLevelSpec {
  const { order, boxes, outliers } = painBoxes(rows);
  const x = {
    field: 'time',
    type: 'ordinal' as const,
    sort: order,
    // Every time point keeps its place (and its n = 0 label) even without scores.
    scale: { domain: order },
    title: null,
    axis: { labelAngle: 0, labelExpr: "split(datum.label, '\\n')" },
  };
  const y = { type: 'quantitative' as const, title: 'NRS pain', scale: { domain: [0, 10] } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Pain (NRS 0-10) over time',
    width: 540,
    height: 300,
    layer: [
      {
        data: { values: boxes },
        layer: [
          {
            mark: { type: 'rule', color: '#555555' },
            encoding: { x, y: { ...y, field: 'lower' }, y2: { field: 'upper' } },
          },
          {
            mark: { type: 'bar', size: 28, color: '#4c78a8' },
            encoding: { x, y: { ...y, field: 'q1' }, y2: { field: 'q3' } },
          },
          {
            mark: { type: 'tick', size: 28, color: '#ffffff', thickness: 2 },
            encoding: { x, y: { ...y, field: 'median' } },
          },
        ],
      },
      {
        data: { values: outliers },
        mark: { type: 'point', color: '#4c78a8' },
        encoding: { x, y: { ...y, field: 'pain' } },
      },
    ],
  };
}

/** Kaplan-Meier step curve with its log-transformed 95% band, censoring ticks, numbers at risk. */
export function kmSpec(rows: readonly CohortRow[]): TopLevelSpec {
  const times = rows.map((r) => r.followupMonths);
  const fit = kaplanMeier(
    times,
    rows.map((r) => r.died),
  );
  const curve: { t: number; s: number; lower: number | null; upper: number | null }[] = [
    { t: 0, s: 1, lower: 1, upper: 1 },
  ];
  const censored: { t: number; s: number }[] = [];
  // A step-after area draws each stretch up to the next point: once S reaches 0 (no limits) the
  // band still needs a closing point there, carrying the last limits, or its last stretch is lost.
  const band: { t: number; lower: number; upper: number }[] = [{ t: 0, lower: 1, upper: 1 }];
  let bandOpen = true;
  for (let k = 0; k < fit.time.length; k++) {
    const p = survivalPoint(fit.survival[k], fit.stdErr[k]);
    curve.push({ t: fit.time[k], s: p.s, lower: p.lower, upper: p.upper });
    if (fit.nCensor[k] > 0) censored.push({ t: fit.time[k], s: p.s });
    if (!bandOpen) continue;
    const last = band[band.length - 1];
    if (p.lower === null || p.upper === null) {
      band.push({ t: fit.time[k], lower: last.lower, upper: last.upper });
      bandOpen = false;
    } else band.push({ t: fit.time[k], lower: p.lower, upper: p.upper });
  }
  const maxT = Math.max(minMax(times)[1], 1);
  const stepMonths = maxT > 36 ? 12 : 6;
  const atRisk: { t: number; n: number }[] = [];
  for (let t = 0; t <= maxT; t += stepMonths) {
    let n = 0;
    for (const x of times) if (x >= t) n++;
    atRisk.push({ t, n });
  }
  const x = { field: 't', type: 'quantitative' as const, scale: { domain: [0, maxT] } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Overall survival (Kaplan-Meier, 95% CI)',
    vconcat: [
      {
        width: 480,
        height: 280,
        layer: [
          {
            data: { values: band },
            mark: { type: 'area', interpolate: 'step-after', opacity: 0.25, color: '#4c78a8' },
            encoding: {
              x: { ...x, title: null },
              y: { field: 'lower', type: 'quantitative' },
              y2: { field: 'upper' },
            },
          },
          {
            data: { values: curve },
            mark: { type: 'line', interpolate: 'step-after', color: '#4c78a8' },
            encoding: {
              x: { ...x, title: null },
              y: {
                field: 's',
                type: 'quantitative',
                title: 'survival probability',
                scale: { domain: [0, 1] },
              },
            },
          },
          {
            data: { values: censored },
            mark: { type: 'point', shape: 'cross', size: 40, color: '#333333' },
            encoding: { x: { ...x, title: null }, y: { field: 's', type: 'quantitative' } },
          },
        ],
      },
      {
        width: 480,
        height: 24,
        title: { text: 'Number at risk', fontSize: 11, anchor: 'start' },
        data: { values: atRisk },
        mark: { type: 'text', fontSize: 11 },
        encoding: {
          x: { ...x, title: 'months since procedure', axis: { values: atRisk.map((a) => a.t) } },
          text: { field: 'n', type: 'quantitative' },
        },
      },
    ],
  };
}

const OTHER_COLOURS = ['#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#bcbd22', '#17becf', '#1f77b4'];
const COMPLICATION_RANK = (c: string): number => (c === EXTRAVASATION ? 0 : c === 'none' ? 2 : 1);

/** Stacked bars: patients per guidance set-up, coloured by complication (none in grey). */
export function complicationsSpec(rows: readonly CohortRow[]): TopLevelSpec {
  const counts = new Map<string, number>();
  for (const r of rows) {
    const key = `${r.guidance}\u0000${r.complication}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const values = [...counts].map(([key, n]) => {
    const [guidance, complication] = key.split('\u0000');
    return { guidance, complication, n, rank: COMPLICATION_RANK(complication) };
  });
  const kinds = [...new Set(values.map((v) => v.complication))].sort(
    (a, b) => COMPLICATION_RANK(a) - COMPLICATION_RANK(b) || a.localeCompare(b),
  );
  const range = kinds.map((k, i) =>
    k === 'none' ? '#c7c7c7' : k === EXTRAVASATION ? '#d62728' : OTHER_COLOURS[i % OTHER_COLOURS.length],
  );
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Complications by guidance set-up',
    width: 400,
    height: 280,
    data: { values },
    mark: 'bar',
    encoding: {
      x: {
        field: 'guidance',
        type: 'nominal',
        sort: [...GUIDANCE_LEVELS],
        title: 'guidance',
        axis: { labelAngle: 0 },
      },
      y: {
        field: 'n',
        type: 'quantitative',
        title: 'patients',
        stack: 'zero',
        axis: { tickMinStep: 1, format: 'd' },
      },
      color: {
        field: 'complication',
        type: 'nominal',
        title: 'complication',
        scale: { domain: kinds, range },
        legend: { labelLimit: 240 },
      },
      order: { field: 'rank' },
    },
  };
}

/** SVG text of a Vega-Lite spec, rendered headless by vega. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const [vl, vega] = await Promise.all([import('vega-lite'), import('vega')]);
  const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** The three figures of `analyze --plots`: pain.svg, survival.svg, complications.svg. */
export async function renderCohortFigures(rows: readonly CohortRow[]): Promise<Figure[]> {
  return [
    { name: 'pain.svg', svg: await renderSvg(painSpec(rows)) },
    { name: 'survival.svg', svg: await renderSvg(kmSpec(rows)) },
    { name: 'complications.svg', svg: await renderSvg(complicationsSpec(rows)) },
  ];
}
