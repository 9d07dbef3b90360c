export * from './mesh.js';
export * from './label-surface.js';
export * from './taubin-smooth.js';
export * from './mesh-bundle.js';
