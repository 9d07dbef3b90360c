import { describe, expect, it } from 'vitest';
import { formatLabelsJson, parseLabelsJson } from './labels-json.js';

describe('labels.json', () => {
  it('round-trips a table sorted by value', () => {
    const text = formatLabelsJson({ lesion: 2, sacrum: 1 });
    expect(text).toBe('{\n  "labels": {\n    "sacrum": 1,\n    "lesion": 2\n  }\n}\n');
    expect(parseLabelsJson(text, 'labels.json')).toEqual({ sacrum: 1, lesion: 2 });
  });

  it('names the field that is wrong', () => {
    expect(() => parseLabelsJson('{"labels":{"a":1,"b":1}}', 'x.json')).toThrow(/used by "a"/);
    expect(() => parseLabelsJson('{"labels":{"a":300}}', 'x.json')).toThrow(/1-255/);
    expect(() => parseLabelsJson('{}', 'x.json')).toThrow(/no "labels"/);
    expect(() => parseLabelsJson('{', 'x.json')).toThrow(/not valid JSON/);
  });
});
