/** The registry database (Node only): opening and migrating, import, export, records, analysis. */
export * from './schema.js';
export { migrateRegistry, registryMigrations } from './migrations.js';
export * from './registry-db-node.js';
export * from './db-errors.js';
export * from './load-records.js';
export * from './import-cohort.js';
export * from './export-registry.js';
export * from './patients.js';
export * from './procedures.js';
export * from './followup.js';
