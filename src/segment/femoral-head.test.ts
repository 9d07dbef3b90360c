import { describe, expect, it } from 'vitest';
import { makeVolume, type Grid } from '../core/volume.js';
import { findFemoralHead, mirroredFemoralHead } from './femoral-head.js';
import { seedFemoralHeads } from './femoral-head-seeds.js';
import { onThisThread } from './off-thread.js';
import { SACRAL_LABELS } from '../anatomy/labels.js';

/**
 * A hip joint: a femoral head (ball of radius 22 mm, 2 mm cortex at 700 HU, marrow 250 HU) on a
 * neck going down and lateral, in a cup (acetabulum, 8 mm of bone at 500 HU) that covers its
 * upper, medial half across a 2.5 mm joint space (60 HU); soft tissue 40 HU elsewhere.
 */
function hipJoint(centre: [number, number, number], spacing: number) {
  const n = Math.round(130 / spacing);
  const grid: Grid = {
    dims: [n, n, n],
    spacingMm: [spacing, spacing, spacing],
    originLps: [-65, -65, -65],
    direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
  };
  const hu = new Float32Array(n ** 3).fill(40);
  const hip = new Uint8Array(n ** 3);
  const femur = new Uint8Array(n ** 3);
  const neckDir = [0.6, 0, -0.8]; // lateral (+x here) and down
  let v = 0;
  for (let k = 0; k < n; k++)
    for (let j = 0; j < n; j++)
      for (let i = 0; i < n; i++, v++) {
        const p = [i, j, k].map((x, a) => grid.originLps[a] + x * spacing - centre[a]);
        const r = Math.hypot(p[0], p[1], p[2]);
        const along = p[0] * neckDir[0] + p[2] * neckDir[2];
        const fromAxis = Math.hypot(p[0] - along * neckDir[0], p[1], p[2] - along * neckDir[2]);
        if (r <= 22 || (along > 0 && along < 60 && fromAxis < 14)) {
          femur[v] = 1;
          hu[v] = r > 20 && r <= 22 ? 700 : 250;
        } else if (r > 24.5 && r <= 32.5 && p[2] > -5 && p[0] < 10) {
          hip[v] = 1;
          hu[v] = 500;
        } else if (r > 22 && r <= 24.5 && p[2] > -5) hu[v] = 60;
      }
  const bone = new Uint8Array(n ** 3);
  for (let i = 0; i < bone.length; i++) bone[i] = hip[i] || femur[i] ? 1 : 0;
  return { hu: makeVolume(grid, hu), hip, femur, bone };
}

describe('findFemoralHead', () => {
  for (const [centre, spacing] of [
    [[0, 0, 0], 1.5],
    [[4.3, -3.1, 2.2], 2],
  ] as const) {
    it(`finds the head's centre and the joint space's radius (centre ${centre}, ${spacing} mm)`, () => {
      const joint = hipJoint([...centre], spacing);
      const head = findFemoralHead(joint.hu, joint);
      expect(head).not.toBeNull();
      const [x, y, z] = head!.centreLps;
      expect(Math.hypot(x - centre[0], y - centre[1], z - centre[2])).toBeLessThan(1.6 * spacing);
      expect(Math.abs(head!.radiusMm - 23.25)).toBeLessThanOrEqual(1.5);
      expect(head!.depthHu).toBeGreaterThan(100);
    });
  }

  it('finds the head with an implant in the femur (a nail up the neck into the head, a plate)', () => {
    const centre: [number, number, number] = [0, 0, 0];
    const joint = hipJoint(centre, 2);
    // a 6 mm nail from the lateral femur up the neck into the head, and a plate on the shaft
    const [n] = joint.hu.dims;
    let v = 0;
    for (let k = 0; k < n; k++)
      for (let j = 0; j < n; j++)
        for (let i = 0; i < n; i++, v++) {
          const p = [i, j, k].map((x) => -65 + 2 * x);
          const along = p[0] * 0.6 - p[2] * 0.8;
          const fromAxis = Math.hypot(p[0] - 0.6 * along, p[1], p[2] + 0.8 * along);
          const nail = along > -10 && along < 55 && fromAxis < 3;
          const plate = p[0] > 40 && p[0] < 44 && Math.abs(p[1]) < 8 && p[2] < -25;
          if (nail || plate) {
            joint.hu.data[v] = 3000;
            joint.femur[v] = 1;
            joint.bone[v] = 1;
          }
        }
    const head = findFemoralHead(joint.hu, joint);
    expect(head).not.toBeNull();
    expect(Math.hypot(...head!.centreLps)).toBeLessThan(3.2);
  });

  it('finds no head where there is no joint space (a solid block of bone)', () => {
    const joint = hipJoint([0, 0, 0], 2);
    for (let i = 0; i < joint.bone.length; i++) {
      if (joint.hip[i] || joint.femur[i] || joint.hu.data[i] === 60) {
        joint.hu.data[i] = 400;
        joint.hip[i] = joint.femur[i] ? 0 : 1;
        joint.bone[i] = 1;
      }
    }
    expect(findFemoralHead(joint.hu, joint)).toBeNull();
  });
});

describe('mirroredFemoralHead', () => {
  it("mirrors the other side's head across the mid-plane where that is bone, else none", () => {
    const grid: Grid = {
      dims: [60, 30, 30],
      spacingMm: [2, 2, 2],
      originLps: [-60, -30, -30],
      direction: [1, 0, 0, 0, 1, 0, 0, 0, 1],
    };
    const bone = new Uint8Array(60 * 30 * 30);
    const [nx, ny] = grid.dims;
    const ball = (cx: number) => {
      for (let k = 0; k < 30; k++)
        for (let j = 0; j < 30; j++)
          for (let i = 0; i < 60; i++)
            if (Math.hypot(-60 + 2 * i - cx, -30 + 2 * j + 2, -30 + 2 * k) <= 16)
              bone[i + nx * (j + ny * k)] = 1;
    };
    const head = { centreLps: [-33, -2, 0] as [number, number, number], radiusMm: 15, depthHu: 80 };
    ball(-33);
    expect(mirroredFemoralHead(grid, bone, { head, midlineX: 2 })).toBeNull();
    ball(37);
    const mirrored = mirroredFemoralHead(grid, bone, { head, midlineX: 2 });
    expect(mirrored?.centreLps).toEqual([37, -2, 0]);
    expect(mirrored?.radiusMm).toBe(15);
  });
});

describe('seedFemoralHeads', () => {
  it('seeds the head as femur and turns the hip seeds on the neck and trochanter to femur', async () => {
    // a left hip (lateral = +x) whose hip bone label took the head and the upper neck, as where
    // the joint space is not resolved; its femur label holds only the lower neck
    const joint = hipJoint([0, 0, 0], 2);
    const { dims, spacingMm, originLps } = joint.hu;
    const [nx, ny, nz] = dims;
    const hipL = SACRAL_LABELS.hip_left;
    const femurL = SACRAL_LABELS.femur_left;
    const stage1 = new Uint8Array(nx * ny * nz);
    const seeds = new Uint8Array(nx * ny * nz);
    const along = (v: number) => {
      const p = [v % nx, Math.floor(v / nx) % ny, Math.floor(v / (nx * ny))].map(
        (x, a) => originLps[a] + x * spacingMm[a],
      );
      return { p, along: p[0] * 0.6 - p[2] * 0.8 };
    };
    for (let v = 0; v < stage1.length; v++) {
      if (joint.hip[v]) stage1[v] = seeds[v] = hipL;
      else if (joint.femur[v]) {
        const far = along(v).along > 40;
        stage1[v] = far ? femurL : hipL;
        seeds[v] = far ? femurL : hipL;
      }
    }
    // a greater trochanter lateral of the head, at about its centre's height, seeded hip; and a
    // hip seed closer to the head (an acetabular rim's distance) at the same height
    const trochanter: number[] = [];
    const rim: number[] = [];
    for (let v = 0; v < seeds.length; v++) {
      const { p } = along(v);
      if (Math.hypot(p[0] - 36, p[1], p[2] + 12) <= 4) trochanter.push(v);
      if (Math.hypot(p[0] - 20, p[1], p[2] + 19) <= 2) rim.push(v);
    }
    for (const v of [...trochanter, ...rim]) seeds[v] = hipL;
    const changed = await seedFemoralHeads(joint.hu, {
      stage1,
      bone: joint.bone,
      seeds,
      midlineX: -95,
      offThread: onThisThread,
    });
    expect(changed).toBe(true);
    let head = 0,
      headFemur = 0,
      neck = 0,
      neckFemur = 0,
      cup = 0,
      cupHip = 0;
    for (let v = 0; v < seeds.length; v++) {
      const { p, along: a } = along(v);
      const r = Math.hypot(p[0], p[1], p[2]);
      if (joint.femur[v] && r < 19) {
        head++;
        headFemur += seeds[v] === femurL ? 1 : 0;
      } else if (joint.femur[v] && p[2] < -27 && p[0] > 8 && a < 40) {
        neck++;
        neckFemur += seeds[v] === femurL ? 1 : 0;
      } else if (joint.hip[v] && r > 28) {
        cup++;
        cupHip += seeds[v] === hipL ? 1 : 0;
      }
    }
    expect(head).toBeGreaterThan(1000);
    expect(headFemur / head).toBeGreaterThan(0.99);
    expect(neck).toBeGreaterThan(50);
    expect(neckFemur / neck).toBe(1);
    expect(cupHip / cup).toBe(1);
    expect(trochanter.length).toBeGreaterThan(10);
    expect(trochanter.every((v) => seeds[v] === femurL)).toBe(true);
    expect(rim.every((v) => seeds[v] === hipL)).toBe(true);
  });
});
