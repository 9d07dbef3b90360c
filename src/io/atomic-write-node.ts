/**
 * Atomic file output: data goes to a temporary name beside the target and is renamed over it
 * at the end, so a failed run never leaves a half-written or corrupted output.
 */
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';

function tempNameFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
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
    if (Array.isArray(data)) for (const chunk of data) await fh.write(chunk);
    else await fh.write(data as Uint8Array);
    await fh.sync();
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
