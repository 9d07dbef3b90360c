/**
 * Keyboard shortcuts a radiologist expects, handled before NiiVue sees the keys, and the help
 * panel that lists them (key ?).
 */
import { MULTIPLANAR_TYPE, SLICE_TYPE } from '@niivue/niivue';
import { el, type ViewContext } from '../context.js';
import { WINDOW_PRESETS, type Tool } from '../state.js';

export const SHORTCUTS: [string, string][] = [
  ['1 / 2 / 3', 'window: bone / soft tissue / wide'],
  ['right-drag', 'window and level'],
  ['wheel', 'scroll slices (zoom in pan mode)'],
  ['↑ / ↓, PgUp / PgDn', 'next / previous slice of the view under the mouse'],
  ['F', 'the view under the mouse full size / back to 2×2'],
  ['R', 'reset zoom and pan (and the 3D rotation)'],
  ['N or Esc', 'crosshair tool'],
  ['P', 'pan / zoom tool (Ctrl+drag or middle-drag pans in any tool)'],
  ['M', 'distance measurement (Shift+drag in any tool)'],
  ['B / E', 'brush / eraser'],
  ['T', 'threshold paint (brush limited to the HU range)'],
  ['G', 'grow from a clicked seed'],
  ['+ / −', 'brush radius up / down'],
  ['[ / ]', 'previous / next structure'],
  ['V', 'show / hide all structures'],
  ['Ctrl+Z / Ctrl+Y', 'undo / redo (Ctrl+Shift+Z redoes too)'],
  ['?', 'this help'],
];

const TOOL_KEYS: Record<string, Tool> = {
  n: 'navigate',
  p: 'pan',
  m: 'measure',
  b: 'brush',
  e: 'eraser',
  t: 'threshold',
  g: 'grow',
};

export function mountShortcutsView(root: HTMLElement, ctx: ViewContext): { toggleHelp: () => void } {
  const { store, viewer } = ctx;
  const dialog = el(
    'dialog',
    { class: 'help', 'data-testid': 'shortcuts' },
    el('h3', {}, 'Keyboard shortcuts'),
    el('table', {}, ...SHORTCUTS.map(([k, what]) => el('tr', {}, el('th', {}, k), el('td', {}, what)))),
    el('form', { method: 'dialog' }, el('button', {}, 'Close')),
  );
  root.append(dialog);
  const toggleHelp = () => (dialog.open ? dialog.close() : dialog.showModal());
  let hoveredAxis = 0; // 0 axial, 1 coronal, 2 sagittal: the slice tile last under the mouse
  let hoveredTile: number = SLICE_TYPE.AXIAL; // the same, or 4 (SLICE_TYPE.RENDER) for the 3D tile
  const { renderAzimuth, renderElevation } = viewer.nv.scene;

  viewer.canvas.addEventListener('mousemove', (e) => {
    const rect = viewer.canvas.getBoundingClientRect();
    const dpr = viewer.nv.uiData.dpr ?? 1;
    const tile = viewer.nv.tileIndex((e.clientX - rect.left) * dpr, (e.clientY - rect.top) * dpr);
    const axCorSag = tile >= 0 ? viewer.nv.screenSlices[tile]?.axCorSag : undefined;
    if (axCorSag === undefined) return;
    if (axCorSag <= 2) hoveredAxis = axCorSag;
    if (axCorSag <= 2 || axCorSag === SLICE_TYPE.RENDER) hoveredTile = axCorSag;
  });

  /** One tile full size (the one under the mouse) or back to the 2x2 grid. */
  const toggleFullTile = () => {
    if (viewer.nv.opts.sliceType === SLICE_TYPE.MULTIPLANAR) viewer.nv.setSliceType(hoveredTile);
    else {
      viewer.nv.setSliceType(SLICE_TYPE.MULTIPLANAR);
      viewer.nv.setMultiplanarLayout(MULTIPLANAR_TYPE.GRID);
    }
  };

  const undoRedo = (redo: boolean) => {
    const send = redo ? ctx.labels.redo() : ctx.labels.undo();
    send.catch((e: Error) => ctx.notify(e.message, 'error'));
  };

  const onKey = (e: KeyboardEvent) => {
    const target = e.target as HTMLElement | null;
    if (target && typesText(target)) return;
    const key = e.key.toLowerCase();
    if (dialog.open) {
      // the help is modal: Esc closes it (the dialog's own key), ? too
      if (key === '?') {
        toggleHelp();
        e.preventDefault();
      }
      return;
    }
    if (!store.get().study) return;
    let handled = true;
    if ((e.ctrlKey || e.metaKey) && key === 'z') undoRedo(e.shiftKey);
    else if ((e.ctrlKey || e.metaKey) && key === 'y') undoRedo(true);
    else if (e.ctrlKey || e.metaKey || e.altKey) handled = false;
    else if (key === 'escape') store.set({ tool: 'navigate' });
    else if (TOOL_KEYS[key]) store.set({ tool: TOOL_KEYS[key] });
    else if (key === '+' || key === '=')
      store.set({ brushRadiusMm: Math.min(40, store.get().brushRadiusMm + 0.5) });
    else if (key === '-' || key === '_')
      store.set({ brushRadiusMm: Math.max(1, store.get().brushRadiusMm - 0.5) });
    else if (key === '?') toggleHelp();
    else if (key === 'f') toggleFullTile();
    else if (key === 'r') {
      viewer.nv.setPan2Dxyzmm([0, 0, 0, 1]);
      viewer.nv.setRenderAzimuthElevation(renderAzimuth, renderElevation);
    } else if (key === 'v') {
      const labels = store.get().labels;
      if (labels) {
        const anyShown = Object.keys(labels.labels).some((n) => !store.get().hidden[n]);
        store.set({ hidden: Object.fromEntries(Object.keys(labels.labels).map((n) => [n, anyShown])) });
      }
    } else if (key === '[' || key === ']') {
      const labels = store.get().labels;
      if (labels) {
        const names = Object.entries(labels.labels)
          .sort((a, b) => a[1] - b[1])
          .map(([n]) => n);
        const i = names.indexOf(store.get().activeLabel);
        store.set({ activeLabel: names[(i + (key === ']' ? 1 : names.length - 1)) % names.length] });
      }
    } else if (key === 'arrowup' || key === 'arrowdown' || key === 'pageup' || key === 'pagedown') {
      const step = key === 'arrowup' || key === 'pageup' ? 1 : -1;
      const v: [number, number, number] = [0, 0, 0];
      v[2 - hoveredAxis] = step; // axial moves along z, coronal along y, sagittal along x
      viewer.nv.moveCrosshairInVox(v[0], v[1], v[2]);
    } else {
      const preset = Object.values(WINDOW_PRESETS).find((p) => p.key === key);
      if (preset) store.set({ window: { centerHu: preset.centerHu, widthHu: preset.widthHu } });
      else handled = false;
    }
    if (handled) {
      e.preventDefault();
      e.stopPropagation();
    }
  };
  window.addEventListener('keydown', onKey, { capture: true });
  return { toggleHelp };
}

/** Fields whose keys are their own (text, numbers, sliders, lists); check boxes and buttons are not. */
function typesText(target: HTMLElement): boolean {
  if (target.tagName === 'SELECT' || target.tagName === 'TEXTAREA' || target.isContentEditable) return true;
  if (target.tagName !== 'INPUT') return false;
  const type = (target as HTMLInputElement).type;
  return type !== 'checkbox' && type !== 'radio' && type !== 'button';
}
