/**
 * Automatic segmentation and the structure list: the "Segment" button starts the server job
 * and shows its progress live (Server-Sent Events); each structure is listed with its colour
 * (src/anatomy/labels.ts), a visibility switch, an opacity slider, its volume in mL (from the
 * server) and a choice of the structure the refinement tools write.
 */
import { labelColour } from '../../../src/anatomy/labels.js';
import { el, formatMl, type ViewContext } from '../context.js';

export function mountSegmentationView(root: HTMLElement, ctx: ViewContext): void {
  const { store } = ctx;
  const button = el('button', { type: 'button', class: 'primary', 'data-testid': 'segment' }, 'Segment');
  const bar = el('progress', { max: 1, value: 0, class: 'job-progress', hidden: true });
  const text = el('span', { class: 'job-text', 'data-testid': 'job-text' });
  const list = el('table', { class: 'structures', 'data-testid': 'structures' });
  /** True from the click until the result is shown (the job may be done before that). */
  let pending = false;
  button.addEventListener('click', async () => {
    pending = true;
    renderJob();
    try {
      await ctx.labels.segment();
      ctx.notify('Segmentation done.', 'info');
    } catch (e) {
      ctx.notify((e as Error).message, 'error');
    } finally {
      pending = false;
      renderJob();
    }
  });
  root.replaceChildren(
    el('h3', {}, 'Segmentation'),
    el('div', { class: 'row' }, button, bar),
    el('div', { class: 'row' }, text),
    list,
  );

  const renderJob = () => {
    const job = store.get().job;
    const running = job !== null && (job.state === 'queued' || job.state === 'running');
    bar.hidden = !running;
    bar.value = job?.progress ?? 0;
    button.disabled = running || pending;
    text.textContent = !job
      ? ''
      : job.state === 'failed'
        ? `Failed: ${job.error ?? ''}`
        : job.state === 'done'
          ? 'Done.'
          : `${Math.round(100 * job.progress)} % — ${job.message}`;
    button.textContent = store.get().labels ? 'Segment again' : 'Segment';
  };

  const renderList = () => {
    const s = store.get();
    const labels = s.labels;
    if (!labels) {
      list.replaceChildren(el('tr', {}, el('td', {}, 'No segmentation yet.')));
      return;
    }
    const names = Object.entries(labels.labels)
      .sort((a, b) => a[1] - b[1])
      .map(([n]) => n);
    list.replaceChildren(
      el('tr', {}, ...['', 'Structure', 'Show', 'Opacity', 'mL'].map((h) => el('th', {}, h))),
      ...names.map((name) => {
        const [r, g, b] = labelColour(name);
        return el(
          'tr',
          { 'data-structure': name, class: s.activeLabel === name ? 'active' : '' },
          el(
            'td',
            {},
            el('input', {
              type: 'radio',
              name: 'active-structure',
              checked: s.activeLabel === name,
              title: 'the structure the tools edit',
              onchange: () => store.set({ activeLabel: name }),
            }),
          ),
          el(
            'td',
            {},
            el('span', {
              class: 'swatch',
              style: `background: rgb(${r}, ${g}, ${b})`,
              'data-rgb': `${r},${g},${b}`,
            }),
            name,
          ),
          el(
            'td',
            {},
            el('input', {
              type: 'checkbox',
              checked: !s.hidden[name],
              'aria-label': `show ${name}`,
              onchange: (e: Event) =>
                store.set({
                  hidden: { ...store.get().hidden, [name]: !(e.target as HTMLInputElement).checked },
                }),
            }),
          ),
          el(
            'td',
            {},
            el('input', {
              type: 'range',
              min: 0,
              max: 1,
              step: 0.1,
              value: String(s.opacity[name] ?? 1),
              'aria-label': `opacity of ${name}`,
              onchange: (e: Event) =>
                store.set({
                  opacity: { ...store.get().opacity, [name]: Number((e.target as HTMLInputElement).value) },
                }),
            }),
          ),
          el('td', { class: 'volume', 'data-volume': name }, formatMl(labels.volumes_ml[name] ?? 0)),
        );
      }),
    );
  };

  store.subscribe((s, prev) => {
    if (s.job !== prev.job || s.labels !== prev.labels) renderJob();
    if (s.labels !== prev.labels || s.activeLabel !== prev.activeLabel || s.hidden !== prev.hidden)
      renderList();
    if (s.hidden !== prev.hidden || s.opacity !== prev.opacity) ctx.labels.restyle();
  });
  renderJob();
  renderList();
}
