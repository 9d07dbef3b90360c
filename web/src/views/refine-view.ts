/**
 * Refinement tools on the active structure, all applied by the server (src/segment/refine):
 * sphere brush and eraser with a size in mm, threshold painting (the brush limited to an HU
 * range), region growing from a clicked seed, island removal, hole filling, smoothing, undo
 * and redo. A brush stroke is previewed at once with the same library function the server
 * runs, sent as one edit when the button is released (one undo step), and replaced by the
 * server's answer; a refused stroke is rolled back and the reason shown.
 */
import {
  paintSphere,
  revertDelta,
  thresholdPaint,
  type LabelDelta,
} from '../../../src/segment/refine/index.js';
import type { EditBody, Point } from '../api.js';
import { el, type ViewContext } from '../context.js';
import type { Tool } from '../state.js';
import { MARKS } from '../marks.js';

export const PAINT_TOOLS: [Tool, string, string][] = [
  ['brush', 'Brush', 'B'],
  ['eraser', 'Eraser', 'E'],
  ['threshold', 'Threshold paint', 'T'],
  ['grow', 'Grow from seed', 'G'],
];

const isPaintTool = (t: Tool) => t === 'brush' || t === 'eraser' || t === 'threshold' || t === 'grow';

export function mountRefineView(root: HTMLElement, ctx: ViewContext, stage: HTMLElement): void {
  const { store, viewer } = ctx;
  const toolButtons = PAINT_TOOLS.map(([tool, label, key]) =>
    el(
      'button',
      { type: 'button', 'data-tool': tool, title: `${label} (${key})`, onclick: () => store.set({ tool }) },
      `${label} [${key}]`,
    ),
  );
  const size = el('input', {
    type: 'range',
    min: 1,
    max: 40,
    step: 0.5,
    'aria-label': 'brush radius (mm)',
    oninput: (e: Event) => store.set({ brushRadiusMm: Number((e.target as HTMLInputElement).value) }),
  });
  const sizeText = el('span', { 'data-testid': 'brush-size' });
  const huMin = numberInput('minimum HU', (v) => store.set({ huRange: [v, store.get().huRange[1]] }));
  const huMax = numberInput('maximum HU', (v) => store.set({ huRange: [store.get().huRange[0], v] }));
  const growMax = numberInput('largest grown volume (mL)', (v) => store.set({ growMaxMl: v }));
  const undoButton = el(
    'button',
    { type: 'button', 'data-testid': 'undo', onclick: () => void run(() => ctx.labels.undo()) },
    'Undo [Ctrl+Z]',
  );
  const redoButton = el(
    'button',
    { type: 'button', 'data-testid': 'redo', onclick: () => void run(() => ctx.labels.redo()) },
    'Redo [Ctrl+Y]',
  );
  const whole = (label: string, body: (name: string) => EditBody) =>
    el(
      'button',
      { type: 'button', onclick: () => void run(() => ctx.labels.edit(body(store.get().activeLabel))) },
      label,
    );
  const activeText = el('span', { class: 'active-structure' });
  root.replaceChildren(
    el('h3', {}, 'Refine ', activeText),
    el('div', { class: 'row' }, ...toolButtons),
    el('label', { class: 'row' }, 'Brush radius ', size, ' ', sizeText, ' [+/−]'),
    el('label', { class: 'row' }, 'HU range ', huMin, ' – ', huMax),
    el('label', { class: 'row' }, 'Grow at most ', growMax, ' mL'),
    el(
      'div',
      { class: 'row' },
      whole('Remove islands', (label) => ({ op: 'remove_islands', label })),
      whole('Fill holes', (label) => ({ op: 'fill_holes', label })),
      whole('Smooth', (label) => ({ op: 'smooth', label, radius_mm: 2 })),
    ),
    el('div', { class: 'row' }, undoButton, redoButton),
  );

  /** Runs an edit, showing that the server works and why it refused. */
  const run = async (send: () => Promise<unknown>) => {
    store.set({ busy: 'editing…' });
    try {
      await send();
    } catch (e) {
      ctx.notify((e as Error).message, 'error');
    } finally {
      store.set({ busy: null });
    }
  };

  // --- strokes on the canvas ---------------------------------------------------------------
  const cursor = el('div', { class: 'brush-cursor', hidden: true });
  stage.append(cursor);
  let stroke: { points: Point[]; preview: LabelDelta[]; tool: Tool } | null = null;

  const dab = (p: Point) => {
    if (!stroke) return;
    stroke.points.push(p);
    const map = viewer.labelMap;
    const s = store.get();
    const value = map?.labels[s.activeLabel];
    if (!map || value === undefined) return;
    const edit = { label: value, centerLps: p, radiusMm: s.brushRadiusMm };
    if (stroke.tool === 'threshold') {
      const ct = viewer.ct;
      const range = viewer.rawRange(s.huRange);
      if (ct && range)
        stroke.preview.push(thresholdPaint(map, ct, { ...edit, minHu: range[0], maxHu: range[1] }));
    } else
      stroke.preview.push(paintSphere(map, { ...edit, mode: stroke.tool === 'eraser' ? 'erase' : 'paint' }));
    viewer.refreshOverlay();
  };

  const onDown = (e: MouseEvent) => {
    const s = store.get();
    if (e.button !== 0 || !isPaintTool(s.tool) || e.shiftKey || e.ctrlKey) return;
    e.stopPropagation();
    e.preventDefault();
    if (!s.labels) {
      ctx.notify('Run the segmentation first: the tools edit its label map.', 'error');
      return;
    }
    const p = viewer.screenToLps(e.clientX, e.clientY);
    if (!p) return;
    if (s.tool === 'grow') {
      void run(() =>
        ctx.labels.edit({
          op: 'grow',
          label: s.activeLabel,
          seeds_lps: [p],
          min_hu: s.huRange[0],
          max_hu: s.huRange[1],
          max_volume_ml: s.growMaxMl,
        }),
      );
      return;
    }
    stroke = { points: [], preview: [], tool: s.tool };
    dab(p);
  };

  const onMove = (e: MouseEvent) => {
    showCursor(e);
    if (!stroke) return;
    e.stopPropagation();
    const p = viewer.screenToLps(e.clientX, e.clientY);
    if (!p) return;
    const last = stroke.points[stroke.points.length - 1];
    const step = Math.max(0.5, store.get().brushRadiusMm * 0.4);
    const d = Math.hypot(p[0] - last[0], p[1] - last[1], p[2] - last[2]);
    for (let t = step; t <= d; t += step) {
      const f = t / d;
      dab([last[0] + f * (p[0] - last[0]), last[1] + f * (p[1] - last[1]), last[2] + f * (p[2] - last[2])]);
    }
  };

  const onUp = (e: MouseEvent) => {
    if (!stroke) return;
    performance.mark(MARKS.strokeEnd);
    e.stopPropagation();
    const done = stroke;
    stroke = null;
    const s = store.get();
    const body: EditBody = {
      op: done.tool === 'eraser' ? 'erase' : 'paint',
      label: s.activeLabel,
      center_lps: done.points[0],
      radius_mm: s.brushRadiusMm,
      ...(done.points.length > 1 ? { path_lps: done.points.slice(1) } : {}),
      ...(done.tool === 'threshold' ? { min_hu: s.huRange[0], max_hu: s.huRange[1] } : {}),
    };
    void run(async () => {
      try {
        await ctx.labels.edit(body);
      } catch (err) {
        const map = viewer.labelMap;
        if (map) for (const d of [...done.preview].reverse()) revertDelta(map, d);
        viewer.refreshOverlay();
        throw err;
      }
    });
  };

  const showCursor = (e: MouseEvent) => {
    const s = store.get();
    const mmPerPx = isPaintTool(s.tool) && s.tool !== 'grow' ? viewer.mmPerPixel(e.clientX, e.clientY) : null;
    cursor.hidden = mmPerPx === null;
    if (mmPerPx === null) return;
    const r = s.brushRadiusMm / mmPerPx;
    const rect = stage.getBoundingClientRect();
    Object.assign(cursor.style, {
      width: `${2 * r}px`,
      height: `${2 * r}px`,
      left: `${e.clientX - rect.left - r}px`,
      top: `${e.clientY - rect.top - r}px`,
    });
  };

  stage.addEventListener('mousedown', onDown, { capture: true });
  stage.addEventListener('mousemove', onMove, { capture: true });
  window.addEventListener('mouseup', onUp, { capture: true });
  stage.addEventListener('mouseleave', () => (cursor.hidden = true));

  const render = () => {
    const s = store.get();
    size.value = String(s.brushRadiusMm);
    sizeText.textContent = `${s.brushRadiusMm.toFixed(1)} mm`;
    huMin.value = String(s.huRange[0]);
    huMax.value = String(s.huRange[1]);
    growMax.value = String(s.growMaxMl);
    undoButton.disabled = !s.labels?.can_undo;
    redoButton.disabled = !s.labels?.can_redo;
    activeText.textContent = s.labels ? `· ${s.activeLabel}` : '';
    for (const b of toolButtons) b.classList.toggle('active', b.dataset.tool === s.tool);
    stage.classList.toggle('painting', isPaintTool(s.tool));
  };
  store.subscribe((s, prev) => {
    if (
      s.brushRadiusMm !== prev.brushRadiusMm ||
      s.huRange !== prev.huRange ||
      s.growMaxMl !== prev.growMaxMl ||
      s.labels !== prev.labels ||
      s.activeLabel !== prev.activeLabel ||
      s.tool !== prev.tool
    )
      render();
  });
  render();
}

function numberInput(label: string, onChange: (v: number) => void): HTMLInputElement {
  return el('input', {
    type: 'number',
    class: 'num',
    'aria-label': label,
    onchange: (e: Event) => {
      const v = Number((e.target as HTMLInputElement).value);
      if (Number.isFinite(v)) onChange(v);
    },
  });
}
