/** Runs the built CLI (`node bin/sacroguide.js`) as a user would, capturing output and status. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');
export const SHARED_DATA = join(REPO, '..', 'shared', 'data');
export const EXAMPLE_CT = join(REPO, 'data', 'example_ct', 'ct.nii.gz');

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], options: { cwd?: string; timeoutMs?: number } = {}): CliResult {
  const r = spawnSync(process.execPath, [join(REPO, 'bin', 'sacroguide.js'), ...args], {
    cwd: options.cwd ?? REPO,
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 120_000,
    env: { ...process.env, SACROGUIDE_DEBUG: '' },
  });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function tempDir(prefix = 'sg-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** stderr lines that are errors (`sacroguide:` but not warnings). */
export function errorLines(stderr: string): string[] {
  return stderr
    .split('\n')
    .filter((l) => l.startsWith('sacroguide:') && !l.startsWith('sacroguide: warning:'));
}
