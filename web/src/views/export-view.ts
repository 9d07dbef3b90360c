/**
 * Exports of the open study: the label map (NIfTI on the study grid), an STL surface per
 * structure (LPS mm, as 3D Slicer reads them), and the printable summary, for which the page
 * first posts a screenshot of the current views to the server.
 */
import { api } from '../api.js';
import { el, type ViewContext } from '../context.js';

export function mountExportView(root: HTMLElement, ctx: ViewContext): void {
  const { store, viewer } = ctx;
  const labelsLink = el(
    'a',
    { class: 'button', 'data-testid': 'export-labels', download: '' },
    'Label map (NIfTI)',
  );
  const stlSelect = el('select', { 'aria-label': 'structure to export as STL' });
  const stlLink = el('a', { class: 'button', 'data-testid': 'export-stl', download: '' }, 'STL');
  const summary = el(
    'button',
    {
      type: 'button',
      'data-testid': 'export-summary',
      onclick: async () => {
        const study = store.get().study;
        if (!study) return;
        const tab = window.open('about:blank', '_blank');
        store.set({ busy: 'preparing the summary…' });
        try {
          await api.postSnapshot(study.id, 'workstation', await viewer.snapshot());
          if (tab) tab.location.href = api.summaryUrl(study.id);
          else window.location.href = api.summaryUrl(study.id);
        } catch (e) {
          tab?.close();
          ctx.notify(`Cannot make the summary: ${(e as Error).message}`, 'error');
        } finally {
          store.set({ busy: null });
        }
      },
    },
    'Printable summary',
  );
  const body = el('div', {});
  root.replaceChildren(el('h3', {}, 'Export'), body);

  const render = () => {
    const s = store.get();
    if (!s.study || !s.labels) {
      body.replaceChildren(el('p', { class: 'hint' }, 'Exports need a segmentation.'));
      return;
    }
    const id = s.study.id;
    labelsLink.href = api.labelsDownloadUrl(id);
    const names = Object.keys(s.labels.labels).filter((n) => (s.labels?.volumes_ml[n] ?? 0) > 0);
    const chosen = stlSelect.value && names.includes(stlSelect.value) ? stlSelect.value : names[0];
    stlSelect.replaceChildren(...names.map((n) => el('option', { value: n, selected: n === chosen }, n)));
    stlLink.href = chosen ? api.stlUrl(id, chosen) : '#';
    body.replaceChildren(
      el('div', { class: 'row' }, labelsLink),
      el('div', { class: 'row' }, stlSelect, ' ', stlLink),
      el('div', { class: 'row' }, summary),
    );
  };
  stlSelect.addEventListener('change', render);
  store.subscribe((s, prev) => {
    if (s.study !== prev.study || s.labels !== prev.labels) render();
  });
  render();
}
