/**
 * Building blocks of the registry pages (plain server-rendered HTML): the page shell, form
 * inputs made from the registry's field table (so the browser checks the same ranges as the
 * API), and the small script that sends a form as JSON and shows the API's error line next
 * to the field it names.
 */
import type { FieldSpec } from '../../registry/index.js';
import { escapeHtml } from './escape-html.js';

export { escapeHtml };

/** A value as a cell shows it ('' for null). */
export function cell(value: string | number | null | undefined, digits?: number): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return digits === undefined ? String(value) : value.toFixed(digits);
  return escapeHtml(value);
}

export function registryLayout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>SacroGuide registry — ${escapeHtml(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:15px system-ui,sans-serif;margin:1.5rem 2rem;background:#111;color:#eee;max-width:80rem}
a{color:#7cf}nav a{margin-right:1.2rem}table{border-collapse:collapse;margin:.6rem 0}
td,th{padding:.3rem .7rem;border-bottom:1px solid #333;text-align:left;vertical-align:top}
th{color:#aaa;font-weight:600}fieldset{border:1px solid #444;margin:1rem 0;padding:.6rem 1rem}
label{display:inline-block;margin:.25rem 1rem .25rem 0}input,select{background:#222;color:#eee;border:1px solid #555;padding:.2rem}
input:invalid,.invalid{border-color:#f66;outline:1px solid #f66}.error{color:#f88;font-weight:600}.ok{color:#8f8}
.note{color:#999;font-size:.85em}.figures img{background:#fff;margin:.5rem .5rem 0 0;max-width:100%}
button{background:#246;color:#eee;border:1px solid #48a;padding:.3rem .9rem;cursor:pointer}
</style></head>
<body><nav><a href="/registry">Patients</a><a href="/registry/dashboard">Dashboard</a><a href="/">Workstation</a></nav>
<h1>${escapeHtml(title)}</h1>
${body}
</body></html>
`;
}

/** A registry page that could not be shown: the error line and the way back to the list. */
export function registryErrorPage(title: string, message: string): string {
  return registryLayout(
    title,
    `<p class="error">${escapeHtml(message)}</p>\n<p><a href="/registry">Back to the patient list</a></p>`,
  );
}

/**
 * One input for a field; `name` is the JSON path the script writes (e.g. `outcomes.2w.pain`),
 * `data-kind` how it converts the text.
 */
export function fieldInput(
  spec: FieldSpec,
  options: { name?: string; value?: string | number | null; label?: string } = {},
): string {
  const name = escapeHtml(options.name ?? spec.name);
  const value = options.value === null || options.value === undefined ? '' : String(options.value);
  const label = escapeHtml(options.label ?? spec.label) + (spec.unit ? ` (${escapeHtml(spec.unit)})` : '');
  const common = `name="${name}" data-kind="${spec.kind}"${spec.required ? ' required' : ''}`;
  let control: string;
  if (spec.kind === 'choice' || spec.kind === 'flag') {
    const choices =
      spec.kind === 'flag'
        ? [
            { value: '0', label: 'no' },
            { value: '1', label: 'yes' },
          ]
        : (spec.choices ?? []);
    const opts = [spec.required ? '' : '<option value=""></option>']
      .concat(
        choices.map(
          (c) =>
            `<option value="${escapeHtml(c.value)}"${c.value === value ? ' selected' : ''}>${escapeHtml(c.label)}</option>`,
        ),
      )
      .join('');
    control = `<select ${common}>${opts}</select>`;
  } else {
    const type = spec.kind === 'date' ? 'date' : spec.kind === 'text' ? 'text' : 'number';
    const range =
      (spec.min !== undefined ? ` min="${spec.min}"` : '') +
      (spec.max !== undefined ? ` max="${spec.max}"` : '') +
      (spec.kind === 'integer' ? ' step="1"' : spec.kind === 'number' ? ' step="any"' : '') +
      (spec.maxLength !== undefined ? ` maxlength="${spec.maxLength}"` : '');
    control = `<input type="${type}" ${common}${range} value="${escapeHtml(value)}">`;
  }
  const title = spec.note ? ` title="${escapeHtml(spec.note)}"` : '';
  return `<label${title}>${label} ${control}</label>`;
}

/**
 * A form the script sends as JSON. `method`/`action` are the API call; `mode` says how empty
 * inputs are sent: omitted (create) or null (update: clears the stored value). After success
 * the page reloads, or goes to `next` (`{patient_id}` replaced by the saved record's id).
 */
export function jsonForm(
  body: string,
  options: {
    id: string;
    method: string;
    action: string;
    mode: 'create' | 'update';
    submit: string;
    next?: string;
  },
): string {
  const next = options.next ? ` data-next="${escapeHtml(options.next)}"` : '';
  return `<form id="${escapeHtml(options.id)}" class="json-form" data-method="${options.method}" data-action="${escapeHtml(options.action)}" data-mode="${options.mode}"${next} novalidate>
${body}
<p><button type="submit">${escapeHtml(options.submit)}</button> <span class="error" role="alert"></span></p>
</form>`;
}

/**
 * Sends `.json-form` forms: builds the JSON body from the inputs' paths and kinds, applies the
 * browser's own checks first (their messages), then shows the API's `error` line and marks the
 * field it names. Special paths: `outcomes.<t>.*` all empty -> that visit null (removed);
 * `complications.0.*` with an empty type -> no complication.
 */
export const FORM_SCRIPT = `<script>
for (const form of document.querySelectorAll('form.json-form')) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const alert = form.querySelector('[role=alert]');
    alert.textContent = '';
    for (const el of form.querySelectorAll('.invalid')) el.classList.remove('invalid');
    for (const el of form.elements) {
      if (el.name && !el.checkValidity()) {
        el.classList.add('invalid');
        alert.textContent = el.closest('label').textContent.trim().split('\\n')[0] + ': ' + el.validationMessage;
        el.focus();
        return;
      }
    }
    const update = form.dataset.mode === 'update';
    const body = {};
    for (const el of form.elements) {
      if (!el.name) continue;
      const text = el.value.trim();
      let value;
      if (text === '') { if (!update && !el.name.includes('.')) continue; value = null; }
      else if (['integer', 'number', 'flag'].includes(el.dataset.kind)) value = Number(text);
      else value = text;
      const path = el.name.split('.');
      let at = body;
      for (let i = 0; i < path.length - 1; i++) at = at[path[i]] ??= (/^\\d+$/.test(path[i + 1]) ? [] : {});
      at[path[path.length - 1]] = value;
    }
    if (body.outcomes) for (const t of Object.keys(body.outcomes))
      if (Object.values(body.outcomes[t]).every((v) => v === null)) body.outcomes[t] = null;
    if (body.complications) body.complications = body.complications.filter((c) => c.type !== null)
      .map((c) => Object.fromEntries(Object.entries(c).filter(([, v]) => v !== null)));
    const response = await fetch(form.dataset.action, { method: form.dataset.method,
      headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (response.ok) {
      const saved = await response.json().catch(() => ({}));
      const next = form.dataset.next;
      if (next) location.href = next.replace('{patient_id}', encodeURIComponent(saved.patient_id));
      else location.reload();
      return;
    }
    const answer = await response.json().catch(() => ({ error: response.statusText }));
    alert.textContent = answer.error;
    const field = / field ([\\w.]+):/.exec(' ' + answer.error);
    const el = field && form.elements.namedItem(field[1]);
    if (el && el.classList) { el.classList.add('invalid'); el.focus(); }
  });
}
</script>`;
