/**
 * The printable summary of a study (HTML, one self-contained file: pictures embedded as data
 * URLs): study, structure volumes with their colours, lesions and cortical breaches from the
 * segmentation report, pictures rendered by the server and screenshots posted by the
 * workstation page. Prints on A4 (print CSS).
 */
import type { SegmentReport } from '../../segment/index.js';
import type { StudyRecord } from '../study-store-node.js';
import { escapeHtml } from './escape-html.js';

export interface SummaryPicture {
  title: string;
  /** PNG bytes as base64. */
  pngBase64: string;
  /** Patient direction letters at the picture's edges (R/L, A/P, S/I), for rendered planes. */
  sides?: { left: string; right: string; top: string; bottom: string };
}

export interface SummaryInput {
  study: StudyRecord;
  revision: number;
  /** Revision of the automatic segmentation the report is of (null: unknown). */
  segmentationRevision: number | null;
  volumesMl: Record<string, number>;
  colours: Record<string, readonly [number, number, number]>;
  report: SegmentReport | null;
  rendered: SummaryPicture[];
  screenshots: SummaryPicture[];
  generated: Date;
}

const fmt = (v: number, digits = 1) => v.toFixed(digits);
const point = (p: readonly number[]) => `(${p.map((v) => v.toFixed(1)).join(', ')})`;

function picture(p: SummaryPicture): string {
  const sides = p.sides
    ? (['left', 'right', 'top', 'bottom'] as const)
        .map((edge) => `<span class="side ${edge}">${escapeHtml(p.sides?.[edge] ?? '')}</span>`)
        .join('')
    : '';
  return `<figure><div class="pic"><img alt="${escapeHtml(p.title)}" src="data:image/png;base64,${p.pngBase64}">${sides}</div><figcaption>${escapeHtml(p.title)}</figcaption></figure>`;
}

function volumeRows(input: SummaryInput): string {
  return Object.entries(input.volumesMl)
    .map(([name, ml]) => {
      const c = input.colours[name] ?? [180, 180, 180];
      return `<tr><td><span class="sw" style="background:rgb(${c.join(',')})"></span>${escapeHtml(name)}</td><td class="n">${fmt(ml, 2)}</td></tr>`;
    })
    .join('\n');
}

function lesionSection(input: SummaryInput): string {
  const report = input.report;
  if (!report) return '';
  const lesions = report.lesions.length
    ? report.lesions
        .map((l) => {
          const breaches = l.cortical_breaches.length
            ? `<ul>${l.cortical_breaches
                .map(
                  (b) =>
                    `<li>cortical breach at ${point(b.centroid_lps)} mm, ${fmt(b.area_mm2)} mm², nearest ${escapeHtml(b.nearest_structure)} at ${fmt(b.distance_mm)} mm</li>`,
                )
                .join('')}</ul>`
            : '<p>No cortical breach found.</p>';
          return `<li>Lesion ${l.id}: ${fmt(l.volume_ml, 2)} mL, centroid ${point(l.centroid_lps)} mm (LPS)${breaches}</li>`;
        })
        .join('\n')
    : '<li>No lesion segmented.</li>';
  const warnings = report.warnings.length
    ? `<h2>Warnings</h2><ul>${report.warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join('')}</ul>`
    : '';
  const edited =
    input.segmentationRevision !== null && input.segmentationRevision !== input.revision
      ? `<p class="edited">As the automatic segmentation found them (label map revision ${input.segmentationRevision}); the map has been edited since (revision ${input.revision}): the volumes above are the edited ones.</p>`
      : '';
  return `<h2>Lesions (automatic segmentation)</h2>${edited}<ul>${lesions}</ul>${warnings}`;
}

export function summaryPage(input: SummaryInput): string {
  const s = input.study;
  const pictures = [...input.rendered, ...input.screenshots];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>SacroGuide summary: ${escapeHtml(s.name)}</title>
<style>
body{font:13px/1.45 system-ui,sans-serif;margin:1.5cm;color:#111}
h1{font-size:20px;margin:0 0 .3em}h2{font-size:15px;margin:1.2em 0 .4em;border-bottom:1px solid #999}
table{border-collapse:collapse}td,th{padding:.15em .8em .15em 0;text-align:left}td.n{text-align:right}
.sw{display:inline-block;width:.9em;height:.9em;margin-right:.5em;vertical-align:-.1em;border:1px solid #555}
.figs{display:flex;flex-wrap:wrap;gap:.6cm}figure{margin:0;break-inside:avoid}
figure img{width:8cm;max-height:9cm;object-fit:contain;display:block;background:#000}figcaption{font-size:11px;color:#444}
.pic{position:relative}.side{position:absolute;color:#ffd04d;font:bold 13px system-ui,sans-serif;text-shadow:0 0 2px #000}
.side.left{left:4px;top:50%;transform:translateY(-50%)}.side.right{right:4px;top:50%;transform:translateY(-50%)}
.side.top{top:2px;left:50%;transform:translateX(-50%)}.side.bottom{bottom:2px;left:50%;transform:translateX(-50%)}
.edited{color:#7a4b00}
@media print{.side{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
.note{font-size:11px;color:#555;margin-top:1.5em}
@media print{body{margin:1cm}.noprint{display:none}}
</style></head><body>
<p class="noprint"><button onclick="window.print()">Print</button></p>
<h1>SacroGuide summary</h1>
<table>
<tr><th>Study</th><td>${escapeHtml(s.name)} (${escapeHtml(s.modality)})</td></tr>
<tr><th>Grid</th><td>${s.dims.join(' × ')} voxels, ${s.spacing_mm.map((v) => fmt(v, 2)).join(' × ')} mm</td></tr>
<tr><th>Added</th><td>${escapeHtml(s.created.slice(0, 19).replace('T', ' '))}</td></tr>
<tr><th>Label map</th><td>revision ${input.revision}</td></tr>
<tr><th>Printed</th><td>${escapeHtml(input.generated.toISOString().slice(0, 19).replace('T', ' '))} UTC</td></tr>
</table>
<h2>Structure volumes</h2>
<table><thead><tr><th>Structure</th><th>Volume (mL)</th></tr></thead><tbody>
${volumeRows(input)}
</tbody></table>
${lesionSection(input)}
<h2>Pictures</h2>
<div class="figs">${pictures.map(picture).join('\n')}</div>
<p class="note">Coordinates are patient LPS millimetres. Research software, not a cleared medical device:
every result must be checked by a qualified clinician.</p>
</body></html>
`;
}
