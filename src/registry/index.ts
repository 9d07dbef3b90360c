/** Public face of the registry: cohort reading, statistics, the analyze report and figures. */
export * from './cohort.js';
export * from './csv.js';
export * from './analyze.js';
export * from './plots.js';
export * from './stats/descriptive.js';
export * from './stats/distributions.js';
export * from './stats/fisher.js';
export * from './stats/friedman.js';
export * from './stats/km.js';
export * from './stats/wilcoxon.js';
