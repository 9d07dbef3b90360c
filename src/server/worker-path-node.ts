/**
 * Where a worker thread's script is: the compiled file beside this module, or (when the server
 * runs from TypeScript sources, as under vitest) the built copy in `dist/server/`, so
 * `npm run build` must have run.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT } from './config.js';

/** Path of `dist/server/<name>.js` (or of `<name>.js` beside this compiled module). */
export function workerScriptPath(name: string): string {
  const here = fileURLToPath(import.meta.url);
  const path = here.endsWith('.js')
    ? join(here, '..', `${name}.js`)
    : join(REPO_ROOT, 'dist', 'server', `${name}.js`);
  if (!existsSync(path)) throw new Error(`${path} is missing: run npm run build`);
  return path;
}
