/**
 * The NiiVue viewer shared by every view: one canvas with axial, coronal, sagittal and 3D tiles
 * (linked crosshair), the CT, the label overlay and the structure surfaces. NiiVue works in the
 * NIfTI RAS world; everything this module exposes is patient LPS mm (x and y negated), and label
 * map voxels are indexed as on the server (i + nx * (j + ny * k) of the stored grid).
 */
import {
  DRAG_MODE,
  MULTIPLANAR_TYPE,
  NVImage,
  NVMesh,
  Niivue,
  SHOW_RENDER,
  SLICE_TYPE,
} from '@niivue/niivue';

import { labelColour } from '../../src/anatomy/labels.js';
import { isAxisAligned } from '../../src/core/geometry.js';
import type { LabelMap, TypedArray, Volume } from '../../src/core/volume.js';
import type { MeshBundle } from '../../src/mesh/mesh-bundle.js';
import type { Point, LabelPatch } from './api.js';
import { gridFromNiftiAffine, huScale } from './nifti-grid.js';
import type { Tool, WindowLevel } from './state.js';
import { MARKS } from './marks.js';

export interface OverlayStyle {
  hidden: Record<string, boolean>;
  opacity: Record<string, number>;
  overlayOpacity: number;
}

interface NiftiHeaderLike {
  affine: number[][];
  dims: number[];
  scl_slope: number;
  scl_inter: number;
}

export class Viewer {
  readonly nv: Niivue;
  readonly canvas: HTMLCanvasElement;
  private ctImage: NVImage | null = null;
  private overlay: NVImage | null = null;
  private meshes = new Map<string, NVMesh>();
  /** The CT and the label map as Volumes on their stored grids (views of NiiVue's arrays). */
  ct: Volume<TypedArray> | null = null;
  labelMap: LabelMap | null = null;
  private ctHu: { slope: number; inter: number } = { slope: 1, inter: 0 };
  private pendingRefresh = false;

  constructor(canvas: HTMLCanvasElement) {
    this.canvas = canvas;
    this.nv = new Niivue({
      backColor: [0, 0, 0, 1],
      crosshairColor: [0.2, 0.8, 1, 0.9],
      crosshairWidth: 1,
      show3Dcrosshair: true,
      isRadiologicalConvention: true,
      sagittalNoseLeft: true,
      isOrientationTextVisible: true,
      // markers in amber: readable over grey anatomy and apart from the cyan crosshair
      fontColor: [1, 0.82, 0.3, 1],
      measureTextColor: [1, 0.82, 0.3, 1],
      showAllOrientationMarkers: true,
      isOrientCube: true,
      multiplanarShowRender: SHOW_RENDER.ALWAYS,
      multiplanarLayout: MULTIPLANAR_TYPE.GRID,
      // a gap between the tiles, so that neighbouring tiles' markers (coronal L, sagittal A) stay apart
      multiplanarPadPixels: 24,
      meshThicknessOn2D: 0,
      isColorbar: false,
      dragAndDropEnabled: false,
      loadingText: '',
      logLevel: 'warn',
      dragMode: DRAG_MODE.windowing,
      viewModeHotKey: 'None',
      clipPlaneHotKey: 'None',
      cycleClipPlaneHotKey: 'None',
      isNearestInterpolation: true,
    });
  }

  async attach(): Promise<void> {
    performance.mark(MARKS.attachStart);
    await this.nv.attachToCanvas(this.canvas);
    performance.mark(MARKS.attached);
    this.nv.setSliceType(SLICE_TYPE.MULTIPLANAR);
    this.setTool('navigate');
  }

  /** Shows a study's CT; resolves once its first image is drawn. */
  async openCt(url: string, window: WindowLevel): Promise<void> {
    this.clearSurfaces();
    this.overlay = null;
    this.labelMap = null;
    // slices first, the 3D tile (volume ray casting, slow without a GPU) once they are drawn
    this.nv.opts.multiplanarShowRender = SHOW_RENDER.NEVER;
    await this.nv.loadVolumes([{ url, name: 'ct.nii.gz', colormap: 'gray' }]);
    performance.mark(MARKS.ctLoaded);
    this.ctImage = this.nv.volumes[0];
    const hdr = this.ctImage.hdr as unknown as NiftiHeaderLike;
    this.ctHu = huScale(hdr);
    this.ct = { ...gridFromNiftiAffine(hdr), data: this.ctImage.img as TypedArray };
    // an oblique image is resliced along the patient's axes, so that the slices are true axial,
    // coronal and sagittal planes and their orientation markers exact (voxel planes otherwise)
    this.nv.opts.isSliceMM = !isAxisAligned(this.ct, 1e-3);
    this.setWindow(window);
    this.nv.drawScene();
    performance.mark(MARKS.firstImage);
    await new Promise((resolve) => requestAnimationFrame(resolve));
    performance.mark(MARKS.firstFrame);
    this.nv.opts.multiplanarShowRender = SHOW_RENDER.ALWAYS;
    this.nv.drawScene();
  }

  /**
   * Shows (or replaces) the label overlay from a NIfTI URL. A new map on the grid of the one
   * shown (segment again, an edit answered with the whole map) is copied into it: NiiVue's
   * removeVolume and addVolume would each rebuild every texture.
   */
  async showLabels(url: string, table: Record<string, number>, style: OverlayStyle): Promise<void> {
    const image = await NVImage.loadFromUrl({ url, name: 'labels.nii.gz', colormap: 'gray' });
    if (!(image.img instanceof Uint8Array)) throw new Error('the label map is not 8-bit');
    const hdr = image.hdr as unknown as NiftiHeaderLike;
    const old = this.overlay;
    if (old && this.labelMap && sameHeaderGrid(old.hdr as unknown as NiftiHeaderLike, hdr)) {
      this.labelMap.data.set(image.img);
      this.labelMap = { ...this.labelMap, labels: { ...table } };
    } else {
      if (old) this.nv.removeVolume(old);
      this.overlay = image;
      this.labelMap = { ...gridFromNiftiAffine(hdr), data: image.img, labels: { ...table } };
      this.nv.addVolume(image);
    }
    this.styleLabels(table, style);
    performance.mark(MARKS.labelsShown);
  }

  get hasLabels(): boolean {
    return this.overlay !== null;
  }

  /** Colours (src/anatomy/labels.ts), visibility and opacity of each structure. */
  styleLabels(table: Record<string, number>, style: OverlayStyle): void {
    if (!this.overlay) return;
    const byValue = new Map(Object.entries(table).map(([n, v]) => [v, n]));
    const max = Math.max(1, ...byValue.keys());
    const cm = {
      R: [] as number[],
      G: [] as number[],
      B: [] as number[],
      A: [] as number[],
      I: [] as number[],
      labels: [] as string[],
    };
    for (let v = 0; v <= max; v++) {
      const name = byValue.get(v);
      const [r, g, b] = name ? labelColour(name) : [0, 0, 0];
      const shown = v > 0 && name !== undefined && !style.hidden[name];
      cm.R.push(r);
      cm.G.push(g);
      cm.B.push(b);
      cm.A.push(shown ? Math.round(255 * (style.opacity[name as string] ?? 1)) : 0);
      cm.I.push(v);
      cm.labels.push(name ?? '');
    }
    this.overlay.setColormapLabel(cm);
    this.overlay.opacity = style.overlayOpacity;
    for (const [name, mesh] of this.meshes) {
      mesh.visible = !style.hidden[name];
      mesh.opacity = style.opacity[name] ?? 1;
    }
    this.orderSurfaces();
    this.refreshOverlayTexture();
  }

  /**
   * Replaces the 3D view's surfaces of the structures `names` (and of those in the bundle) with
   * the bundle's; a structure of `names` not in the bundle is empty and loses its surface.
   * Resolves once the frame showing them has been presented.
   */
  async setSurfaces(bundle: MeshBundle, names: readonly string[], style: OverlayStyle): Promise<void> {
    const gl = this.nv.gl;
    for (const name of [...names, ...bundle.meshes.map((m) => m.name)]) {
      this.meshes.get(name)?.unloadMesh(gl);
      this.meshes.delete(name);
    }
    for (const { name, mesh } of bundle.meshes) {
      const ras = bundle.space === 'ras' ? mesh.positionsLps : lpsToRas(mesh.positionsLps);
      const [r, g, b] = labelColour(name);
      const nvMesh = new NVMesh(
        ras,
        mesh.triangles,
        name,
        new Uint8Array([r, g, b, 255]),
        style.opacity[name] ?? 1,
        !style.hidden[name],
        gl,
      );
      this.meshes.set(name, nvMesh);
      this.nv.furthestVertexFromOrigin = Math.max(
        this.nv.furthestVertexFromOrigin,
        nvMesh.furthestVertexFromOrigin,
      );
    }
    this.orderSurfaces();
    this.nv.drawScene();
    await new Promise((resolve) => requestAnimationFrame(resolve));
    performance.mark(MARKS.surfacesShown);
  }

  private clearSurfaces(): void {
    for (const m of this.meshes.values()) m.unloadMesh(this.nv.gl);
    this.meshes.clear();
    this.nv.meshes = [];
  }

  /**
   * NiiVue's mesh list, set directly: its addMesh and removeMesh each rebuild every volume
   * texture (about a second per call in SwiftShader). Opaque surfaces first, so that the
   * translucent ones in front blend over them.
   */
  private orderSurfaces(): void {
    this.nv.meshes = [...this.meshes.values()].sort((a, b) => Number(a.opacity < 1) - Number(b.opacity < 1));
  }

  /**
   * 3D tile: structure surfaces only, or the CT volume rendering with them. With surfaces only
   * the CT's ray casting is skipped, not just clipped away: it is most of every frame's cost
   * without a GPU (about 0.3 s in SwiftShader), paid on every crosshair move and brush dab.
   */
  setRender3d(mode: 'surfaces' | 'volume'): void {
    this.nv.opts.meshXRay = mode === 'volume' ? 0.5 : 0;
    this.nv.setClipPlane(mode === 'surfaces' ? [-1.8, 0, 90] : [2, 0, 0]);
    this.nv.drawImage3D = mode === 'surfaces' ? () => undefined : Niivue.prototype.drawImage3D;
    this.nv.drawScene();
  }

  /** Grey window in HU (NiiVue's cal_min/cal_max are calibrated values). */
  setWindow(w: WindowLevel): void {
    if (!this.ctImage) return;
    this.ctImage.cal_min = w.centerHu - w.widthHu / 2;
    this.ctImage.cal_max = w.centerHu + w.widthHu / 2;
    this.nv.updateGLVolume();
  }

  /** The current grey window of the CT in HU (after a drag with the right button). */
  currentWindow(): WindowLevel | null {
    if (!this.ctImage) return null;
    const lo = this.ctImage.cal_min ?? 0;
    const hi = this.ctImage.cal_max ?? 0;
    return { centerHu: (lo + hi) / 2, widthHu: Math.max(1, hi - lo) };
  }

  /** Mouse buttons per tool; the right button always drags the window, the middle one pans. */
  setTool(tool: Tool): void {
    const left =
      tool === 'pan'
        ? DRAG_MODE.pan
        : tool === 'measure'
          ? DRAG_MODE.measurement
          : tool === 'navigate'
            ? DRAG_MODE.crosshair
            : DRAG_MODE.none;
    this.nv.opts.dragMode = tool === 'pan' ? DRAG_MODE.pan : DRAG_MODE.windowing;
    this.nv.setMouseEventConfig({
      leftButton: { primary: left, withShift: DRAG_MODE.measurement, withCtrl: DRAG_MODE.pan },
      rightButton: DRAG_MODE.windowing,
      centerButton: DRAG_MODE.pan,
    });
  }

  /** The LPS point under a mouse position on a 2D tile, or null (outside, or the 3D tile). */
  screenToLps(clientX: number, clientY: number): Point | null {
    const rect = this.canvas.getBoundingClientRect();
    const dpr = this.nv.uiData.dpr ?? window.devicePixelRatio;
    const x = (clientX - rect.left) * dpr;
    const y = (clientY - rect.top) * dpr;
    if (this.nv.inRenderTile(x, y) >= 0) return null;
    const frac = this.nv.canvasPos2frac([x, y]);
    if (frac[0] < 0) return null;
    const mm = this.nv.frac2mm(frac);
    return [-mm[0], -mm[1], mm[2]];
  }

  /** Millimetres per screen (CSS) pixel on the tile under a mouse position. */
  mmPerPixel(clientX: number, clientY: number): number | null {
    const a = this.screenToLps(clientX, clientY);
    const b = this.screenToLps(clientX + 20, clientY);
    if (!a || !b) return null;
    return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]) / 20;
  }

  /** Moves the crosshair to an LPS point. */
  moveTo(lps: Point): void {
    const frac = this.nv.mm2frac([-lps[0], -lps[1], lps[2]]);
    this.nv.scene.crosshairPos = frac;
    this.nv.drawScene();
    this.nv.createOnLocationChange();
  }

  /** LPS centroid of the voxels of a label value in the overlay, null when there are none. */
  centroidOf(value: number): Point | null {
    const map = this.labelMap;
    if (!map) return null;
    const [nx, ny] = map.dims;
    let n = 0;
    let si = 0;
    let sj = 0;
    let sk = 0;
    const d = map.data;
    for (let idx = 0; idx < d.length; idx++) {
      if (d[idx] !== value) continue;
      n++;
      si += idx % nx;
      sj += Math.floor(idx / nx) % ny;
      sk += Math.floor(idx / (nx * ny));
    }
    if (n === 0) return null;
    const { originLps: o, direction: r, spacingMm: s } = map;
    const ijk = [(si / n) * s[0], (sj / n) * s[1], (sk / n) * s[2]];
    return [0, 1, 2].map(
      (a) => o[a] + r[3 * a] * ijk[0] + r[3 * a + 1] * ijk[1] + r[3 * a + 2] * ijk[2],
    ) as Point;
  }

  /** CT value (HU) at an LPS point, nearest voxel; null outside the image. */
  huAt(lps: Point): number | null {
    const ct = this.ct;
    if (!ct) return null;
    const idx = voxelIndex(ct, lps);
    return idx < 0 ? null : ct.data[idx] * this.ctHu.slope + this.ctHu.inter;
  }

  /** An HU range in stored CT values (for the threshold preview on NiiVue's raw array). */
  rawRange(hu: [number, number]): [number, number] | null {
    if (!this.ct) return null;
    const { slope, inter } = this.ctHu;
    const a = (hu[0] - inter) / slope;
    const b = (hu[1] - inter) / slope;
    return [Math.min(a, b), Math.max(a, b)];
  }

  /** Writes the server's new values of a box into the overlay and redraws. */
  applyPatch(patch: LabelPatch): void {
    const map = this.labelMap;
    if (!map) return;
    const [i0, j0, k0, i1, j1, k1] = patch.box_ijk;
    const values = Uint8Array.from(atob(patch.values_b64), (c) => c.charCodeAt(0));
    const [nx, ny] = map.dims;
    const bx = i1 - i0 + 1;
    let o = 0;
    for (let k = k0; k <= k1; k++)
      for (let j = j0; j <= j1; j++) {
        map.data.set(values.subarray(o, o + bx), i0 + nx * (j + ny * k));
        o += bx;
      }
    this.refreshOverlay();
  }

  /** Re-uploads the overlay after its voxels changed (at most once per frame). */
  refreshOverlay(): void {
    if (this.pendingRefresh) return;
    this.pendingRefresh = true;
    requestAnimationFrame(() => {
      this.pendingRefresh = false;
      this.refreshOverlayTexture();
      performance.mark(MARKS.editApplied);
    });
  }

  /**
   * Redraws with the overlay's texture made again from its voxels and colours. Only the
   * overlay's layer: NiiVue's updateGLVolume would also rebuild the CT's texture and its
   * gradients for the volume rendering (most of a second in SwiftShader).
   */
  private refreshOverlayTexture(): void {
    if (this.overlay && this.nv.volumes.length === 2 && this.nv.volumes[1] === this.overlay) {
      this.nv.refreshLayers(this.overlay, 1);
      this.nv.drawScene();
    } else this.nv.updateGLVolume();
  }

  /** A PNG of the whole canvas as drawn now. */
  snapshot(): Promise<Blob> {
    this.nv.drawScene();
    return new Promise((resolve, reject) =>
      this.canvas.toBlob(
        (b) => (b ? resolve(b) : reject(new Error('the canvas could not be saved'))),
        'image/png',
      ),
    );
  }
}

/** True when two NIfTI headers describe the same voxel grid. */
function sameHeaderGrid(a: NiftiHeaderLike, b: NiftiHeaderLike): boolean {
  return JSON.stringify([a.dims, a.affine]) === JSON.stringify([b.dims, b.affine]);
}

/** A copy of LPS positions (x, y, z per vertex) in RAS: x and y negated. */
function lpsToRas(positions: Float32Array): Float32Array {
  const out = positions.slice();
  for (let p = 0; p < out.length; p += 3) {
    out[p] = -out[p];
    out[p + 1] = -out[p + 1];
  }
  return out;
}

/** Flat index of the voxel nearest to an LPS point, -1 outside the grid. */
export function voxelIndex(grid: Volume<TypedArray>, lps: Point): number {
  const { dims, spacingMm: s, originLps: o, direction: d } = grid;
  const dx = lps[0] - o[0];
  const dy = lps[1] - o[1];
  const dz = lps[2] - o[2];
  // direction is orthonormal: its inverse is its transpose
  const i = Math.round((d[0] * dx + d[3] * dy + d[6] * dz) / s[0]);
  const j = Math.round((d[1] * dx + d[4] * dy + d[7] * dz) / s[1]);
  const k = Math.round((d[2] * dx + d[5] * dy + d[8] * dz) / s[2]);
  if (i < 0 || j < 0 || k < 0 || i >= dims[0] || j >= dims[1] || k >= dims[2]) return -1;
  return i + dims[0] * (j + dims[1] * k);
}
