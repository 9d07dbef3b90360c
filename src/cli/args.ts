/**
 * Command-line parsing for `sacroguide <command>`: positional arguments and --options, with
 * typed values. An option that takes a value consumes the next token even when it starts with
 * '-', so `--source -0.6,561.9,209` and `--source=-0.6,561.9,209` both work.
 */
import { InputError } from '../core/errors.js';

export type OptionType = 'string' | 'number' | 'integer' | 'flag' | 'numbers';

export interface OptionSpec {
  name: string;
  type: OptionType;
  description: string;
  /** Placeholder shown in help, e.g. 'x,y,z'. */
  value?: string;
  required?: boolean;
  /** For 'numbers': exact count required. */
  count?: number;
  /** Allowed values for a 'string' option. */
  choices?: readonly string[];
  default?: string | number | boolean;
  /** The option may be given several times (values collected in an array). */
  repeatable?: boolean;
}

export interface CommandSpec {
  name: string;
  summary: string;
  usage: string;
  positionals: { name: string; description: string; optional?: boolean }[];
  options: OptionSpec[];
  examples?: string[];
}

export type OptionValue = string | number | boolean | number[] | string[];

export interface ParsedArgs {
  positionals: string[];
  options: Record<string, OptionValue | undefined>;
  help: boolean;
}

function parseNumber(text: string, option: string): number {
  const v = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(v)) {
    throw new InputError(`'${text}' is not a number`, { field: `--${option}` }, 'BAD_OPTION');
  }
  return v;
}

function parseValue(spec: OptionSpec, raw: string): OptionValue {
  switch (spec.type) {
    case 'number':
      return parseNumber(raw, spec.name);
    case 'integer': {
      const v = parseNumber(raw, spec.name);
      if (!Number.isInteger(v))
        throw new InputError(`'${raw}' is not an integer`, { field: `--${spec.name}` }, 'BAD_OPTION');
      return v;
    }
    case 'numbers': {
      const parts = raw.split(',');
      const nums = parts.map((p) => parseNumber(p, spec.name));
      if (spec.count !== undefined && nums.length !== spec.count) {
        throw new InputError(
          `expected ${spec.count} comma-separated numbers (${spec.value ?? ''}), got '${raw}'`,
          { field: `--${spec.name}` },
          'BAD_OPTION',
        );
      }
      return nums;
    }
    case 'string':
      if (spec.choices && !spec.choices.includes(raw)) {
        throw new InputError(
          `'${raw}' is not one of ${spec.choices.join(', ')}`,
          { field: `--${spec.name}` },
          'BAD_OPTION',
        );
      }
      return raw;
    case 'flag':
      return true;
  }
}

/** Parses argv (after the command name) against the command's spec. */
export function parseArgs(spec: CommandSpec, argv: readonly string[]): ParsedArgs {
  const byName = new Map(spec.options.map((o) => [o.name, o]));
  const options: Record<string, OptionValue | undefined> = {};
  const positionals: string[] = [];
  let help = false;
  for (let a = 0; a < argv.length; a++) {
    const tok = argv[a];
    if (tok === '--help' || tok === '-h') {
      help = true;
      continue;
    }
    if (tok === '--') {
      positionals.push(...argv.slice(a + 1));
      break;
    }
    if (tok.startsWith('--')) {
      const eq = tok.indexOf('=');
      const name = eq >= 0 ? tok.slice(2, eq) : tok.slice(2);
      const opt = byName.get(name);
      if (!opt) {
        throw new InputError(
          `unknown option --${name} (see sacroguide ${spec.name} --help)`,
          {},
          'BAD_OPTION',
        );
      }
      let raw: string;
      if (opt.type === 'flag') {
        if (eq >= 0) throw new InputError(`--${name} takes no value`, {}, 'BAD_OPTION');
        raw = '';
      } else if (eq >= 0) {
        raw = tok.slice(eq + 1);
      } else {
        if (a + 1 >= argv.length) throw new InputError(`--${name} needs a value`, {}, 'BAD_OPTION');
        raw = argv[++a];
      }
      const value = parseValue(opt, raw);
      if (opt.repeatable) {
        const prev = (options[name] as OptionValue[] | undefined) ?? [];
        options[name] = [...prev, value] as OptionValue;
      } else {
        options[name] = value;
      }
      continue;
    }
    positionals.push(tok);
  }
  if (help) return { positionals, options, help };
  for (const opt of spec.options) {
    if (options[opt.name] === undefined && opt.default !== undefined) options[opt.name] = opt.default;
    if (opt.required && options[opt.name] === undefined) {
      throw new InputError(`missing required option --${opt.name}`, {}, 'BAD_OPTION');
    }
  }
  const required = spec.positionals.filter((p) => !p.optional).length;
  if (positionals.length < required) {
    throw new InputError(
      `missing ${spec.positionals[positionals.length].name} (usage: sacroguide ${spec.usage})`,
      {},
      'BAD_OPTION',
    );
  }
  if (positionals.length > spec.positionals.length) {
    throw new InputError(`unexpected argument '${positionals[spec.positionals.length]}'`, {}, 'BAD_OPTION');
  }
  return { positionals, options, help };
}

/** The --help text of a command. */
export function formatHelp(spec: CommandSpec): string {
  const lines = [`Usage: sacroguide ${spec.usage}`, '', spec.summary, ''];
  if (spec.positionals.length) {
    lines.push('Arguments:');
    for (const p of spec.positionals) lines.push(`  ${p.name.padEnd(24)} ${p.description}`);
    lines.push('');
  }
  lines.push('Options:');
  for (const o of spec.options) {
    const flag = `--${o.name}${o.type === 'flag' ? '' : ' ' + (o.value ?? o.type.toUpperCase())}`;
    const extra = [
      o.required ? 'required' : '',
      o.choices ? `one of: ${o.choices.join(', ')}` : '',
      o.default !== undefined && o.type !== 'flag' ? `default ${o.default}` : '',
    ]
      .filter(Boolean)
      .join('; ');
    lines.push(`  ${flag.padEnd(24)} ${o.description}${extra ? ` (${extra})` : ''}`);
  }
  lines.push(`  ${'--help'.padEnd(24)} show this help`);
  if (spec.examples?.length) {
    lines.push('', 'Examples:');
    for (const e of spec.examples) lines.push(`  ${e}`);
  }
  return lines.join('\n');
}

/** Typed accessors, so command code reads its options without casts everywhere. */
export function optString(a: ParsedArgs, name: string): string | undefined {
  const v = a.options[name];
  return typeof v === 'string' ? v : undefined;
}
export function optNumber(a: ParsedArgs, name: string): number | undefined {
  const v = a.options[name];
  return typeof v === 'number' ? v : undefined;
}
export function optNumbers(a: ParsedArgs, name: string): number[] | undefined {
  const v = a.options[name];
  return Array.isArray(v) ? (v as number[]) : undefined;
}
export function optFlag(a: ParsedArgs, name: string): boolean {
  return a.options[name] === true;
}
