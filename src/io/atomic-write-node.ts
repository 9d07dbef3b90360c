/**
 * Atomic file output: data goes to a temporary name beside the target and is renamed over it
 * at the end, so a failed run never leaves a half-written or corrupted output. (No fsync: the
 * guarantee is against failed or killed runs, not power loss; fsync doubled the time of
 * writing a 220 MB volume.)
 */
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';

function tempNameFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

const PIECE = 16 << 20;

/**
 * Writes the chunks one after another as 16 MB positional writes, several in flight: the
 * kernel's copy into the page cache then runs on more than one core (a 220 MB volume is
 * written in about half the time of one sequential write).
 */
async function writePieces(fh: FileHandle, chunks: readonly Uint8Array[]): Promise<void> {
  const pieces: { bytes: Uint8Array; position: number }[] = [];
  let position = 0;
  for (const c of chunks) {
    for (let o = 0; o < c.length; o += PIECE)
      pieces.push({ bytes: c.subarray(o, Math.min(c.length, o + PIECE)), position: position + o });
    position += c.length;
  }
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < pieces.length) {
      const { bytes, position: at } = pieces[next++];
      let done = 0;
      while (done < bytes.length)
        done += (await fh.write(bytes, done, bytes.length - done, at + done)).bytesWritten;
    }
  };
  await Promise.all(Array.from({ length: Math.min(4, pieces.length) }, lane));
}

/** Writes bytes (or several chunks) to `path` atomically; creates the parent folder. */
export async function writeFileAtomic(
  path: string,
  data: Uint8Array | string | readonly Uint8Array[],
): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = tempNameFor(path);
  const fh = await open(tmp, 'w');
  try {
    if (typeof data === 'string') await fh.write(data);
    else await writePieces(fh, Array.isArray(data) ? data : [data as Uint8Array]);
  } catch (e) {
    await fh.close().catch(() => {});
    await rm(tmp, { force: true });
    throw e;
  }
  await fh.close();
  try {
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/** JSON with 2-space indent and a final newline, written atomically. */
export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  await writeFileAtomic(path, JSON.stringify(value, null, 2) + '\n');
}

/**
 * Writes several files as one unit: each goes to a temporary name first and all are renamed
 * only when every one was written.
 */
export async function writeFilesAtomic(files: { path: string; data: Uint8Array | string }[]): Promise<void> {
  const temps: { tmp: string; path: string }[] = [];
  try {
    for (const f of files) {
      await mkdir(dirname(f.path), { recursive: true });
      const tmp = tempNameFor(f.path);
      temps.push({ tmp, path: f.path });
      const fh = await open(tmp, 'w');
      try {
        await fh.write(f.data as Uint8Array);
      } finally {
        await fh.close();
      }
    }
  } catch (e) {
    await Promise.all(temps.map((t) => rm(t.tmp, { force: true })));
    throw e;
  }
  for (const t of temps) await rename(t.tmp, t.path);
}
