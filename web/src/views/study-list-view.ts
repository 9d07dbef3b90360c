/**
 * The study list: every study with its grid and whether it is segmented, open and delete, and
 * upload by drag and drop (a NIfTI/NRRD/MHA file, or a DICOM folder or its files) or by file
 * pickers, with a progress bar and the server's reason when an upload is refused.
 */
import { ApiError, api, uploadStudy, type Study } from '../api.js';
import { el } from '../context.js';

export interface StudyListOptions {
  onOpen: (study: Study) => void;
  notify: (message: string, kind?: 'error' | 'info') => void;
}

type FileWithPath = File & { relPath?: string };

const ACCEPTED = 'accepted: a NIfTI (.nii, .nii.gz), NRRD or MHA file, or the files of a DICOM series';

export function mountStudyList(
  root: HTMLElement,
  options: StudyListOptions,
): { refresh: () => Promise<void> } {
  const tbody = el('tbody');
  const progress = el('progress', { max: 1, value: 0, hidden: true, class: 'upload-progress' });
  const progressText = el('span', { class: 'upload-text' });
  const fileInput = el('input', { type: 'file', multiple: true, hidden: true });
  const folderInput = el('input', { type: 'file', hidden: true, webkitdirectory: true });
  const drop = el(
    'div',
    { class: 'drop-zone', tabindex: 0, 'data-testid': 'drop-zone' },
    el('p', {}, 'Drop a NIfTI file (.nii, .nii.gz), NRRD, MHA or a DICOM folder here'),
    el(
      'p',
      {},
      el('button', { type: 'button', onclick: () => fileInput.click() }, 'Choose file(s)…'),
      ' ',
      el('button', { type: 'button', onclick: () => folderInput.click() }, 'Choose DICOM folder…'),
    ),
    progress,
    progressText,
  );

  const upload = async (files: FileWithPath[]) => {
    if (files.length === 0) return;
    progress.hidden = false;
    progress.value = 0;
    const what = files.length === 1 ? files[0].name : `${files.length} files`;
    progressText.textContent = `Uploading ${what}…`;
    try {
      const study = await uploadStudy(files, (f) => {
        progress.value = f;
        progressText.textContent =
          f < 1 ? `Uploading ${what}: ${Math.round(100 * f)} %` : `Reading ${what} on the server…`;
      });
      progressText.textContent = `Added “${study.name}”.`;
      await refresh();
    } catch (e) {
      progressText.textContent = '';
      const message = (e as Error).message;
      const unknownKind = e instanceof ApiError && /not a DICOM file|no DICOM images/.test(message);
      const hint = unknownKind ? ` (${ACCEPTED})` : '';
      options.notify(`Upload of ${what} failed: ${message}${hint}`, 'error');
    } finally {
      progress.hidden = true;
    }
  };

  fileInput.addEventListener('change', () => void upload([...(fileInput.files ?? [])]));
  folderInput.addEventListener(
    'change',
    () => void upload([...(folderInput.files ?? [])].map((f) => withPath(f, f.webkitRelativePath || f.name))),
  );
  drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    void droppedFiles(e.dataTransfer).then(upload, (err: Error) => options.notify(err.message, 'error'));
  });

  const refresh = async () => {
    let studies: Study[];
    try {
      studies = await api.listStudies();
    } catch (e) {
      options.notify(`Cannot list the studies: ${(e as Error).message}`, 'error');
      return;
    }
    tbody.replaceChildren(
      ...studies.map((s) =>
        el(
          'tr',
          { 'data-study': s.id },
          el('td', {}, el('a', { href: `#/study/${encodeURIComponent(s.id)}`, class: 'study-open' }, s.name)),
          el('td', {}, s.modality),
          el('td', {}, s.dims.join(' × ')),
          el('td', {}, `${s.spacing_mm.map((v) => v.toFixed(2)).join(' × ')} mm`),
          el('td', {}, s.segmented ? 'segmented' : '—'),
          el('td', {}, s.created.slice(0, 16).replace('T', ' ')),
          el(
            'td',
            {},
            el('button', { type: 'button', onclick: () => options.onOpen(s) }, 'Open'),
            ' ',
            el(
              'button',
              {
                type: 'button',
                class: 'danger',
                onclick: async () => {
                  if (!confirm(`Delete “${s.name}” with its segmentation and edits?`)) return;
                  try {
                    await api.deleteStudy(s.id);
                    await refresh();
                  } catch (e) {
                    options.notify(`Cannot delete: ${(e as Error).message}`, 'error');
                  }
                },
              },
              'Delete',
            ),
          ),
        ),
      ),
    );
    if (studies.length === 0)
      tbody.append(el('tr', {}, el('td', { colspan: 7 }, 'No studies yet: drop one above.')));
  };

  root.replaceChildren(
    el(
      'section',
      { class: 'study-list' },
      el('h2', {}, 'Studies'),
      drop,
      fileInput,
      folderInput,
      el(
        'table',
        { class: 'studies' },
        el(
          'thead',
          {},
          el(
            'tr',
            {},
            ...['Name', 'Modality', 'Voxels', 'Spacing', 'Segmentation', 'Added', ''].map((h) =>
              el('th', {}, h),
            ),
          ),
        ),
        tbody,
      ),
    ),
  );
  void refresh();
  return { refresh };
}

function withPath(f: File, path: string): FileWithPath {
  const out = f as FileWithPath;
  out.relPath = path;
  return out;
}

/** The files of a drop, folders walked recursively (relative paths kept for the server). */
async function droppedFiles(dt: DataTransfer | null): Promise<FileWithPath[]> {
  if (!dt) return [];
  const entries = [...dt.items].map((i) => i.webkitGetAsEntry?.()).filter((e): e is FileSystemEntry => !!e);
  if (entries.length === 0) return [...dt.files];
  const out: FileWithPath[] = [];
  const walk = async (entry: FileSystemEntry, prefix: string): Promise<void> => {
    if (entry.isFile) {
      const file = await new Promise<File>((res, rej) => (entry as FileSystemFileEntry).file(res, rej));
      out.push(withPath(file, prefix + file.name));
    } else if (entry.isDirectory) {
      const reader = (entry as FileSystemDirectoryEntry).createReader();
      for (;;) {
        const batch = await new Promise<FileSystemEntry[]>((res, rej) => reader.readEntries(res, rej));
        if (batch.length === 0) break;
        for (const e of batch) await walk(e, `${prefix}${entry.name}/`);
      }
    }
  };
  for (const e of entries) await walk(e, '');
  return out;
}
