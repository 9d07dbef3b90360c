/**
 * Performance marks for timing (bench/web.bench.ts and test/browser read them with
 * performance.getEntriesByName): the study opened, its CT received, its first image drawn and
 * the next frame presented, the label overlay and the 3D surfaces shown, a stroke ended, the server's answer to
 * an edit received and the overlay updated with it.
 */
export const MARKS = {
  attachStart: 'sg:attach-start',
  attached: 'sg:attached',
  openStudy: 'sg:open-study',
  ctLoaded: 'sg:ct-loaded',
  firstImage: 'sg:first-image',
  firstFrame: 'sg:first-frame',
  labelsShown: 'sg:labels-shown',
  surfacesShown: 'sg:surfaces-shown',
  strokeEnd: 'sg:stroke-end',
  editAnswered: 'sg:edit-answered',
  editApplied: 'sg:edit-applied',
} as const;
