/**
 * `sacroguide analyze` as a user runs it (issue 6; contract: CONTRACTS.md, analyze): the
 * published-structure cohort, and bad inputs that must give ONE `sacroguide:` line naming file,
 * row and column, a non-zero exit and no output file.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, errorLines, runCli, tempDir } from './cli-helpers.js';

const FIXTURES = join(REPO, 'test', 'fixtures', 'cohort');
const PUBLISHED = join(FIXTURES, 'published.csv');
const HEADER =
  'patient_id,age,sex,primary,guidance,complication,followup_months,died,' +
  'pain_baseline,pain_2w,pain_3m,pain_6m,pain_12m,pain_24m';
const GOOD = ['P1,70,F,lung,fluoro,none,6,1,8,6,5,4,,', 'P2,64,M,breast,ct_fluoro,none,12,0,7,5,5,5,4,'];

describe('sacroguide analyze', () => {
  it('analyzes the published cohort and writes the report and three figures', () => {
    const dir = tempDir();
    const out = join(dir, 'report.json');
    const r = runCli(['analyze', PUBLISHED, '--out', out, '--plots', join(dir, 'figures'), '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    const R = JSON.parse(readFileSync(join(FIXTURES, 'r-values.json'), 'utf8')).reports.published;
    expect(Object.keys(report).sort()).toEqual(Object.keys(R).sort());
    expect(report.n).toBe(18);
    expect(report.guidance.counts).toEqual(R.guidance.counts);
    expect(report.complications.counts).toEqual({ cement_extravasation: 1, none: 17 });
    for (const t of ['2w', '3m', '6m']) expect(report.pain[t].improvement.median).toBe(2);
    expect(report.pain['2w'].wilcoxon.p_exact).toBeCloseTo(R.pain['2w'].wilcoxon.p_exact, 12);
    expect(report.km.median_months).toBe(R.km.median_months);
    expect(report.friedman.statistic).toBeCloseTo(R.friedman.statistic, 9);
    expect(readdirSync(join(dir, 'figures')).sort()).toEqual([
      'complications.svg',
      'pain.svg',
      'survival.svg',
    ]);
    expect(readdirSync(dir).sort()).toEqual(['figures', 'report.json']); // no temporary files left
  });

  it('accepts a BOM, CRLF line ends, quoted fields and columns in another order', () => {
    const dir = tempDir();
    const cols = HEADER.split(',');
    const order = [...cols.keys()].reverse();
    const line = (csv: string): string => {
      const v = csv.split(',');
      return order.map((i) => (i === 3 ? `"${v[i]}, ""NSCLC"""` : v[i])).join(',');
    };
    const text = '\ufeff' + [order.map((i) => cols[i]).join(','), ...GOOD.map(line)].join('\r\n') + '\r\n';
    const input = join(dir, 'excel.csv');
    writeFileSync(input, text);
    const r = runCli(['analyze', input, '--out', join(dir, 'r.json')]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8'));
    expect(report.primary.counts).toEqual({ 'breast, "NSCLC"': 1, 'lung, "NSCLC"': 1 });
    expect(report.pain['2w'].n).toBe(2);
  });

  const bad: [string, string | Uint8Array, RegExp][] = [
    [
      'pain 14',
      `${HEADER}\n${GOOD[0]}\nP3,70,F,lung,fluoro,none,6,1,8,6,14,,,\n`,
      /row 3 column pain_3m: 14 is outside 0-10$/,
    ],
    [
      'age -3',
      `${HEADER}\n${GOOD[0]}\nP3,-3,F,lung,fluoro,none,6,1,8,,,,,\n`,
      /row 3 column age: -3 is outside 0-120$/,
    ],
    [
      'non-numeric',
      `${HEADER}\n${GOOD[0]}\nP3,70,F,lung,fluoro,none,six,1,8,,,,,\n`,
      /row 3 column followup_months: 'six' is not a number$/,
    ],
    [
      'duplicated id',
      `${HEADER}\n${GOOD[0]}\n${GOOD[1]}\n${GOOD[0]}\n`,
      /row 4 column patient_id: 'P1' is already used in row 2$/,
    ],
    [
      'missing column',
      `${HEADER.replace(',guidance', '')}\nP1,70,F,lung,none,6,1,8,,,,,\n`,
      /row 1 column guidance: required column is missing/,
    ],
    [
      'non-UTF-8 bytes',
      new Uint8Array([
        ...new TextEncoder().encode(`${HEADER}\n${GOOD[0]}\nP3,70,F,`),
        0xc9,
        0x70,
        0x65,
        0x6e,
        0x64,
      ]),
      /row 3 column primary: byte 0xC9 at offset \d+ is not valid UTF-8/,
    ],
    ['header only', `${HEADER}\n`, /: no patient rows after the header$/],
  ];

  it.each(bad)('refuses %s with one line naming file, row and column', (_, content, expected) => {
    const dir = tempDir();
    const input = join(dir, 'cohort.csv');
    writeFileSync(input, content);
    const out = join(dir, 'report.json');
    const r = runCli(['analyze', input, '--out', out, '--plots', join(dir, 'figs')]);
    expect(r.status).not.toBe(0);
    const lines = errorLines(r.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0].startsWith(`sacroguide: ${input} `) || lines[0].startsWith(`sacroguide: ${input}:`)).toBe(
      true,
    );
    expect(lines[0]).toMatch(expected);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(dir)).toEqual(['cohort.csv']);
  });

  it('leaves an existing report intact when the input is bad', () => {
    const dir = tempDir();
    const out = join(dir, 'report.json');
    writeFileSync(out, '{"old": true}\n');
    const input = join(dir, 'cohort.csv');
    writeFileSync(input, `${HEADER}\nP1,70,F,lung,fluoro,none,6,1,11,,,,,\n`);
    const r = runCli(['analyze', input, '--out', out]);
    expect(r.status).not.toBe(0);
    expect(readFileSync(out, 'utf8')).toBe('{"old": true}\n');
  });

  it('names a missing input file and a missing --out', () => {
    const dir = tempDir();
    const missing = join(dir, 'nope.csv');
    const r = runCli(['analyze', missing, '--out', join(dir, 'r.json')]);
    expect(r.status).not.toBe(0);
    expect(errorLines(r.stderr)).toEqual([`sacroguide: ${missing}: no such file`]);
    const o = runCli(['analyze', PUBLISHED]);
    expect(o.status).not.toBe(0);
    expect(errorLines(o.stderr)).toEqual(['sacroguide: missing required option --out']);
    expect(existsSync(join(dir, 'r.json'))).toBe(false);
  });

  it('refuses a folder as --out and a file as --plots before writing anything', () => {
    const dir = tempDir();
    const folder = join(dir, 'report.json');
    mkdirSync(folder);
    const r = runCli(['analyze', PUBLISHED, '--out', folder]);
    expect(r.status).not.toBe(0);
    expect(errorLines(r.stderr)).toEqual([
      `sacroguide: ${folder}: --out needs a file name, this is a folder`,
    ]);
    const file = join(dir, 'figures');
    writeFileSync(file, 'x');
    const p = runCli(['analyze', PUBLISHED, '--out', join(dir, 'r.json'), '--plots', file]);
    expect(p.status).not.toBe(0);
    expect(errorLines(p.stderr)).toEqual([`sacroguide: ${file}: --plots needs a folder, this is a file`]);
    expect(readdirSync(dir).sort()).toEqual(['figures', 'report.json']);
  });

  it('is listed in the help and documents its options', () => {
    expect(runCli(['--help']).stdout).toMatch(/analyze/);
    const h = runCli(['analyze', '--help']);
    expect(h.status).toBe(0);
    expect(h.stdout).toMatch(/Usage: sacroguide analyze COHORT\.csv --out REPORT\.json \[--plots DIR\]/);
  });
});
