/**
 * Strict UTF-8 decoding: `TextDecoder` with `fatal: true` (WHATWG rules: no overlong forms, no
 * surrogates, nothing above U+10FFFF), plus the offset of the first invalid byte so that an
 * error can say where it is. A leading byte-order mark is removed.
 */

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Decoded text, or the byte offset of the first byte that is not valid UTF-8. */
export type Utf8Result = { ok: true; text: string } | { ok: false; offset: number };

/** Decodes `bytes` strictly; a leading BOM (EF BB BF) is dropped. */
export function decodeUtf8(bytes: Uint8Array): Utf8Result {
  try {
    return { ok: true, text: decoder.decode(bytes) };
  } catch {
    return { ok: false, offset: firstInvalidUtf8(bytes) };
  }
}

/** Offset of the first byte that starts or continues an invalid UTF-8 sequence; -1 if none. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      if (i + k >= n) return i;
      const c = bytes[i + k];
      if (c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i;
    }
    i += need + 1;
  }
  return -1;
}
