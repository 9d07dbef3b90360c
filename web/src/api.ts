/**
 * Thin client of the workstation HTTP API (CONTRACTS.md "Server" plus the workstation's own
 * routes). Every failure becomes an ApiError carrying the server's one-line `error` text, so
 * views can show why something failed. Points are patient LPS mm.
 */
import { decodeMeshBundle, type MeshBundle } from '../../src/mesh/mesh-bundle.js';

export interface Study {
  id: string;
  name: string;
  modality: string;
  dims: number[];
  spacing_mm: number[];
  created: string;
  segmented: boolean;
}

export type JobState = 'queued' | 'running' | 'done' | 'failed';

export interface JobStatus {
  id: string;
  state: JobState;
  progress: number;
  message: string;
  error?: string;
}

export interface LabelState {
  labels: Record<string, number>;
  volumes_ml: Record<string, number>;
  revision: number;
  can_undo: boolean;
  can_redo: boolean;
}

export interface LabelPatch {
  box_ijk: [number, number, number, number, number, number];
  values_b64: string;
}

export interface EditResult {
  volumes_ml: Record<string, number>;
  revision: number;
  changed_voxels: number;
  /** The structures that gained or lost voxels. */
  changed_labels: string[];
  can_undo: boolean;
  can_redo: boolean;
  patch: LabelPatch | null;
}

export type Point = [number, number, number];

/** The edit bodies the server accepts (src/server/edits/edit-request.ts). */
export type EditBody =
  | {
      op: 'paint' | 'erase';
      label: string;
      center_lps: Point;
      path_lps?: Point[];
      radius_mm: number;
      min_hu?: number;
      max_hu?: number;
      protect?: string[];
    }
  | { op: 'grow'; label: string; seeds_lps: Point[]; min_hu: number; max_hu: number; max_volume_ml?: number }
  | { op: 'remove_islands'; label: string; min_volume_ml?: number }
  | { op: 'fill_holes'; label: string; slices?: 'axial' | 'coronal' | 'sagittal' }
  | { op: 'smooth'; label: string; radius_mm: number };

export class ApiError extends Error {
  readonly status: number;
  constructor(message: string, status: number) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
  }
}

async function errorOf(r: Response): Promise<ApiError> {
  let text = `${r.status} ${r.statusText}`;
  try {
    const body = (await r.json()) as { error?: string };
    if (body.error) text = body.error;
  } catch {
    // not JSON: keep the status line
  }
  return new ApiError(text, r.status);
}

async function json<T>(url: string, init: RequestInit = {}): Promise<T> {
  let r: Response;
  try {
    r = await fetch(url, init);
  } catch {
    throw new ApiError('the server does not answer: is it running?', 0);
  }
  if (!r.ok) throw await errorOf(r);
  return (await r.json()) as T;
}

const post = <T>(url: string, body?: unknown) =>
  json<T>(
    url,
    body === undefined
      ? { method: 'POST' }
      : {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        },
  );

const study = (id: string) => `/api/studies/${encodeURIComponent(id)}`;

export const api = {
  listStudies: () => json<Study[]>('/api/studies'),
  getStudy: (id: string) => json<Study>(study(id)),
  deleteStudy: async (id: string) => {
    const r = await fetch(study(id), { method: 'DELETE' });
    if (!r.ok) throw await errorOf(r);
  },
  volumeUrl: (id: string) => `${study(id)}/volume`,
  labelsUrl: (id: string, revision: number) => `${study(id)}/labels?rev=${revision}`,
  labelsDownloadUrl: (id: string) => `${study(id)}/labels?download`,
  stlUrl: (id: string, name: string, space: 'lps' | 'ras' = 'lps') =>
    `${study(id)}/stl/${encodeURIComponent(name)}${space === 'ras' ? '?space=ras' : ''}`,
  summaryUrl: (id: string) => `${study(id)}/summary.html`,
  /**
   * The 3D view's surfaces of the named structures (every non-empty one without names), in
   * NIfTI RAS mm for NiiVue, in one binary bundle; `revision` only keeps caches apart.
   */
  surfaces: async (id: string, options: { names?: string[]; revision: number }): Promise<MeshBundle> => {
    const names = options.names ? `&names=${options.names.map(encodeURIComponent).join(',')}` : '';
    let r: Response;
    try {
      r = await fetch(`${study(id)}/surfaces?space=ras&rev=${options.revision}${names}`);
    } catch {
      throw new ApiError('the server does not answer: is it running?', 0);
    }
    if (!r.ok) throw await errorOf(r);
    return decodeMeshBundle(new Uint8Array(await r.arrayBuffer()));
  },

  startSegmentation: (id: string) => post<{ job: string; status: JobStatus }>(`${study(id)}/segment`),
  jobStatus: (job: string) => json<JobStatus>(`/api/jobs/${encodeURIComponent(job)}`),
  labelState: (id: string) => json<LabelState>(`${study(id)}/labels.json`),
  edit: (id: string, body: EditBody) => post<EditResult>(`${study(id)}/edits`, body),
  undo: (id: string) => post<EditResult>(`${study(id)}/undo`),
  redo: (id: string) => post<EditResult>(`${study(id)}/redo`),

  postSnapshot: async (id: string, view: string, png: Blob) => {
    const r = await fetch(`${study(id)}/snapshots?view=${encodeURIComponent(view)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'image/png' },
      body: png,
    });
    if (!r.ok) throw await errorOf(r);
  },
};

/**
 * Follows a job over Server-Sent Events until it is done or failed; falls back to polling when
 * the event stream breaks. Resolves with the final status.
 */
export function watchJob(job: string, onUpdate: (s: JobStatus) => void): Promise<JobStatus> {
  return new Promise((resolve, reject) => {
    const source = new EventSource(`/api/jobs/${encodeURIComponent(job)}/events`);
    let finished = false;
    const finish = (s: JobStatus) => {
      finished = true;
      source.close();
      resolve(s);
    };
    source.addEventListener('job', (e) => {
      const s = JSON.parse((e as MessageEvent<string>).data) as JobStatus;
      onUpdate(s);
      if (s.state === 'done' || s.state === 'failed') finish(s);
    });
    source.onerror = () => {
      if (finished) return;
      source.close();
      const poll = async () => {
        try {
          const s = await api.jobStatus(job);
          onUpdate(s);
          if (s.state === 'done' || s.state === 'failed') resolve(s);
          else setTimeout(poll, 500);
        } catch (err) {
          reject(err);
        }
      };
      void poll();
    };
  });
}

/**
 * Uploads a study: one NIfTI/NRRD/MHA file as the request body, or the files of a DICOM folder
 * as multipart/form-data. `onProgress` gets the sent fraction (0..1); the promise resolves
 * once the server has read the image.
 */
export function uploadStudy(files: File[], onProgress: (fraction: number) => void): Promise<Study> {
  const single = files.length === 1 && /\.(nii|nii\.gz|nrrd|mha)$/i.test(files[0].name);
  const xhr = new XMLHttpRequest();
  return new Promise((resolve, reject) => {
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onerror = () =>
      reject(
        new ApiError('the connection to the server broke off: is the server running? (network error)', 0),
      );
    xhr.onload = () => {
      let body: { error?: string } & Partial<Study> = {};
      try {
        body = JSON.parse(xhr.responseText) as typeof body;
      } catch {
        // an answer without JSON
      }
      if (xhr.status === 201) resolve(body as Study);
      else reject(new ApiError(body.error ?? `upload failed (${xhr.status})`, xhr.status));
    };
    if (single) {
      xhr.open('POST', `/api/studies?name=${encodeURIComponent(files[0].name)}`);
      xhr.setRequestHeader('Content-Type', 'application/octet-stream');
      xhr.send(files[0]);
    } else {
      const form = new FormData();
      for (const f of files) form.append('files', f, (f as File & { relPath?: string }).relPath ?? f.name);
      xhr.open('POST', '/api/studies');
      xhr.send(form);
    }
  });
}
