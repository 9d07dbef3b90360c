/** The plain study list page: /studies, and / when the web workstation has not been built. */
import type { StudyRecord } from '../study-store-node.js';
import { escapeHtml } from './escape-html.js';

export function studiesPage(studies: StudyRecord[]): string {
  const rows = studies
    .map(
      (s) =>
        `<tr><td>${escapeHtml(s.name)}</td><td>${escapeHtml(s.modality)}</td><td>${s.dims.join(' × ')}</td>` +
        `<td>${s.spacing_mm.map((v) => v.toFixed(2)).join(' × ')} mm</td><td>${escapeHtml(s.created.slice(0, 10))}</td>` +
        `<td><a href="/api/studies/${encodeURIComponent(s.id)}/volume">NIfTI</a></td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>SacroGuide — studies</title>
<style>body{font:15px system-ui,sans-serif;margin:2rem;background:#111;color:#eee}table{border-collapse:collapse}
td,th{padding:.4rem .8rem;border-bottom:1px solid #333;text-align:left}a{color:#7cf}</style></head>
<body><h1>SacroGuide</h1><p>Studies in this workstation (world coordinates: patient LPS, mm).</p>
<table><thead><tr><th>Name</th><th>Modality</th><th>Voxels</th><th>Spacing</th><th>Added</th><th>Image</th></tr></thead>
<tbody>
${rows || '<tr><td colspan="6">No studies yet.</td></tr>'}
</tbody></table></body></html>
`;
}
