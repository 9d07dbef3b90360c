/** Messages: errors (with the server's reason) stay until closed; information fades after a few seconds. */
import { el } from '../context.js';

export function mountNotifyView(root: HTMLElement): (message: string, kind?: 'error' | 'info') => void {
  const box = el('div', { class: 'notices', role: 'status', 'aria-live': 'assertive' });
  root.append(box);
  return (message, kind = 'info') => {
    const close = el('button', { type: 'button', class: 'close', 'aria-label': 'close' }, '×');
    const note = el('div', { class: `notice ${kind}`, 'data-kind': kind }, el('span', {}, message), close);
    close.addEventListener('click', () => note.remove());
    box.append(note);
    if (kind === 'info') setTimeout(() => note.remove(), 4000);
  };
}
