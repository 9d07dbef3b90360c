/** The status bar under the viewer: crosshair position (LPS mm), CT value there, the tool, work under way. */
import { el, type ViewContext } from '../context.js';

export function mountStatusView(root: HTMLElement, ctx: ViewContext): void {
  const { store, viewer } = ctx;
  const where = el('span', { 'data-testid': 'cursor' });
  const tool = el('span', { class: 'status-tool' });
  const busy = el('span', { class: 'status-busy', 'aria-live': 'polite' });
  root.replaceChildren(where, tool, busy);
  viewer.nv.onLocationChange = (loc: unknown) => {
    const mm = (loc as { mm?: ArrayLike<number> }).mm;
    if (!mm) return;
    const lps: [number, number, number] = [-mm[0], -mm[1], mm[2]];
    store.set({ cursor: { lps, hu: viewer.huAt(lps) } });
  };
  const render = () => {
    const s = store.get();
    const c = s.cursor;
    where.textContent = c
      ? `LPS (${c.lps.map((v) => v.toFixed(1)).join(', ')}) mm · ${c.hu === null ? 'outside' : `${Math.round(c.hu)} HU`}`
      : '';
    tool.textContent = `tool: ${s.tool}`;
    busy.textContent = s.busy ?? '';
  };
  store.subscribe((s, prev) => {
    if (s.cursor !== prev.cursor || s.tool !== prev.tool || s.busy !== prev.busy) render();
  });
  render();
}
