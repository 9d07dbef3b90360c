/** Wall time and peak resident memory of a child process (GNU time, or Python's getrusage). */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface ProcessRun {
  seconds: number;
  peakRssMb: number;
}

/** Runs `command args` once; throws with its stderr when it fails. */
export function measureProcess(command: string, args: string[]): ProcessRun {
  if (existsSync('/usr/bin/time')) {
    const r = spawnSync('/usr/bin/time', ['-f', 'SGSTAT %e %M', command, ...args], { encoding: 'utf8' });
    const m = /SGSTAT ([\d.]+) (\d+)/.exec(r.stderr);
    if (r.status !== 0 || !m) throw new Error(`${command} failed: ${r.stderr.slice(-500)}`);
    return { seconds: Number(m[1]), peakRssMb: Number(m[2]) / 1024 };
  }
  const py = [
    'import resource, subprocess, sys, time',
    't = time.time()',
    'r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)',
    'print("SGSTAT", time.time() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.returncode)',
  ].join('\n');
  const r = spawnSync('python3', ['-c', py, command, ...args], { encoding: 'utf8' });
  const m = /SGSTAT ([\d.]+) (\d+) (\d+)/.exec(r.stdout);
  if (!m || m[3] !== '0') throw new Error(`${command} failed: ${r.stderr.slice(-500)}`);
  return { seconds: Number(m[1]), peakRssMb: Number(m[2]) / 1024 };
}

export function hasCommand(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
}
