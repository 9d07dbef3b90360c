/**
 * Drag and drop of files onto an element, as the browser delivers a drop from the desktop:
 * `dragenter`, `dragover` and `drop` events carrying a DataTransfer with the files. (Playwright
 * cannot drag from the operating system; folders dropped from a file manager arrive as
 * directory entries, which a page script cannot make, so a folder is sent as its files.)
 */
import type { Page } from 'playwright-core';

export interface DroppedFile {
  name: string;
  bytes: Uint8Array;
}

export async function dropFiles(page: Page, selector: string, files: DroppedFile[]): Promise<void> {
  const payload = files.map((f) => ({ name: f.name, b64: Buffer.from(f.bytes).toString('base64') }));
  await page.evaluate(
    ([sel, list]) => {
      const target = document.querySelector(sel as string);
      if (!target) throw new Error(`nothing matches ${sel as string}`);
      const dt = new DataTransfer();
      for (const f of list as { name: string; b64: string }[])
        dt.items.add(new File([Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0))], f.name));
      for (const type of ['dragenter', 'dragover', 'drop'])
        target.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
    },
    [selector, payload] as const,
  );
}
