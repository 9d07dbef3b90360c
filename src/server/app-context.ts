/** What the route modules share: settings, the study, label and surface stores, the job queue. */
import type { ServerConfig } from './config.js';
import type { StudyStore } from './study-store-node.js';
import type { LabelStore } from './label-store-node.js';
import type { JobQueue } from './job-queue-node.js';
import type { SurfaceStore } from './surface-store-node.js';

export interface AppContext {
  config: ServerConfig;
  studies: StudyStore;
  labels: LabelStore;
  surfaces: SurfaceStore;
  jobs: JobQueue;
}
