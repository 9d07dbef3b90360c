/**
 * Pixels of the viewer canvas from a page screenshot (PNG, 8-bit RGB or RGBA, not interlaced,
 * as Chromium writes them), for assertions on what the user sees.
 */
import { inflateSync } from 'node:zlib';
import type { Page } from 'playwright-core';

export type Rgb = readonly [number, number, number];

export interface Pixels {
  width: number;
  height: number;
  /** RGB, rows top to bottom. */
  rgb: Uint8Array;
}

/** Decodes a PNG (colour type 2 or 6, bit depth 8). */
export function decodePng(png: Uint8Array): Pixels {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Uint8Array[] = [];
  for (let o = 8; o < png.length;) {
    const length = view.getUint32(o);
    const type = String.fromCharCode(...png.subarray(o + 4, o + 8));
    const body = png.subarray(o + 8, o + 8 + length);
    if (type === 'IHDR') {
      width = view.getUint32(o + 8);
      height = view.getUint32(o + 12);
      if (body[8] !== 8 || (body[9] !== 2 && body[9] !== 6) || body[12] !== 0)
        throw new Error(`unsupported PNG: depth ${body[8]} colour type ${body[9]} interlace ${body[12]}`);
      channels = body[9] === 6 ? 4 : 3;
    } else if (type === 'IDAT') idat.push(body);
    o += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const cur = new Uint8Array(stride);
  const prev = new Uint8Array(stride);
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? cur[x - channels] : 0;
      const b = prev[x];
      const c = x >= channels ? prev[x - channels] : 0;
      let v = line[x];
      if (filter === 1) v += a;
      else if (filter === 2) v += b;
      else if (filter === 3) v += (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      cur[x] = v & 255;
    }
    for (let x = 0; x < width; x++)
      for (let ch = 0; ch < 3; ch++) rgb[3 * (y * width + x) + ch] = cur[x * channels + ch];
    prev.set(cur);
  }
  return { width, height, rgb };
}

/** The viewer canvas's pixels (canvas CSS pixels) from a screenshot of the page (taken now when omitted). */
export async function canvasPixels(page: Page, screenshot?: Uint8Array): Promise<Pixels> {
  const png = screenshot ?? (await page.screenshot());
  const all = decodePng(png);
  const box = await page.locator('[data-testid=viewer]').boundingBox();
  if (!box) throw new Error('no viewer canvas on the page');
  const x0 = Math.round(box.x);
  const y0 = Math.round(box.y);
  const width = Math.min(Math.round(box.width), all.width - x0);
  const height = Math.min(Math.round(box.height), all.height - y0);
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++)
    rgb.set(
      all.rgb.subarray(3 * ((y0 + y) * all.width + x0), 3 * ((y0 + y) * all.width + x0 + width)),
      3 * y * width,
    );
  return { width, height, rgb };
}

export function colourCount(px: Pixels, test: (r: number, g: number, b: number) => boolean): number {
  let n = 0;
  for (let i = 0; i < px.rgb.length; i += 3) if (test(px.rgb[i], px.rgb[i + 1], px.rgb[i + 2])) n++;
  return n;
}

/** True when the pixel at (x, y) or one within 1 pixel has `rgb` within `tolerance` per channel. */
export function colourNear(px: Pixels, at: { x: number; y: number; rgb: Rgb; tolerance: number }): boolean {
  for (let dy = -1; dy <= 1; dy++)
    for (let dx = -1; dx <= 1; dx++) {
      const x = Math.round(at.x) + dx;
      const y = Math.round(at.y) + dy;
      if (x < 0 || y < 0 || x >= px.width || y >= px.height) continue;
      const o = 3 * (y * px.width + x);
      if ([0, 1, 2].every((c) => Math.abs(px.rgb[o + c] - at.rgb[c]) <= at.tolerance)) return true;
    }
  return false;
}

/** The left half of a picture (in the 2x2 layout: the coronal and axial tiles). */
export function leftHalf(px: Pixels): Pixels {
  const width = Math.floor(px.width / 2);
  const rgb = new Uint8Array(width * px.height * 3);
  for (let y = 0; y < px.height; y++)
    rgb.set(px.rgb.subarray(3 * y * px.width, 3 * (y * px.width + width)), 3 * y * width);
  return { width, height: px.height, rgb };
}

/** A rectangle in canvas CSS pixels. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The part of a picture inside a rectangle (clipped to the picture). */
export function cropPixels(px: Pixels, rect: Rect): Pixels {
  const x0 = Math.max(0, Math.round(rect.x));
  const y0 = Math.max(0, Math.round(rect.y));
  const width = Math.max(0, Math.min(px.width, Math.round(rect.x + rect.width)) - x0);
  const height = Math.max(0, Math.min(px.height, Math.round(rect.y + rect.height)) - y0);
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++)
    rgb.set(
      px.rgb.subarray(3 * ((y0 + y) * px.width + x0), 3 * ((y0 + y) * px.width + x0 + width)),
      3 * y * width,
    );
  return { width, height, rgb };
}

/**
 * Centroid, as fractions of the rectangle (0..1, y down), of the grey pixels (r = g = b within 8)
 * whose level is within 10 of `grey`, and their count. Coloured text and lines are not grey.
 */
export function greyCentroid(
  px: Pixels,
  rect: Rect,
  grey: number,
): { fx: number; fy: number; count: number } {
  let n = 0;
  let sx = 0;
  let sy = 0;
  for (let y = Math.round(rect.y); y < Math.round(rect.y + rect.height); y++)
    for (let x = Math.round(rect.x); x < Math.round(rect.x + rect.width); x++) {
      if (x < 0 || y < 0 || x >= px.width || y >= px.height) continue;
      const o = 3 * (y * px.width + x);
      const [r, g, b] = [px.rgb[o], px.rgb[o + 1], px.rgb[o + 2]];
      if (Math.abs(r - g) > 8 || Math.abs(g - b) > 8 || Math.abs((r + g + b) / 3 - grey) > 10) continue;
      n++;
      sx += x;
      sy += y;
    }
  return n
    ? { fx: (sx / n - rect.x) / rect.width, fy: (sy / n - rect.y) / rect.height, count: n }
    : { fx: NaN, fy: NaN, count: 0 };
}
