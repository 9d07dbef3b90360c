/** What every view gets: the shared state, the viewer, the label controller, messages. */
import type { Store } from './state.js';
import type { Viewer } from './viewer.js';
import type { LabelsController } from './labels-controller.js';

export interface ViewContext {
  store: Store;
  viewer: Viewer;
  labels: LabelsController;
  /** Shows a message: errors stay until closed, infos fade. */
  notify: (message: string, kind?: 'error' | 'info') => void;
}

/** `el('button', {class: 'x', onclick}, 'text')`: a small DOM builder for the views. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<Record<string, unknown>> = {},
  ...children: (Node | string | null | undefined)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') node.addEventListener(k.slice(2), v as EventListener);
    else if (k === 'class') node.className = String(v);
    else if (k === 'dataset') Object.assign(node.dataset, v);
    else if (k in node && typeof v !== 'string') (node as unknown as Record<string, unknown>)[k] = v;
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c !== null && c !== undefined) node.append(c);
  return node;
}

/** Volume text as shown in the structure list and compared by the browser tests. */
export function formatMl(ml: number): string {
  return ml.toFixed(2);
}
