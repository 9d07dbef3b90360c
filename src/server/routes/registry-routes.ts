/**
 * The outcomes registry over HTTP (issue 6), as one encapsulated fastify plugin: it opens and
 * migrates the registry database (DATABASE_URL or `<dataDir>/registry.sqlite`), closes it with
 * the app, validates bodies with the registry's JSON schemas (unknown fields refused, nothing
 * coerced) and answers user errors 4xx `{"error": "<one line>"}`. Every change is one
 * transaction: a refused request changes nothing.
 *
 *   GET    /api/registry/patients                       patient list
 *   POST   /api/registry/patients                       201 patient
 *   GET    /api/registry/patients/:patientId            whole record
 *   PATCH  /api/registry/patients/:patientId            demographics, vital status
 *   DELETE /api/registry/patients/:patientId            204
 *   POST   /api/registry/patients/:patientId/lesions    201 lesion
 *   POST   /api/registry/patients/:patientId/procedures 201 procedure (+ complications)
 *   PATCH  /api/registry/patients/:patientId/procedures/:procedureId
 *   DELETE /api/registry/patients/:patientId/procedures/:procedureId
 *   PUT    /api/registry/patients/:patientId/followup   vital status + outcome visits
 *   GET    /api/registry/analysis?guidance&sex&primary&from&to   the analyze REPORT
 *   GET    /api/registry/plots/:name.svg?...            pain, survival, complications
 *   GET    /api/registry/export.csv?format=cohort|redcap, /api/registry/redcap-dictionary.csv
 *   GET    /registry, /registry/patients/:patientId, /registry/dashboard   HTML pages
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { InputError, formatInputError, isInputError } from '../../core/errors.js';
import {
  FOLLOWUP_SCHEMA,
  LESION_CREATE_SCHEMA,
  PATIENT_CREATE_SCHEMA,
  PATIENT_UPDATE_SCHEMA,
  PROCEDURE_CREATE_SCHEMA,
  PROCEDURE_UPDATE_SCHEMA,
  analyzeRegistry,
  checkJson,
  complicationsSpec,
  createLesion,
  createPatient,
  createProcedure,
  defaultRegistrySpec,
  deletePatient,
  deleteProcedure,
  exportRegistry,
  formatRedcapDictionary,
  getPatient,
  kmSpec,
  listPatients,
  openRegistry,
  painSpec,
  parseRegistryFilter,
  renderSvg,
  saveFollowup,
  updatePatient,
  updateProcedure,
} from '../../registry/index-node.js';
import type {
  CohortRow,
  FollowupInput,
  JsonSchema,
  LesionCreate,
  PatientCreate,
  PatientUpdate,
  ProcedureCreate,
  ProcedureUpdate,
} from '../../registry/index-node.js';
import type { ServerConfig } from '../config.js';
import { registryListPage } from '../pages/registry-list-page.js';
import { registryPatientPage } from '../pages/registry-patient-page.js';
import { registryDashboardPage } from '../pages/registry-dashboard-page.js';
import { registryErrorPage } from '../pages/registry-html.js';

export interface RegistryRoutesOptions {
  config: Pick<ServerConfig, 'dataDir' | 'databaseUrl'>;
}

type PatientParams = { Params: { patientId: string } };
type ProcedureParams = { Params: { patientId: string; procedureId: string } };

const PATIENT_PARAMS: JsonSchema = {
  type: 'object',
  properties: { patientId: { type: 'string', minLength: 1, maxLength: 64 } },
};
const PROCEDURE_PARAMS: JsonSchema = {
  type: 'object',
  properties: {
    patientId: { type: 'string', minLength: 1, maxLength: 64 },
    procedureId: { type: 'string', pattern: '^[1-9][0-9]{0,8}$', patternDescription: 'a procedure number' },
  },
};

const FIGURES: Record<string, (rows: CohortRow[]) => Parameters<typeof renderSvg>[0]> = {
  pain: painSpec,
  survival: kmSpec,
  complications: complicationsSpec,
};

function sendCsv(reply: FastifyReply, name: string, csv: string): FastifyReply {
  return reply
    .type('text/csv; charset=utf-8')
    .header('Content-Disposition', `attachment; filename="${name}"`)
    .send(csv);
}

/** The fastify plugin: `await app.register(registryRoutes, { config })`. */
export async function registryRoutes(app: FastifyInstance, options: RegistryRoutesOptions): Promise<void> {
  const registry = await openRegistry(defaultRegistrySpec(options.config));
  const db = registry.db;
  app.addHook('onClose', async () => registry.close());

  app.setValidatorCompiler(({ schema, httpPart }) => (data: unknown) => {
    const problem = checkJson(schema as JsonSchema, data);
    if (!problem) return { value: data };
    const root = httpPart === 'params' ? '' : httpPart === 'querystring' ? 'query' : 'body';
    return { error: new InputError(problem.message, { field: problem.path || root || 'url' }) };
  });
  app.setErrorHandler((error, request, reply) => {
    if (isInputError(error)) return reply.status(error.status).send({ error: formatInputError(error) });
    const e = error as { statusCode?: number; message?: string };
    if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500)
      return reply.status(e.statusCode).send({ error: e.message ?? 'bad request' });
    request.log.error(error);
    return reply.status(500).send({ error: 'internal server error (see the server log)' });
  });

  app.get('/api/registry/patients', async () => listPatients(db));
  app.post<{ Body: PatientCreate }>(
    '/api/registry/patients',
    { schema: { body: PATIENT_CREATE_SCHEMA } },
    async (request, reply) => reply.status(201).send(await createPatient(db, request.body)),
  );
  app.get<PatientParams>(
    '/api/registry/patients/:patientId',
    { schema: { params: PATIENT_PARAMS } },
    async (request) => getPatient(db, request.params.patientId),
  );
  app.patch<PatientParams & { Body: PatientUpdate }>(
    '/api/registry/patients/:patientId',
    { schema: { params: PATIENT_PARAMS, body: PATIENT_UPDATE_SCHEMA } },
    async (request) => updatePatient(db, request.params.patientId, request.body),
  );
  app.delete<PatientParams>(
    '/api/registry/patients/:patientId',
    { schema: { params: PATIENT_PARAMS } },
    async (request, reply) => {
      await deletePatient(db, request.params.patientId);
      return reply.status(204).send();
    },
  );
  app.post<PatientParams & { Body: LesionCreate }>(
    '/api/registry/patients/:patientId/lesions',
    { schema: { params: PATIENT_PARAMS, body: LESION_CREATE_SCHEMA } },
    async (request, reply) =>
      reply.status(201).send(await createLesion(db, request.params.patientId, request.body)),
  );
  app.post<PatientParams & { Body: ProcedureCreate }>(
    '/api/registry/patients/:patientId/procedures',
    { schema: { params: PATIENT_PARAMS, body: PROCEDURE_CREATE_SCHEMA } },
    async (request, reply) =>
      reply.status(201).send(await createProcedure(db, request.params.patientId, request.body)),
  );
  app.patch<ProcedureParams & { Body: ProcedureUpdate }>(
    '/api/registry/patients/:patientId/procedures/:procedureId',
    { schema: { params: PROCEDURE_PARAMS, body: PROCEDURE_UPDATE_SCHEMA } },
    async (request) =>
      updateProcedure(
        db,
        { patientId: request.params.patientId, procedureId: Number(request.params.procedureId) },
        request.body,
      ),
  );
  app.delete<ProcedureParams>(
    '/api/registry/patients/:patientId/procedures/:procedureId',
    { schema: { params: PROCEDURE_PARAMS } },
    async (request, reply) => {
      await deleteProcedure(db, {
        patientId: request.params.patientId,
        procedureId: Number(request.params.procedureId),
      });
      return reply.status(204).send();
    },
  );
  app.put<PatientParams & { Body: FollowupInput }>(
    '/api/registry/patients/:patientId/followup',
    { schema: { params: PATIENT_PARAMS, body: FOLLOWUP_SCHEMA } },
    async (request) => saveFollowup(db, request.params.patientId, request.body),
  );

  app.get<{ Querystring: Record<string, unknown> }>('/api/registry/analysis', async (request) => {
    const filter = parseRegistryFilter(request.query);
    return (await analyzeRegistry(db, filter)).report;
  });
  app.get<{ Params: { name: string }; Querystring: Record<string, unknown> }>(
    '/api/registry/plots/:name.svg',
    async (request, reply) => {
      const spec = Object.hasOwn(FIGURES, request.params.name) ? FIGURES[request.params.name] : undefined;
      if (!spec)
        throw new InputError(
          `no figure '${request.params.name}' (figures: ${Object.keys(FIGURES).join(', ')})`,
          {},
          'NOT_FOUND',
        );
      const { rows } = await analyzeRegistry(db, parseRegistryFilter(request.query));
      return reply.type('image/svg+xml; charset=utf-8').send(await renderSvg(spec(rows)));
    },
  );
  app.get<{ Querystring: { format?: string } }>('/api/registry/export.csv', async (request, reply) => {
    const format = request.query.format ?? 'cohort';
    if (format !== 'cohort' && format !== 'redcap')
      throw new InputError(`'${format}' is not cohort or redcap`, { field: 'format' });
    return sendCsv(reply, `registry-${format}.csv`, (await exportRegistry(db, format)).csv);
  });
  app.get('/api/registry/redcap-dictionary.csv', async (_request, reply) =>
    sendCsv(reply, 'registry-redcap-dictionary.csv', formatRedcapDictionary()),
  );

  const html = (reply: FastifyReply, page: string): FastifyReply =>
    reply.type('text/html; charset=utf-8').send(page);
  app.get('/registry', async (_request, reply) => html(reply, registryListPage(await listPatients(db))));
  app.get<PatientParams>(
    '/registry/patients/:patientId',
    {
      schema: { params: PATIENT_PARAMS },
      // A page answers a person: an unknown or malformed patient id gets an HTML page, not JSON.
      errorHandler: (error, _request, reply) => {
        if (!isInputError(error)) throw error;
        reply.status(error.status);
        return html(reply, registryErrorPage('Patient', formatInputError(error)));
      },
    },
    async (request, reply) =>
      html(reply, registryPatientPage(await getPatient(db, request.params.patientId))),
  );
  app.get<{ Querystring: Record<string, unknown> }>('/registry/dashboard', async (request, reply) => {
    let filter = {};
    try {
      filter = parseRegistryFilter(request.query);
      const { report } = await analyzeRegistry(db, filter);
      return html(reply, registryDashboardPage({ filter, report }));
    } catch (e) {
      if (!isInputError(e)) throw e;
      reply.status(e.status);
      return html(reply, registryDashboardPage({ filter, report: null, message: formatInputError(e) }));
    }
  });
}
