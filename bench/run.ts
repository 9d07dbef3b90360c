/**
 * `npm run bench`: runs every bench/*.bench.ts module's `bench()` in turn (or only those whose
 * name contains one of the command-line words) and prints their figures. Benchmarks are not
 * tests: they measure, medians of several runs, with ratios to reference tools where one exists.
 */
import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const modules = readdirSync(here)
  .filter((f) => f.endsWith('.bench.js'))
  .filter((f) => filters.length === 0 || filters.some((w) => f.includes(w)))
  .sort();

for (const file of modules) {
  const mod = (await import(pathToFileURL(`${here}/${file}`).href)) as { bench?: () => Promise<void> };
  if (typeof mod.bench !== 'function') continue;
  console.log(`\n=== ${file.replace('.bench.js', '')} ===`);
  const t0 = performance.now();
  await mod.bench();
  console.log(`(${((performance.now() - t0) / 1000).toFixed(1)} s)`);
}
