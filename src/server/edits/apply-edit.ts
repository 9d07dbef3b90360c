/**
 * Runs a checked edit request on a label map with the refinement library (in place) and returns
 * the one delta that undoes it. A stroke's dabs merge into one delta; if any step throws, the
 * steps already made are reverted first, so a failed request leaves the map as it was.
 */
import { InputError } from '../../core/errors.js';
import type { LabelMap, TypedArray, Volume } from '../../core/volume.js';
import {
  fillHoles,
  growFromSeeds,
  paintSphere,
  removeIslands,
  revertDelta,
  smoothLabel,
  thresholdPaint,
  type LabelDelta,
} from '../../segment/refine/index.js';
import type { EditRequest } from './edit-request.js';
import { mergeDeltas } from './merge-deltas.js';

/** Value of a structure name in the map's table; unknown names are a 400 naming `field`. */
export function structureValue(labels: LabelMap, name: string, field = 'label'): number {
  const value = Object.hasOwn(labels.labels, name) ? labels.labels[name] : undefined;
  if (value === undefined)
    throw new InputError(`unknown structure "${name}" (known: ${Object.keys(labels.labels).join(', ')})`, {
      field,
    });
  return value;
}

export function applyEdit(labels: LabelMap, request: EditRequest, ct: Volume<TypedArray> | null): LabelDelta {
  const label = structureValue(labels, request.label);
  const protect =
    'protect' in request ? request.protect.map((n) => structureValue(labels, n, 'protect')) : [];
  const needCt = (): Volume<TypedArray> => {
    if (!ct) throw new Error('this edit needs the CT');
    return ct;
  };
  switch (request.op) {
    case 'paint':
    case 'erase': {
      const done: LabelDelta[] = [];
      try {
        for (const centerLps of request.centersLps) {
          const edit = { label, centerLps, radiusMm: request.radiusMm, mode: request.op, protect };
          done.push(
            request.huRange
              ? thresholdPaint(labels, needCt(), {
                  ...edit,
                  minHu: request.huRange[0],
                  maxHu: request.huRange[1],
                })
              : paintSphere(labels, edit),
          );
        }
      } catch (e) {
        for (let d = done.length - 1; d >= 0; d--) revertDelta(labels, done[d]);
        throw e;
      }
      return mergeDeltas(done);
    }
    case 'grow':
      return growFromSeeds(labels, needCt(), {
        label,
        seedsLps: request.seedsLps,
        minHu: request.minHu,
        maxHu: request.maxHu,
        ...(request.maxVolumeMl === null ? {} : { maxVolumeMl: request.maxVolumeMl }),
        protect,
      });
    case 'remove_islands':
      return removeIslands(labels, {
        label,
        keep: request.minVolumeMl === null ? 'largest' : { minVolumeMl: request.minVolumeMl },
      });
    case 'fill_holes':
      return fillHoles(labels, { label, ...(request.slices ? { slices: request.slices } : {}) });
    case 'smooth':
      return smoothLabel(labels, { label, radiusMm: request.radiusMm });
  }
}
