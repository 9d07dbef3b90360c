import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { EXAMPLE_CT, errorLines, runCli, tempDir } from './cli-helpers.js';
import { readNifti } from '../src/io/nifti-node.js';

describe('sacroguide info / convert (NIfTI)', () => {
  it('describes the example CT as JSON', () => {
    const r = runCli(['info', EXAMPLE_CT, '--json']);
    expect(r.status).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d.dims).toEqual([122, 101, 112]);
    expect(d.orientation).toBe('RAS');
    expect(d.value_range).toEqual([-1207, 3382]);
  });

  it('converts NIfTI to NIfTI keeping voxels and geometry', async () => {
    const dir = tempDir();
    const out = join(dir, 'copy.nii');
    const r = runCli(['convert', EXAMPLE_CT, out, '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const a = (await readNifti(EXAMPLE_CT)).volume;
    const b = (await readNifti(out)).volume;
    expect(b.dims).toEqual(a.dims);
    expect(Buffer.compare(Buffer.from(a.data.buffer), Buffer.from(b.data.buffer))).toBe(0);
    for (let d = 0; d < 3; d++) expect(b.originLps[d]).toBeCloseTo(a.originLps[d], 4);
    expect(readdirSync(dir)).toEqual(['copy.nii']);
  });

  it('gives one sacroguide: line naming the file for bad input, and writes nothing', () => {
    const dir = tempDir();
    const bad = join(dir, 'bad.nii.gz');
    writeFileSync(bad, Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3]));
    const out = join(dir, 'out.nii.gz');
    const r = runCli(['convert', bad, out]);
    expect(r.status).not.toBe(0);
    const lines = errorLines(r.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(bad);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(existsSync(out)).toBe(false);
  });

  it('refuses an unknown output extension and unknown options', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'x'));
    const r = runCli(['convert', EXAMPLE_CT, join(dir, 'out.png')]);
    expect(r.status).not.toBe(0);
    expect(errorLines(r.stderr)[0]).toMatch(/out\.png: cannot tell the output format/);
    const u = runCli(['info', EXAMPLE_CT, '--bogus']);
    expect(u.status).not.toBe(0);
    expect(errorLines(u.stderr)[0]).toMatch(/unknown option --bogus/);
  });

  it('prints help for every command', () => {
    const r = runCli(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Commands:/);
    const c = runCli(['convert', '--help']);
    expect(c.stdout).toMatch(/Usage: sacroguide convert INPUT OUT/);
  });
});
