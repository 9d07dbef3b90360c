/**
 * labels.json, the name table that goes with a label map (contract `segment`):
 * `{"labels": {"<name>": <value>, ...}}`, values 1-255, names and values unique.
 */
import { InputError } from '../core/errors.js';

/** The JSON text of a label table (sorted by value, 2-space indent, final newline). */
export function formatLabelsJson(labels: Readonly<Record<string, number>>): string {
  const sorted = Object.entries(labels).sort((a, b) => a[1] - b[1]);
  return JSON.stringify({ labels: Object.fromEntries(sorted) }, null, 2) + '\n';
}

/** Parses and checks labels.json text; errors name `file` and the offending field. */
export function parseLabelsJson(text: string, file: string): Record<string, number> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new InputError(`not valid JSON (${(e as Error).message})`, { file });
  }
  const labels = (doc as { labels?: unknown } | null)?.labels;
  if (!labels || typeof labels !== 'object' || Array.isArray(labels)) {
    throw new InputError('has no "labels" object', { file, field: 'labels' });
  }
  const out: Record<string, number> = {};
  const seen = new Map<number, string>();
  for (const [name, value] of Object.entries(labels as Record<string, unknown>)) {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 255) {
      throw new InputError(`value ${JSON.stringify(value)} must be an integer 1-255`, {
        file,
        field: `labels.${name}`,
      });
    }
    const other = seen.get(value);
    if (other)
      throw new InputError(`value ${value} is used by "${other}" too`, { file, field: `labels.${name}` });
    seen.set(value, name);
    out[name] = value;
  }
  return out;
}
