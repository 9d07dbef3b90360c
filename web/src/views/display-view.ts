/**
 * Display controls: window/level presets (also keys 1-3; the right mouse button drags the
 * window), the label overlay opacity, the 3D view (surfaces or CT volume rendering) and the
 * layout of the tiles.
 */
import { MULTIPLANAR_TYPE, SLICE_TYPE } from '@niivue/niivue';
import { el, type ViewContext } from '../context.js';
import { WINDOW_PRESETS, type WindowLevel } from '../state.js';

export function mountDisplayView(root: HTMLElement, ctx: ViewContext): void {
  const { store, viewer } = ctx;
  const wlText = el('span', { class: 'wl-text', 'data-testid': 'window-text' });
  const presets = Object.entries(WINDOW_PRESETS).map(([name, p]) =>
    el(
      'button',
      {
        type: 'button',
        'data-preset': name,
        title: `${p.label}: centre ${p.centerHu} HU, width ${p.widthHu} HU (key ${p.key})`,
        onclick: () => store.set({ window: { centerHu: p.centerHu, widthHu: p.widthHu } }),
      },
      `${p.label} [${p.key}]`,
    ),
  );
  const opacity = el('input', {
    type: 'range',
    min: 0,
    max: 1,
    step: 0.05,
    value: String(store.get().overlayOpacity),
    'aria-label': 'label overlay opacity',
    oninput: (e: Event) => store.set({ overlayOpacity: Number((e.target as HTMLInputElement).value) }),
  });
  const render = el(
    'select',
    {
      'aria-label': '3D view',
      onchange: (e: Event) =>
        store.set({ render3d: (e.target as HTMLSelectElement).value as 'surfaces' | 'volume' }),
    },
    el('option', { value: 'surfaces' }, '3D: structure surfaces'),
    el('option', { value: 'volume' }, '3D: CT volume + surfaces'),
  );
  const layouts: [string, () => void][] = [
    [
      '2×2',
      () => (
        viewer.nv.setSliceType(SLICE_TYPE.MULTIPLANAR),
        viewer.nv.setMultiplanarLayout(MULTIPLANAR_TYPE.GRID)
      ),
    ],
    ['Axial', () => viewer.nv.setSliceType(SLICE_TYPE.AXIAL)],
    ['Coronal', () => viewer.nv.setSliceType(SLICE_TYPE.CORONAL)],
    ['Sagittal', () => viewer.nv.setSliceType(SLICE_TYPE.SAGITTAL)],
    ['3D', () => viewer.nv.setSliceType(SLICE_TYPE.RENDER)],
  ];
  root.replaceChildren(
    el('h3', {}, 'Display'),
    el('div', { class: 'row' }, ...presets),
    el('div', { class: 'row' }, wlText),
    el(
      'div',
      { class: 'row' },
      ...layouts.map(([label, f]) => el('button', { type: 'button', onclick: f }, label)),
    ),
    el('label', { class: 'row' }, 'Labels opacity ', opacity),
    el('div', { class: 'row' }, render),
  );

  const show = () => {
    const w = store.get().window;
    wlText.textContent = `W ${Math.round(w.widthHu)} / L ${Math.round(w.centerHu)} HU (right-drag to change)`;
  };
  const differs = (a: WindowLevel, b: WindowLevel) =>
    Math.abs(a.centerHu - b.centerHu) > 0.5 || Math.abs(a.widthHu - b.widthHu) > 0.5;
  store.subscribe((s, prev) => {
    if (s.window !== prev.window) {
      const shown = viewer.currentWindow();
      if (!shown || differs(shown, s.window)) viewer.setWindow(s.window);
      show();
    }
    if (s.overlayOpacity !== prev.overlayOpacity) ctx.labels.restyle();
    if (s.render3d !== prev.render3d) viewer.setRender3d(s.render3d);
  });
  // NiiVue changes the window itself while the right button drags (and tells no one): follow it
  const follow = () => {
    const shown = viewer.currentWindow();
    if (shown && store.get().study && differs(shown, store.get().window)) store.set({ window: shown });
  };
  viewer.canvas.addEventListener('mousemove', (e) => {
    if (e.buttons & 2) follow();
  });
  window.addEventListener('mouseup', follow);
  viewer.nv.onIntensityChange = follow;
  show();
}
