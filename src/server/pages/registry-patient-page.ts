/**
 * One patient (`GET /registry/patients/:patientId`): record, lesions, procedures with their
 * complications, outcome visits; forms for a new lesion, a new procedure (with one
 * complication) and the follow-up (vital status and every visit, pre-filled).
 */
import {
  COMPLICATION_FIELDS,
  LESION_FIELDS,
  OUTCOME_FIELDS,
  OUTCOME_TIMES,
  OUTCOME_TIME_LABELS,
  PATIENT_FIELDS,
  PROCEDURE_FIELDS,
} from '../../registry/index.js';
import type { FieldSpec, ProcedureRecord, RegistryRecord } from '../../registry/index.js';
import { FORM_SCRIPT, cell, escapeHtml, fieldInput, jsonForm, registryLayout } from './registry-html.js';

const spec = (fields: readonly FieldSpec[], name: string): FieldSpec => {
  const f = fields.find((x) => x.name === name);
  if (!f) throw new Error(`no field ${name}`);
  return f;
};

function procedureRows(procedures: readonly ProcedureRecord[]): string {
  if (procedures.length === 0) return '<tr><td colspan="8">No procedure yet.</td></tr>';
  return procedures
    .map((p) => {
      const complications =
        p.complications
          .map(
            (c) =>
              `${escapeHtml(c.type)}${c.grade !== null ? ` (grade ${c.grade})` : ''}` +
              `${c.extravasation_location ? `, ${escapeHtml(c.extravasation_location)}` : ''}` +
              `${c.symptomatic === 1 ? ', symptomatic' : ''}`,
          )
          .join('; ') || 'none';
      return (
        `<tr><td>${p.id}</td><td>${cell(p.performed_on)}</td><td>${p.guidance}</td>` +
        `<td>${cell(p.ablation_modality)}${p.ablation_device ? ` (${escapeHtml(p.ablation_device)})` : ''}</td>` +
        `<td>${cell(p.cement_volume_ml)}</td><td>${cell(p.needles)}${p.needle_gauge !== null ? ` × ${p.needle_gauge} G` : ''}</td>` +
        `<td>${cell(p.lesion_id)}</td><td>${complications}</td></tr>`
      );
    })
    .join('\n');
}

function followupForm(record: RegistryRecord, api: string): string {
  const vital = ['followup_months', 'died', 'death_date', 'last_contact_date'].map((name) =>
    fieldInput(spec(PATIENT_FIELDS, name), { value: record[name as 'died'] }),
  );
  const visits = OUTCOME_TIMES.map((t) => {
    const o = record.outcomes[t];
    const inputs = OUTCOME_FIELDS.map(
      (f) =>
        `<td>${fieldInput(f, { name: `outcomes.${t}.${f.name}`, value: o?.[f.name as 'pain'] ?? null, label: '' })}</td>`,
    );
    return `<tr><th>${OUTCOME_TIME_LABELS[t]}</th>${inputs.join('')}</tr>`;
  });
  const head = OUTCOME_FIELDS.map((f) => `<th>${escapeHtml(f.label)}</th>`).join('');
  return jsonForm(
    `<fieldset><legend>Vital status</legend>${vital.join('\n')}</fieldset>
<fieldset><legend>Visits</legend><table><thead><tr><th></th>${head}</tr></thead><tbody>
${visits.join('\n')}
</tbody></table><p class="note">Clear every box of a visit to remove it.</p></fieldset>`,
    { id: 'followup', method: 'PUT', action: `${api}/followup`, mode: 'update', submit: 'Save follow-up' },
  );
}

function procedureForm(record: RegistryRecord, api: string): string {
  const fields = PROCEDURE_FIELDS.filter((f) => f.name !== 'lesion_id').map((f) => fieldInput(f));
  const lesionOptions = record.lesions
    .map((l) => `<option value="${l.id}">${l.id}: ${escapeHtml(l.location)}</option>`)
    .join('');
  const lesion = `<label>Lesion <select name="lesion_id" data-kind="integer"><option value=""></option>${lesionOptions}</select></label>`;
  const complication = COMPLICATION_FIELDS.map((f) =>
    fieldInput({ ...f, required: false }, { name: `complications.0.${f.name}` }),
  );
  return jsonForm(
    `<fieldset><legend>Procedure</legend>${fields.join('\n')}\n${lesion}</fieldset>
<fieldset><legend>Complication (leave the type empty when there was none)</legend>${complication.join('\n')}
<p class="note">Type: cement_extravasation, or describe another complication.</p></fieldset>`,
    {
      id: 'new-procedure',
      method: 'POST',
      action: `${api}/procedures`,
      mode: 'create',
      submit: 'Add procedure',
    },
  );
}

export function registryPatientPage(record: RegistryRecord): string {
  const api = `/api/registry/patients/${encodeURIComponent(record.patient_id)}`;
  const lesions = record.lesions
    .map(
      (l) =>
        `<tr><td>${l.id}</td><td>${escapeHtml(l.location)}</td><td>${cell(l.side)}</td><td>${cell(l.volume_ml)}</td><td>${cell(l.study_id)}</td></tr>`,
    )
    .join('\n');
  const body = `<table><tbody>
<tr><th>Age</th><td>${cell(record.age)} years</td><th>Sex</th><td>${record.sex}</td><th>Primary</th><td>${cell(record.primary)}</td></tr>
<tr><th>Follow-up</th><td>${cell(record.followup_months)} months</td><th>Status</th><td>${record.died ? `died ${cell(record.death_date)}` : 'alive'}</td>
<th>Last contact</th><td>${cell(record.last_contact_date)}</td></tr>
</tbody></table>
<h2>Procedures</h2>
<table><thead><tr><th>#</th><th>Date</th><th>Guidance</th><th>Ablation</th><th>Cement (mL)</th><th>Needles</th><th>Lesion</th><th>Complications</th></tr></thead>
<tbody>
${procedureRows(record.procedures)}
</tbody></table>
${procedureForm(record, api)}
<h2>Follow-up</h2>
${followupForm(record, api)}
<h2>Lesions</h2>
<table><thead><tr><th>#</th><th>Location</th><th>Side</th><th>Volume (mL)</th><th>Study</th></tr></thead><tbody>
${lesions || '<tr><td colspan="5">No lesion recorded.</td></tr>'}
</tbody></table>
${jsonForm(
  `<fieldset><legend>New lesion</legend>${LESION_FIELDS.map((f) => fieldInput(f)).join('\n')}</fieldset>`,
  {
    id: 'new-lesion',
    method: 'POST',
    action: `${api}/lesions`,
    mode: 'create',
    submit: 'Add lesion',
  },
)}
${FORM_SCRIPT}`;
  return registryLayout(`Patient ${record.patient_id}`, body);
}
