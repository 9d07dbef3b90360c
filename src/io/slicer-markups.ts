/**
 * 3D Slicer markups (.mrk.json, schema v1.0.3): points and lines in LPS mm, so that a plan's
 * entry and target points and needle paths open in Slicer on top of the CT.
 */
import type { Vec3 } from '../core/vec.js';

export const MARKUPS_SCHEMA =
  'https://raw.githubusercontent.com/slicer/slicer/master/Modules/Loadable/Markups/Resources/Schema/markups-schema-v1.0.3.json#';

export interface MarkupPoint {
  label: string;
  pointLps: Vec3;
  description?: string;
}

export interface Markup {
  /** 'Fiducial': a point list; 'Line': exactly two points. */
  type: 'Fiducial' | 'Line';
  name: string;
  points: MarkupPoint[];
  /** sRGB 0-1. */
  colour?: Vec3;
}

/** The JSON text of a markups file holding `markups`. */
export function formatSlicerMarkups(markups: Markup[]): string {
  for (const m of markups) {
    if (m.type === 'Line' && m.points.length !== 2) throw new RangeError(`line "${m.name}" needs 2 points`);
  }
  const doc = {
    '@schema': MARKUPS_SCHEMA,
    markups: markups.map((m) => ({
      type: m.type,
      coordinateSystem: 'LPS',
      coordinateUnits: 'mm',
      name: m.name,
      locked: false,
      labelFormat: '%N-%d',
      controlPoints: m.points.map((p, i) => ({
        id: String(i + 1),
        label: p.label,
        description: p.description ?? '',
        associatedNodeID: '',
        position: [...p.pointLps],
        orientation: [-1, -0, -0, -0, -1, -0, 0, 0, 1],
        selected: true,
        locked: false,
        visibility: true,
        positionStatus: 'defined',
      })),
      measurements: [],
      display: {
        visibility: true,
        opacity: 1,
        color: [...(m.colour ?? [0.4, 1, 1])],
        selectedColor: [...(m.colour ?? [1, 0.5, 0.5])],
        propertiesLabelVisibility: true,
        pointLabelsVisibility: true,
        textScale: 3,
        glyphType: 'Sphere3D',
        glyphScale: 3,
        glyphSize: 5,
        useGlyphScale: true,
        sliceProjection: false,
        lineThickness: 0.2,
      },
    })),
  };
  return JSON.stringify(doc, null, 2) + '\n';
}
