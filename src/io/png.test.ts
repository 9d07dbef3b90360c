import { describe, expect, it } from 'vitest';
import { unzlibSync } from 'fflate';
import { encodePng } from './png.js';

describe('encodePng', () => {
  it('writes a valid signature, IHDR and the filtered rows', () => {
    const png = encodePng(Uint8Array.from([0, 64, 128, 255, 1, 2]), { width: 3, height: 2, channels: 1 });
    expect([...png.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
    const view = new DataView(png.buffer, png.byteOffset);
    expect(String.fromCharCode(...png.subarray(12, 16))).toBe('IHDR');
    expect(view.getUint32(16)).toBe(3);
    expect(view.getUint32(20)).toBe(2);
    const idatLength = view.getUint32(33);
    expect(String.fromCharCode(...png.subarray(37, 41))).toBe('IDAT');
    const raw = unzlibSync(png.subarray(41, 41 + idatLength));
    expect([...raw]).toEqual([0, 0, 64, 128, 0, 255, 1, 2]);
  });

  it('refuses a pixel count that does not match the size', () => {
    expect(() => encodePng(new Uint8Array(5), { width: 3, height: 2, channels: 1 })).toThrow(/needs 6/);
  });
});
