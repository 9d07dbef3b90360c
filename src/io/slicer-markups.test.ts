import { describe, expect, it } from 'vitest';
import { formatSlicerMarkups, MARKUPS_SCHEMA } from './slicer-markups.js';

describe('formatSlicerMarkups', () => {
  it('writes points and lines in LPS with the Slicer schema', () => {
    const doc = JSON.parse(
      formatSlicerMarkups([
        { type: 'Fiducial', name: 'targets', points: [{ label: 'T1', pointLps: [1, -2, 3.5] }] },
        {
          type: 'Line',
          name: 'path',
          points: [
            { label: 'entry', pointLps: [0, 80, 0] },
            { label: 'target', pointLps: [1, -2, 3.5] },
          ],
        },
      ]),
    );
    expect(doc['@schema']).toBe(MARKUPS_SCHEMA);
    expect(doc.markups).toHaveLength(2);
    expect(doc.markups[0].coordinateSystem).toBe('LPS');
    expect(doc.markups[0].controlPoints[0].position).toEqual([1, -2, 3.5]);
    expect(doc.markups[1].type).toBe('Line');
    expect(doc.markups[1].controlPoints.map((p: { label: string }) => p.label)).toEqual(['entry', 'target']);
  });

  it('refuses a line without exactly two points', () => {
    expect(() => formatSlicerMarkups([{ type: 'Line', name: 'x', points: [] }])).toThrow(/needs 2 points/);
  });
});
