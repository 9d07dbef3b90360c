import { describe, expect, it } from 'vitest';
import { parseArgs, type CommandSpec } from './args.js';
import { InputError } from '../core/errors.js';

const spec: CommandSpec = {
  name: 'drr',
  summary: '',
  usage: 'drr CT',
  positionals: [{ name: 'CT', description: '' }],
  options: [
    { name: 'source', type: 'numbers', count: 3, description: '', value: 'x,y,z' },
    { name: 'size', type: 'numbers', count: 2, description: '' },
    { name: 'lao', type: 'number', description: '' },
    { name: 'view', type: 'string', choices: ['ap', 'pa'], description: '' },
    { name: 'png', type: 'string', description: '' },
    { name: 'json', type: 'flag', description: '' },
  ],
};

describe('parseArgs', () => {
  it('takes negative values in both forms', () => {
    const a = parseArgs(spec, ['ct.nii', '--source', '-0.6,561.9,209', '--lao=-30']);
    expect(a.options.source).toEqual([-0.6, 561.9, 209]);
    expect(a.options.lao).toBe(-30);
    const b = parseArgs(spec, ['--source=-0.6,561.9,209', 'ct.nii', '--json']);
    expect(b.options.source).toEqual([-0.6, 561.9, 209]);
    expect(b.positionals).toEqual(['ct.nii']);
    expect(b.options.json).toBe(true);
  });

  it('names the option in errors', () => {
    const e = (() => {
      try {
        parseArgs(spec, ['ct', '--size', '3']);
      } catch (err) {
        return err as InputError;
      }
    })();
    expect(e).toBeInstanceOf(InputError);
    expect(e?.where.field).toBe('--size');
    expect(() => parseArgs(spec, ['ct', '--view', 'lat'])).toThrow(/not one of ap, pa/);
    expect(() => parseArgs(spec, ['ct', '--lao', 'x'])).toThrow(/not a number/);
    expect(() => parseArgs(spec, ['ct', '--nope'])).toThrow(/unknown option --nope/);
    expect(() => parseArgs(spec, [])).toThrow(/missing CT/);
    expect(() => parseArgs(spec, ['ct', '--source'])).toThrow(/needs a value/);
  });
});
