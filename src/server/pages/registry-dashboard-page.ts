/**
 * The registry dashboard (`GET /registry/dashboard?guidance&sex&primary&from&to`): the
 * `analyze` numbers of the whole registry or a filtered subset and its three figures (served
 * by /api/registry/plots/<name>.svg with the same filter).
 */
import {
  FILTER_KEYS,
  FOLLOW_UP_TIMES,
  GUIDANCE_CHOICES,
  SEX_CHOICES,
  describeFilter,
} from '../../registry/index.js';
import type { AnalyzeReport, RegistryFilter } from '../../registry/index.js';
import { cell, escapeHtml, registryLayout } from './registry-html.js';

const p = (v: number | null): string => (v === null ? '—' : v < 1e-4 ? v.toExponential(2) : v.toFixed(4));
const n2 = (v: number | null): string => (v === null ? '—' : v.toFixed(2));

function select(name: string, choices: readonly { value: string; label: string }[], value?: string): string {
  const options = ['<option value="">any</option>']
    .concat(
      choices.map(
        (c) =>
          `<option value="${escapeHtml(c.value)}"${c.value === value ? ' selected' : ''}>${escapeHtml(c.label)}</option>`,
      ),
    )
    .join('');
  return `<select name="${name}">${options}</select>`;
}

function filterForm(filter: RegistryFilter): string {
  return `<form method="get" action="/registry/dashboard"><fieldset><legend>Subset</legend>
<label>Guidance ${select('guidance', GUIDANCE_CHOICES, filter.guidance)}</label>
<label>Sex ${select('sex', SEX_CHOICES, filter.sex)}</label>
<label>Primary <input name="primary" value="${escapeHtml(filter.primary ?? '')}"></label>
<label>First procedure from <input type="date" name="from" value="${filter.from ?? ''}"></label>
<label>to <input type="date" name="to" value="${filter.to ?? ''}"></label>
<button type="submit">Show</button> <a href="/registry/dashboard">whole registry</a></fieldset></form>`;
}

function counts(title: string, c: Record<string, number>): string {
  const rows = Object.entries(c)
    .map(([k, v]) => `<tr><td>${escapeHtml(k)}</td><td>${v}</td></tr>`)
    .join('');
  return `<table><thead><tr><th>${title}</th><th>n</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function numbers(r: AnalyzeReport): string {
  const pain = FOLLOW_UP_TIMES.map((t) => {
    const x = r.pain[t];
    const i = x.improvement;
    return (
      `<tr><td>${t}</td><td>${x.n}</td><td>${cell(i.median)}</td><td>${i.q1 === null ? '' : `${i.q1} – ${i.q3}`}</td>` +
      `<td>${cell(x.wilcoxon.V)}</td><td>${p(x.wilcoxon.p_normal)}</td><td>${p(x.wilcoxon.p_exact)}</td></tr>`
    );
  }).join('\n');
  const survival = Object.entries(r.km.survival_at)
    .map(
      ([m, s]) => `<tr><td>${m} months</td><td>${n2(s.s)}</td><td>${n2(s.lower)} – ${n2(s.upper)}</td></tr>`,
    )
    .join('');
  return `<p><b>${r.n}</b> patient${r.n === 1 ? '' : 's'} · age ${n2(r.age.mean)} ± ${n2(r.age.sd)} years ·
follow-up ${n2(r.followup_months.mean)} ± ${n2(r.followup_months.sd)} months (${r.followup_months.min}–${r.followup_months.max})</p>
<div style="display:flex;gap:2rem;flex-wrap:wrap">
${counts('Guidance', r.guidance.counts)}${counts('Primary', r.primary.counts)}${counts('Complication', r.complications.counts)}
</div>
<h2>Pain improvement from baseline (NRS)</h2>
<table><thead><tr><th>Time</th><th>n</th><th>Median</th><th>IQR</th><th>Wilcoxon V</th><th>p (normal)</th><th>p (exact)</th></tr></thead>
<tbody>
${pain}
</tbody></table>
<p>Friedman (baseline, 2w, 3m, 6m; n = ${r.friedman.n}): χ² = ${n2(r.friedman.statistic)}, df ${r.friedman.df}, p = ${p(r.friedman.p)} ·
Fisher exact, cement extravasation by guidance: p = ${p(r.fisher_extravasation_by_guidance.p)}</p>
<h2>Survival (Kaplan-Meier)</h2>
<p>Median ${r.km.median_months === null ? 'not reached' : `${r.km.median_months} months`}</p>
<table><thead><tr><th>At</th><th>S</th><th>95% CI</th></tr></thead><tbody>${survival}</tbody></table>`;
}

export function registryDashboardPage(options: {
  filter: RegistryFilter;
  report: AnalyzeReport | null;
  message?: string;
}): string {
  const { filter, report } = options;
  const query = new URLSearchParams();
  for (const k of FILTER_KEYS) if (filter[k] !== undefined) query.set(k, String(filter[k]));
  const qs = query.size ? `?${query.toString()}` : '';
  const figures = ['pain', 'survival', 'complications']
    .map((f) => `<img src="/api/registry/plots/${f}.svg${escapeHtml(qs)}" alt="${f} figure">`)
    .join('\n');
  const body = `${filterForm(filter)}
<p class="note">${escapeHtml(describeFilter(filter))} · <a href="/api/registry/analysis${escapeHtml(qs)}">REPORT.json</a></p>
${
  report
    ? `${numbers(report)}\n<h2>Figures</h2><div class="figures">\n${figures}\n</div>`
    : `<p class="error">${escapeHtml(options.message ?? 'nothing to show')}</p>`
}`;
  return registryLayout('Registry dashboard', body);
}
