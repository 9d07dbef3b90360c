// Runs on `npm install` / `npm ci` in this checkout (npm's "prepare"): builds the TypeScript and
// links the CLI into node_modules/.bin so `npx sacroguide` resolves locally without a download.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, symlinkSync, chmodSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const binDir = join(root, 'node_modules', '.bin');
const target = join(root, 'bin', 'sacroguide.js');
mkdirSync(binDir, { recursive: true });
const link = join(binDir, 'sacroguide');
if (existsSync(link)) rmSync(link);
symlinkSync(relative(binDir, target), link);
chmodSync(target, 0o755);
execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], {
  cwd: root,
  stdio: 'inherit',
});
