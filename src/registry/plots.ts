/**
 * Figures of the `analyze` report as Vega-Lite specifications, rendered to SVG in Node
 * (no browser, no canvas): pain over time as box plots, the Kaplan-Meier curve with its 95%
 * band, censoring marks and numbers at risk, and complications by guidance set-up.
 * Spec builders are pure; `renderSvg` loads vega and vega-lite only when called.
 */
import type { TopLevelSpec } from 'vega-lite';
import { EXTRAVASATION, GUIDANCE_LEVELS, PAIN_TIMES } from './cohort.js';
import type { CohortRow } from './cohort.js';
import { minMax } from './stats/descriptive.js';
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

/** Box plots (Tukey whiskers) of NRS pain at each time point, n per time in the axis label. */
export function painSpec(rows: readonly CohortRow[]): TopLevelSpec {
  const values: { time: string; pain: number }[] = [];
  const order: string[] = [];
  for (const t of PAIN_TIMES) {
    let n = 0;
    for (const r of rows) if (r.pain[t] !== null) n++;
    const label = `${PAIN_LABEL[t]}\nn = ${n}`;
    order.push(label);
    for (const r of rows) if (r.pain[t] !== null) values.push({ time: label, pain: r.pain[t] as number });
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Pain (NRS 0-10) over time',
    width: 540,
    height: 300,
    data: { values },
    mark: { type: 'boxplot', extent: 1.5, size: 28 },
    encoding: {
      x: {
        field: 'time',
        type: 'ordinal',
        sort: order,
        title: null,
        axis: { labelAngle: 0, labelExpr: "split(datum.label, '\\n')" },
      },
      y: { field: 'pain', type: 'quantitative', title: 'NRS pain', scale: { domain: [0, 10] } },
    },
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
  for (let k = 0; k < fit.time.length; k++) {
    const p = survivalPoint(fit.survival[k], fit.stdErr[k]);
    curve.push({ t: fit.time[k], s: p.s, lower: p.lower, upper: p.upper });
    if (fit.nCensor[k] > 0) censored.push({ t: fit.time[k], s: p.s });
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
            data: { values: curve.filter((c) => c.lower !== null) },
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
      y: { field: 'n', type: 'quantitative', title: 'patients', stack: 'zero' },
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
