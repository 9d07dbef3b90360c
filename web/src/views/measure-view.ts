/**
 * Navigation and measurement tools: crosshair, pan/zoom (wheel zooms in this mode), distance
 * ruler (also Shift+drag in any mode) with the HU statistics along the measured line, and the
 * CT value under the crosshair.
 */
import { el, type ViewContext } from '../context.js';
import type { Measurement, Tool } from '../state.js';
import type { Point } from '../api.js';

export const NAV_TOOLS: [Tool, string, string][] = [
  ['navigate', 'Crosshair', 'N / Esc'],
  ['pan', 'Pan / zoom', 'P'],
  ['measure', 'Distance', 'M'],
];

export function mountMeasureView(root: HTMLElement, ctx: ViewContext): void {
  const { store, viewer } = ctx;
  const list = el('ol', { class: 'measurements', 'data-testid': 'measurements' });
  const buttons = NAV_TOOLS.map(([tool, label, key]) =>
    el(
      'button',
      { type: 'button', 'data-tool': tool, title: `${label} (${key})`, onclick: () => store.set({ tool }) },
      `${label} [${key.split(' ')[0]}]`,
    ),
  );
  root.replaceChildren(
    el('h3', {}, 'Navigate & measure'),
    el('div', { class: 'row' }, ...buttons),
    list,
    el(
      'button',
      { type: 'button', onclick: () => (viewer.nv.clearMeasurements(), store.set({ measurements: [] })) },
      'Clear measurements',
    ),
  );

  let nextId = 1;
  viewer.nv.onMeasurementCompleted = (m) => {
    const start: Point = [-m.startMM[0], -m.startMM[1], m.startMM[2]];
    const end: Point = [-m.endMM[0], -m.endMM[1], m.endMM[2]];
    const stats = huAlong(start, end, (p) => viewer.huAt(p));
    const measurement: Measurement = {
      id: nextId++,
      startLps: start,
      endLps: end,
      distanceMm: m.distance,
      ...stats,
    };
    store.set({ measurements: [...store.get().measurements, measurement] });
  };

  const render = () => {
    list.replaceChildren(
      ...store
        .get()
        .measurements.map((m) =>
          el(
            'li',
            {},
            `${m.distanceMm.toFixed(1)} mm`,
            m.meanHu === null
              ? ''
              : `, HU mean ${m.meanHu.toFixed(0)} (min ${m.minHu?.toFixed(0)}, max ${m.maxHu?.toFixed(0)})`,
          ),
        ),
    );
    for (const b of buttons) b.classList.toggle('active', b.dataset.tool === store.get().tool);
  };
  store.subscribe((s, prev) => {
    if (s.measurements !== prev.measurements || s.tool !== prev.tool) render();
    if (s.tool !== prev.tool) viewer.setTool(s.tool);
  });
  render();
}

/** HU statistics of points every 0.5 mm along a segment (nearest voxel). */
function huAlong(
  a: Point,
  b: Point,
  huAt: (p: Point) => number | null,
): { meanHu: number | null; minHu: number | null; maxHu: number | null } {
  const length = Math.hypot(b[0] - a[0], b[1] - a[1], b[2] - a[2]);
  const steps = Math.max(1, Math.ceil(length / 0.5));
  let sum = 0;
  let n = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let s = 0; s <= steps; s++) {
    const t = s / steps;
    const hu = huAt([a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]), a[2] + t * (b[2] - a[2])]);
    if (hu === null) continue;
    sum += hu;
    n++;
    min = Math.min(min, hu);
    max = Math.max(max, hu);
  }
  return n ? { meanHu: sum / n, minHu: min, maxHu: max } : { meanHu: null, minHu: null, maxHu: null };
}
