export * from './vec.js';
export * from './volume.js';
export * from './geometry.js';
export * from './errors.js';
export * from './progress.js';
export * from './resample.js';
export * from './crop.js';
