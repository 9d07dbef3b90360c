export * from './make-phantom.js';
export * from './phantom-grid.js';
export type { PelvisModel } from './pelvis-model.js';
