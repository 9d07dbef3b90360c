/** The registry's patient list with a form to enrol a patient (`GET /registry`). */
import { PATIENT_FIELDS } from '../../registry/index.js';
import type { PatientSummary } from '../../registry/index-node.js';
import { FORM_SCRIPT, cell, escapeHtml, fieldInput, jsonForm, registryLayout } from './registry-html.js';

export function registryListPage(patients: readonly PatientSummary[]): string {
  const rows = patients
    .map(
      (p) =>
        `<tr><td><a href="/registry/patients/${encodeURIComponent(p.patient_id)}">${escapeHtml(p.patient_id)}</a></td>` +
        `<td>${cell(p.age)}</td><td>${p.sex}</td><td>${cell(p.primary)}</td><td>${cell(p.guidance)}</td>` +
        `<td>${cell(p.first_procedure_on)}</td><td>${p.procedures}</td><td>${cell(p.followup_months)}</td>` +
        `<td>${p.died ? 'died' : 'alive'}</td></tr>`,
    )
    .join('\n');
  const enrol = ['patient_id', 'age', 'sex', 'primary'].map((name) =>
    fieldInput(PATIENT_FIELDS.find((f) => f.name === name) as (typeof PATIENT_FIELDS)[number]),
  );
  const body = `<p>${patients.length} patient${patients.length === 1 ? '' : 's'} in the registry.
<a href="/api/registry/export.csv?format=cohort">COHORT.csv</a> ·
<a href="/api/registry/export.csv?format=redcap">REDCap records</a> ·
<a href="/api/registry/redcap-dictionary.csv">REDCap data dictionary</a></p>
<table><thead><tr><th>Patient</th><th>Age</th><th>Sex</th><th>Primary</th><th>Guidance</th><th>First procedure</th>
<th>Procedures</th><th>Follow-up (months)</th><th>Status</th></tr></thead>
<tbody>
${rows || '<tr><td colspan="9">No patients yet: enrol one below or run <code>sacroguide registry import COHORT.csv</code>.</td></tr>'}
</tbody></table>
<h2>Enrol a patient</h2>
${jsonForm(`<fieldset><legend>Patient</legend>${enrol.join('\n')}</fieldset>`, {
  id: 'new-patient',
  method: 'POST',
  action: '/api/registry/patients',
  mode: 'create',
  submit: 'Enrol',
  next: '/registry/patients/{patient_id}',
})}
${FORM_SCRIPT}`;
  return registryLayout('Outcomes registry', body);
}
