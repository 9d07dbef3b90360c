/**
 * Entry point of `npx sacroguide`. Commands are imported lazily so that a quick command does
 * not pay for loading the others. User errors become ONE line on stderr, `sacroguide: ...`.
 */
import { formatHelp, parseArgs } from './args.js';
import type { Command } from './command.js';
import { formatInputError, isInputError } from '../core/errors.js';

const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  info: {
    summary: 'describe an image: geometry, modality, series, HU range',
    load: async () => (await import('./commands/info.js')).infoCommand,
  },
  convert: {
    summary: 'convert any readable image to NIfTI or NRRD',
    load: async () => (await import('./commands/convert.js')).convertCommand,
  },
  analyze: {
    summary: 'cohort statistics: pain, complications, survival (REPORT.json, SVG figures)',
    load: async () => (await import('./commands/analyze.js')).analyzeCommand,
  },
  registry: {
    summary: 'outcomes registry database: import COHORT.csv, export COHORT.csv or REDCap CSV + dictionary',
    load: async () => (await import('./commands/registry.js')).registryCommand,
  },
  segment: {
    summary: 'segment sacrum, lesion, canal, foramina, L5 and hips of a CT',
    load: async () => (await import('./commands/segment.js')).segmentCommand,
  },
  stl: {
    summary: 'write STL surfaces (LPS mm) of label-map structures',
    load: async () => (await import('./commands/stl.js')).stlCommand,
  },
  phantom: {
    summary: 'write a synthetic pelvis CT with exact ground truth of every structure',
    load: async () => (await import('./commands/phantom.js')).phantomCommand,
  },
};

/** Registers a command (used by capability modules as they land). */
export function commandNames(): string[] {
  return Object.keys(COMMANDS);
}

function mainHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length)) + 2;
  return [
    'Usage: sacroguide <command> [options]',
    '',
    'SacroGuide: planning, guidance and audit of sacral ablation and sacroplasty.',
    'World coordinates are patient LPS millimetres.',
    '',
    'Commands:',
    ...Object.entries(COMMANDS).map(([n, c]) => `  ${n.padEnd(width)}${c.summary}`),
    '',
    'Run `sacroguide <command> --help` for the options of a command.',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(mainHelp() + '\n');
    return name === undefined ? 1 : 0;
  }
  if (name === '--version') {
    process.stdout.write('0.1.0\n');
    return 0;
  }
  const entry = COMMANDS[name];
  if (!entry) {
    process.stderr.write(
      `sacroguide: unknown command '${name}' (commands: ${Object.keys(COMMANDS).join(', ')})\n`,
    );
    return 2;
  }
  try {
    const cmd = await entry.load();
    const args = parseArgs(cmd.spec, rest);
    if (args.help) {
      process.stdout.write(formatHelp(cmd.spec) + '\n');
      return 0;
    }
    return await cmd.run(args);
  } catch (e) {
    if (isInputError(e)) {
      process.stderr.write(`sacroguide: ${formatInputError(e)}\n`);
      return 1;
    }
    const msg = e instanceof Error ? e.message : String(e);
    process.stderr.write(`sacroguide: internal error: ${msg.split('\n')[0]}\n`);
    if (process.env.SACROGUIDE_DEBUG) process.stderr.write(`${e instanceof Error ? e.stack : ''}\n`);
    return 70;
  }
}
