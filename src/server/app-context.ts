/** What the route modules share: settings, the study and label stores, the job queue. */
import type { ServerConfig } from './config.js';
import type { StudyStore } from './study-store-node.js';
import type { LabelStore } from './label-store-node.js';
import type { JobQueue } from './job-queue-node.js';

export interface AppContext {
  config: ServerConfig;
  studies: StudyStore;
  labels: LabelStore;
  jobs: JobQueue;
}
