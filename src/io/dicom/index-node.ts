/** DICOM reading (Node): a folder of files or one file, any transfer syntax in common use. */
export { readDicom } from './read-dicom-node.js';
export { scanDicomFolder, readDicomHeader } from './scan-node.js';
export { groupSeries, chooseSeries } from './series.js';
