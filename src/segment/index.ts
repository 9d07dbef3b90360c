export * from './segment-ct.js';
export { labelBones } from './bone-labels.js';
