import * as THREE from 'three';
import type { Surface } from '../../../electron/common/contract';
import { presetCamera, type Bounds, type CameraState, type Vec3, type ViewPreset } from './model/camera-presets';
import type { ClipPlane } from './model/clip-plane';
import { pickHit, type PickHit } from './model/pick';
import { float32Of, uint32Of } from './model/surface-bytes';
import type { SurfaceKindId, SurfaceLook } from './model/surface-settings';
import { MARKER_SIZE, OrientationMarker } from './orientation-marker';

const FOV = 30;
const BACKGROUND = 0x000000;
const CROSS_HALF_MM = 12;
/** While the camera moves the picture is drawn at this fraction of the pane's pixels (each way)… */
const MOVING_SCALE = 0.5;
/** …and drawn sharp again this long after the last move. */
const SETTLE_MS = 200;

interface SurfaceMesh {
  mesh: THREE.Mesh;
  surface: Surface;
  /** One material per group (lesions) or a single one. */
  materials: THREE.MeshLambertMaterial[];
}

/** How a surface's groups are coloured: per group's lesion, or one colour. */
export type GroupColour = (lesionKey: string | null) => string;

/**
 * The 3D pane's Three.js scene, drawn only when something changed (requestRender): software
 * WebGL in a VM has no frames to spare for an idle loop. World units are LPS mm; the camera
 * is ours (model/camera-presets.ts), not a controls object.
 */
export class ThreeView {
  readonly renderer: THREE.WebGLRenderer;
  readonly scene = new THREE.Scene();
  readonly camera = new THREE.PerspectiveCamera(FOV, 1, 1, 10000);
  private readonly light = new THREE.DirectionalLight(0xffffff, 1.6);
  private readonly marker = new OrientationMarker();
  private readonly cross: THREE.LineSegments;
  private readonly surfaces = new Map<SurfaceKindId, SurfaceMesh>();
  private clip: THREE.Plane | null = null;
  private frame = 0;
  private state: CameraState = { position: [0, -500, 0], target: [0, 0, 0], up: [0, 0, 1] };
  /** Set once the reader moves the camera: until then it frames the surfaces as they arrive. */
  userMoved = false;
  /** Renders done, for the pane's test attributes and the bench. */
  renders = 0;
  onRendered: (() => void) | null = null;

  constructor(readonly canvas: HTMLCanvasElement) {
    // preserveDrawingBuffer: the e2e and the bench read the picture back after it is drawn.
    this.renderer = new THREE.WebGLRenderer({ canvas, antialias: false, alpha: false, preserveDrawingBuffer: true, powerPreference: 'low-power' });
    this.renderer.setPixelRatio(Math.min(2, window.devicePixelRatio || 1));
    this.renderer.setClearColor(BACKGROUND, 1);
    this.renderer.autoClear = false;
    this.scene.add(new THREE.HemisphereLight(0xffffff, 0x303040, 1.1));
    this.scene.add(this.light, this.light.target);
    const cross = new THREE.BufferGeometry();
    cross.setAttribute('position', new THREE.Float32BufferAttribute(new Float32Array(18), 3));
    this.cross = new THREE.LineSegments(cross, new THREE.LineBasicMaterial({ color: 0xffe14d, depthTest: false, transparent: true }));
    this.cross.renderOrder = 10;
    this.cross.visible = false;
    this.cross.frustumCulled = false;
    this.scene.add(this.cross);
  }

  get cameraState(): CameraState {
    return this.state;
  }

  /**
   * Moves the camera. `moving` (a drag, a key turn) draws at half resolution until the
   * moves stop: software WebGL pays per pixel, and a turning picture need not be sharp.
   */
  setCamera(c: CameraState, moving = false): void {
    this.state = c;
    if (moving) {
      if (!this.moving) {
        this.moving = true;
        this.applySize();
      }
      if (this.settleTimer) clearTimeout(this.settleTimer);
      this.settleTimer = setTimeout(() => {
        this.settleTimer = null;
        this.moving = false;
        this.applySize();
        this.requestRender();
      }, SETTLE_MS);
    }
    this.requestRender();
  }

  private moving = false;
  private settleTimer: ReturnType<typeof setTimeout> | null = null;
  private cssSize = { w: 1, h: 1 };

  private applySize(): void {
    const scale = this.moving ? MOVING_SCALE : 1;
    this.renderer.setSize(Math.max(1, Math.round(this.cssSize.w * scale)), Math.max(1, Math.round(this.cssSize.h * scale)), false);
  }

  /** Whether the last picture is the sharp one (not a moving one). */
  get settled(): boolean {
    return !this.moving && !this.frame;
  }

  /** The camera of a preset around `bounds`. */
  presetFor(preset: ViewPreset, bounds: Bounds): CameraState {
    return presetCamera(preset, bounds, FOV);
  }

  resize(widthCss: number, heightCss: number): void {
    if (widthCss < 1 || heightCss < 1) return;
    this.cssSize = { w: widthCss, h: heightCss };
    this.applySize();
    this.camera.aspect = widthCss / heightCss;
    this.camera.updateProjectionMatrix();
    this.requestRender();
  }

  /** Puts a surface in the scene (or takes it out with null), its geometry made once per surface. */
  setSurface(kind: SurfaceKindId, surface: Surface | null): void {
    const old = this.surfaces.get(kind);
    if (old && old.surface === surface) return;
    if (old) {
      this.scene.remove(old.mesh);
      old.mesh.geometry.dispose();
      for (const m of old.materials) m.dispose();
      this.surfaces.delete(kind);
    }
    if (surface && surface.triangles > 0) {
      const geo = new THREE.BufferGeometry();
      geo.setAttribute('position', new THREE.BufferAttribute(float32Of(surface.positions), 3));
      geo.setAttribute('normal', new THREE.BufferAttribute(float32Of(surface.normals), 3));
      geo.setIndex(new THREE.BufferAttribute(uint32Of(surface.indices), 1));
      const grouped = kind === 'nodules' && surface.groups.length > 0;
      const materials = grouped ? surface.groups.map(() => new THREE.MeshLambertMaterial()) : [new THREE.MeshLambertMaterial()];
      if (grouped) surface.groups.forEach((g, i) => geo.addGroup(g.start * 3, g.count * 3, i));
      geo.computeBoundingSphere();
      const mesh = new THREE.Mesh(geo, grouped ? materials : materials[0]);
      mesh.name = kind;
      this.scene.add(mesh);
      this.surfaces.set(kind, { mesh, surface, materials });
    }
    this.requestRender();
  }

  /** Colour, opacity and visibility of a surface; lesions' colours come from `colourOf`, the selected one lit. */
  setLook(kind: SurfaceKindId, look: SurfaceLook, colourOf: GroupColour, selectedKey: string | null): void {
    const s = this.surfaces.get(kind);
    if (!s) return;
    s.mesh.visible = look.visible;
    const groups = kind === 'nodules' && s.surface.groups.length > 0 ? s.surface.groups : null;
    s.materials.forEach((m, i) => {
      const key = groups?.[i]?.lesionKey ?? null;
      m.color.set(groups ? colourOf(key) : look.color);
      const selected = key !== null && key === selectedKey;
      m.emissive.set(selected ? 0x555555 : 0x000000);
      m.opacity = look.opacity;
      m.transparent = look.opacity < 1;
      // Translucent surfaces must not hide what lies behind them, and show their far side;
      // opaque ones draw their front only (half the pixels) unless a clip opens them up.
      m.depthWrite = look.opacity >= 1;
      m.side = look.opacity < 1 || this.clip ? THREE.DoubleSide : THREE.FrontSide;
      m.needsUpdate = true;
    });
    s.mesh.renderOrder = look.opacity < 1 ? 2 : 1;
    this.requestRender();
  }

  /** The crosshair point as three short axis lines, or none. */
  setCrosshair(p: Vec3 | null): void {
    this.cross.visible = p !== null;
    if (p) {
      const a = this.cross.geometry.getAttribute('position') as THREE.BufferAttribute;
      const h = CROSS_HALF_MM;
      const pts = [
        [p[0] - h, p[1], p[2]], [p[0] + h, p[1], p[2]],
        [p[0], p[1] - h, p[2]], [p[0], p[1] + h, p[2]],
        [p[0], p[1], p[2] - h], [p[0], p[1], p[2] + h],
      ];
      pts.forEach((q, i) => a.setXYZ(i, q[0]!, q[1]!, q[2]!));
      a.needsUpdate = true;
      this.cross.geometry.computeBoundingSphere();
    }
    this.requestRender();
  }

  setClip(plane: ClipPlane | null): void {
    const opened = (this.clip !== null) !== (plane !== null);
    this.clip = plane ? new THREE.Plane(new THREE.Vector3(...plane.normal), plane.constant) : null;
    if (opened) {
      for (const s of this.surfaces.values()) {
        for (const m of s.materials) {
          m.side = m.opacity < 1 || this.clip ? THREE.DoubleSide : THREE.FrontSide;
          m.needsUpdate = true;
        }
      }
    }
    this.requestRender();
  }

  /**
   * The bounds the camera frames: of the scan-sized surfaces (lung, bone, skin, a mask) when
   * one is loaded, else of the lesions, or null.
   */
  bounds(): Bounds | null {
    let out: Bounds | null = null;
    const all = [...this.surfaces.entries()];
    const big = all.filter(([k]) => k !== 'nodules');
    for (const [, { surface }] of big.length ? big : all) {
      const b = surface.bounds;
      out = out ? { min: [Math.min(out.min[0], b.min[0]), Math.min(out.min[1], b.min[1]), Math.min(out.min[2], b.min[2])], max: [Math.max(out.max[0], b.max[0]), Math.max(out.max[1], b.max[1]), Math.max(out.max[2], b.max[2])] } : { min: b.min, max: b.max };
    }
    return out;
  }

  /** Triangles of the visible surfaces. */
  trianglesShown(): number {
    let n = 0;
    for (const s of this.surfaces.values()) if (s.mesh.visible) n += s.surface.triangles;
    return n;
  }

  surfaceOf(kind: SurfaceKindId): Surface | null {
    return this.surfaces.get(kind)?.surface ?? null;
  }

  /** What a click at canvas CSS pixel (x, y) lands on (see model/pick.ts), or null. */
  pick(x: number, y: number, width: number, height: number): PickHit | null {
    this.applyCamera();
    const ray = new THREE.Raycaster();
    ray.setFromCamera(new THREE.Vector2((x / width) * 2 - 1, 1 - (y / height) * 2), this.camera);
    const hits: PickHit[] = [];
    for (const [kind, s] of this.surfaces) {
      if (!s.mesh.visible) continue;
      for (const h of ray.intersectObject(s.mesh, false)) {
        // A point the clipping plane removed is not on screen: it cannot be clicked.
        if (this.clip && this.clip.distanceToPoint(h.point) < 0) continue;
        const gi = h.face?.materialIndex ?? 0;
        const lesionKey = kind === 'nodules' ? (s.surface.groups[gi]?.lesionKey ?? null) : null;
        hits.push({ kind, distance: h.distance, opacity: s.materials[gi]?.opacity ?? 1, point: [h.point.x, h.point.y, h.point.z], lesionKey });
        break; // the nearest crossing of each surface is enough
      }
    }
    return pickHit(hits);
  }

  /** A world point on the canvas, CSS px, or null behind the camera. */
  project(p: Vec3, width: number, height: number): { x: number; y: number } | null {
    this.applyCamera();
    const v = new THREE.Vector3(...p).project(this.camera);
    if (v.z > 1 || v.z < -1) return null;
    return { x: ((v.x + 1) / 2) * width, y: ((1 - v.y) / 2) * height };
  }

  requestRender(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.renderNow();
    });
  }

  private applyCamera(): void {
    const { position, target, up } = this.state;
    this.camera.position.set(...position);
    this.camera.up.set(...up);
    this.camera.lookAt(...target);
    const d = Math.hypot(position[0] - target[0], position[1] - target[1], position[2] - target[2]);
    this.camera.near = Math.max(1, d / 100);
    this.camera.far = d * 4 + 1000;
    this.camera.updateProjectionMatrix();
    this.camera.updateMatrixWorld();
  }

  renderNow(): void {
    this.applyCamera();
    // The light comes from over the reader's shoulder.
    this.light.position.copy(this.camera.position).add(new THREE.Vector3(0, 0, 0).copy(this.camera.up).multiplyScalar(200));
    this.light.target.position.set(...this.state.target);
    const r = this.renderer;
    const size = r.getSize(new THREE.Vector2());
    r.setScissorTest(false);
    r.setViewport(0, 0, size.x, size.y);
    r.clear();
    r.clippingPlanes = this.clip ? [this.clip] : [];
    r.render(this.scene, this.camera);
    r.clippingPlanes = [];
    this.marker.follow(this.camera);
    const m = Math.round(MARKER_SIZE * (this.moving ? MOVING_SCALE : 1));
    r.setViewport(0, 0, m, m);
    r.setScissor(0, 0, m, m);
    r.setScissorTest(true);
    r.clearDepth();
    r.render(this.marker.scene, this.marker.camera);
    r.setScissorTest(false);
    this.renders++;
    this.onRendered?.();
  }

  dispose(): void {
    if (this.frame) cancelAnimationFrame(this.frame);
    if (this.settleTimer) clearTimeout(this.settleTimer);
    for (const kind of [...this.surfaces.keys()]) this.setSurface(kind, null);
    this.cross.geometry.dispose();
    (this.cross.material as THREE.Material).dispose();
    this.marker.dispose();
    this.renderer.dispose();
    this.renderer.forceContextLoss();
  }
}
