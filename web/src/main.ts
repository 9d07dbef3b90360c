/**
 * The workstation page: `#/` lists the studies, `#/study/<id>` opens one in the viewer with
 * the capability panels (display, measurement, segmentation, refinement, export). A new
 * capability adds its panel module under views/ and one line in `panels` below.
 */
import './styles.css';
import { api, type Study } from './api.js';
import { el, type ViewContext } from './context.js';
import { LabelsController } from './labels-controller.js';
import { initialState, store } from './state.js';
import { MARKS } from './marks.js';
import { Viewer } from './viewer.js';
import { mountDisplayView } from './views/display-view.js';
import { mountExportView } from './views/export-view.js';
import { mountMeasureView } from './views/measure-view.js';
import { mountNotifyView } from './views/notify-view.js';
import { mountRefineView } from './views/refine-view.js';
import { mountSegmentationView } from './views/segmentation-view.js';
import { mountShortcutsView } from './views/shortcuts-view.js';
import { mountStatusView } from './views/status-view.js';
import { mountStudyList } from './views/study-list-view.js';

const app = document.getElementById('app') as HTMLElement;
const notify = mountNotifyView(document.body);

const studyTitle = el('span', { class: 'study-title', 'data-testid': 'study-title' });
const helpButton = el('button', { type: 'button', title: 'keyboard shortcuts (?)' }, 'Shortcuts ?');
const header = el(
  'header',
  {},
  el('a', { href: '#/', class: 'brand' }, 'SacroGuide'),
  el('a', { href: '#/', class: 'nav' }, 'Studies'),
  studyTitle,
  helpButton,
);
const listPage = el('main', { class: 'list-page' });
const panels = el('aside', { class: 'panels' });
const canvas = el('canvas', { 'data-testid': 'viewer' });
const stage = el('div', { class: 'stage' }, canvas);
const status = el('footer', { class: 'status' });
const workstation = el(
  'div',
  { class: 'workstation' },
  panels,
  el('div', { class: 'viewer-col' }, stage, status),
);
// the list lies over the workstation, which stays laid out so the viewer is ready before a study opens
app.append(header, el('div', { class: 'body' }, workstation, listPage));

const viewer = new Viewer(canvas);
const labels = new LabelsController(store, viewer, notify);
const ctx: ViewContext = { store, viewer, labels, notify };
/** A handle for the browser console and for automated tests (test/browser, bench). */
(window as unknown as { sacroguide: ViewContext }).sacroguide = ctx;

const section = () => el('section', { class: 'panel' });
const panelRoots = {
  display: section(),
  measure: section(),
  segmentation: section(),
  refine: section(),
  export: section(),
};
panels.append(...Object.values(panelRoots));

let attached: Promise<void> | null = null;
let shortcuts: { toggleHelp: () => void } | null = null;
const studyList = mountStudyList(listPage, {
  onOpen: (s) => (location.hash = `#/study/${encodeURIComponent(s.id)}`),
  notify,
});

function ensureWorkstation(): Promise<void> {
  attached ??= (async () => {
    await viewer.attach();
    mountDisplayView(panelRoots.display, ctx);
    mountMeasureView(panelRoots.measure, ctx);
    mountSegmentationView(panelRoots.segmentation, ctx);
    mountRefineView(panelRoots.refine, ctx, stage);
    mountExportView(panelRoots.export, ctx);
    mountStatusView(status, ctx);
    shortcuts = mountShortcutsView(document.body, ctx);
  })();
  return attached;
}

helpButton.addEventListener('click', () => void ensureWorkstation().then(() => shortcuts?.toggleHelp()));

async function openStudy(id: string): Promise<void> {
  performance.mark(MARKS.openStudy);
  listPage.hidden = true;
  await ensureWorkstation();
  const keep = store.get();
  store.set({
    ...initialState(),
    window: keep.window,
    brushRadiusMm: keep.brushRadiusMm,
    huRange: keep.huRange,
    busy: 'loading the image…',
  });
  // the image and its description load together: the image is what the user waits for
  const image = viewer.openCt(api.volumeUrl(id), store.get().window);
  let study: Study;
  try {
    study = await api.getStudy(id);
  } catch (e) {
    await image.catch(() => undefined);
    notify(`Cannot open the study: ${(e as Error).message}`, 'error');
    location.hash = '#/';
    return;
  }
  store.set({ study });
  studyTitle.textContent = `${study.name} · ${study.modality} · ${study.dims.join('×')}`;
  document.title = `${study.name} — SacroGuide`;
  try {
    await image;
    viewer.setRender3d(store.get().render3d);
    if (study.segmented) {
      store.set({ busy: 'loading the segmentation…' });
      await labels.load(id);
      labels.centreOnSacrum();
    }
  } catch (e) {
    notify(`Cannot show the study: ${(e as Error).message}`, 'error');
  } finally {
    store.set({ busy: null });
  }
}

async function route(): Promise<void> {
  const m = /^#\/study\/(.+)$/.exec(location.hash);
  if (m) return openStudy(decodeURIComponent(m[1]));
  store.set({ study: null });
  listPage.hidden = false;
  studyTitle.textContent = '';
  document.title = 'SacroGuide workstation';
  await studyList.refresh();
}

window.addEventListener('hashchange', () => void route());
void route();
void ensureWorkstation();
