/** Node-only entry of the registry: everything in index.ts plus file reading. */
export * from './index.js';
export { readCohortFile } from './read-cohort-node.js';
export * from './db/index-node.js';
