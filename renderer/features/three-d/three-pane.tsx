import { useEffect, useRef, useState } from 'react';
import type { MaskVersionInfo } from '../../../electron/common/contract';
import { HOVER_KEYS_ATTRIBUTE } from '../../keyboard';
import type { DisplayError } from '../../display-error';
import { ExportPrompt } from './export-prompt';
import { dolly, lookAtPoint, orbit, type Bounds, type Vec3, type ViewPreset, VIEW_PRESETS } from './model/camera-presets';
import { clipPlaneFor, nextClipMode, type SlicePositions } from './model/clip-plane';
import { groupColour, type LesionLike } from './model/lesion-colours';
import { SURFACE_KINDS, SURFACE_LABELS, toggleSurface, type SurfaceKindId } from './model/surface-settings';
import type { ThreeDAction } from './model/three-d-keys';
import { SurfacePanel } from './surface-panel';
import { attachPointer } from './three-pointer';
import { ThreeView } from './three-view';
import { useSurfaces } from './use-surfaces';
import { useThreeDKeys } from './use-three-d-keys';
import { useThreeDSettings } from './use-three-d-settings';

export interface ThreePaneProps {
  scan: { id: number; seriesInstanceUid: string } | null;
  lesions: readonly LesionLike[];
  selectedKey: string | null;
  /** The reading room's crosshair point (LPS mm). */
  crosshair: Vec3 | null;
  /** Where the three slice views are, for the clipping plane. */
  slices: SlicePositions | null;
  maskVersions: readonly MaskVersionInfo[];
  maximised: boolean;
  onPickPoint: (p: Vec3) => void;
  onPickLesion: (key: string) => void;
  onToggleMaximised: () => void;
  /** Starts the lung mask / nodule segmentation job (offered when a surface has no mask to mesh). */
  onRunMask?: ((kind: 'lung' | 'nodules') => void) | undefined;
  onError: (e: DisplayError) => void;
}

const fmt = (n: number): string => n.toFixed(1);

/**
 * The 3D pane: the scan's surfaces (lung, lesions by decision, bone, skin, a mask version)
 * from getSurface, turned with the mouse and keys, tied to the slice views (the crosshair
 * drawn, a click moves it, a lesion click selects it, an optional clipping plane follows a
 * slice). Data attributes for outside checks: state, renders, triangles, each surface's
 * triangles and mask version, the clip plane's world coordinate, the crosshair, and the
 * selected lesion's centre projected on the canvas.
 */
export function ThreePane(props: ThreePaneProps) {
  const { scan, lesions, selectedKey, crosshair, slices, maskVersions, maximised } = props;
  const stageRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const viewRef = useRef<ThreeView | null>(null);
  const homeRef = useRef<Bounds | null>(null);
  const overRef = useRef(false);
  const propsRef = useRef(props);
  propsRef.current = props;
  const [glError, setGlError] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);
  // Closed by default: in the 2×2 layout the panel would cover the picture.
  const [panelOpen, setPanelOpen] = useState(false);
  const [, setFramed] = useState(0);
  const { settings, update } = useThreeDSettings(scan);
  const { slots, retry } = useSurfaces(scan?.id ?? null, settings);

  // The WebGL view lives as long as the pane.
  useEffect(() => {
    const canvas = canvasRef.current;
    const stage = stageRef.current;
    if (!canvas || !stage) return;
    let view: ThreeView;
    try {
      view = new ThreeView(canvas);
    } catch (e) {
      setGlError(`3D needs WebGL, which this window could not start (${e instanceof Error ? e.message : String(e)}).`);
      return;
    }
    viewRef.current = view;
    view.onRendered = () => writeRenderAttributes(stage, view, propsRef.current);
    const ro = new ResizeObserver(() => view.resize(canvas.clientWidth, canvas.clientHeight));
    ro.observe(canvas);
    const detach = attachPointer(
      canvas,
      view,
      (x, y) => {
        const hit = view.pick(x, y, canvas.clientWidth, canvas.clientHeight);
        if (!hit) return;
        propsRef.current.onPickPoint(hit.point);
        if (hit.lesionKey) propsRef.current.onPickLesion(hit.lesionKey);
      },
      () => propsRef.current.onToggleMaximised(),
    );
    return () => {
      detach();
      ro.disconnect();
      view.dispose();
      viewRef.current = null;
    };
  }, []);

  // Surfaces in and out of the scene as they arrive; the camera frames the first ones.
  const surfaceKey = SURFACE_KINDS.map((k) => `${k}:${slots[k]?.surface?.maskId ?? ''}:${slots[k]?.surface?.triangles ?? ''}:${slots[k]?.status ?? ''}`).join('|');
  useEffect(() => {
    const view = viewRef.current;
    if (!view) return;
    for (const k of SURFACE_KINDS) {
      const slot = slots[k];
      // A hidden surface stays loaded (showing it again is instant); an error, or another
      // scan (its slots start empty), removes it.
      if (slot?.surface) view.setSurface(k, slot.surface);
      else if (!slot || slot.status === 'error') view.setSurface(k, null);
    }
    // Until the reader moves the camera it frames what has arrived (lesions first, then the lung…).
    const b = view.bounds();
    if (b && !view.userMoved) {
      const first = homeRef.current === null;
      homeRef.current = b;
      view.setCamera(view.presetFor('anterior', b));
      if (first) setFramed((n) => n + 1);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [surfaceKey]);

  // Another scan: framed afresh as its surfaces arrive.
  useEffect(() => {
    homeRef.current = null;
    if (viewRef.current) viewRef.current.userMoved = false;
  }, [scan?.id]);

  // Looks, lesion colours and the selection.
  const lesionKey = lesions.map((l) => `${l.key}:${l.state}`).join(',');
  useEffect(() => {
    const view = viewRef.current;
    if (!view) return;
    for (const k of SURFACE_KINDS) view.setLook(k, settings.surfaces[k], (key) => groupColour(key, lesions, settings.surfaces.nodules.color), selectedKey);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [settings, lesionKey, selectedKey, surfaceKey]);

  // A lesion picked in the list: the camera turns to it from where it looks now.
  useEffect(() => {
    const view = viewRef.current;
    const l = lesions.find((x) => x.key === selectedKey);
    if (!view || !l || !homeRef.current) return;
    view.userMoved = true;
    view.setCamera(lookAtPoint(view.cameraState, l.center, Math.max(120, (l.diameterMm ?? 10) * 12)));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [selectedKey, homeRef.current !== null]);

  useEffect(() => {
    viewRef.current?.setCrosshair(crosshair);
  }, [crosshair?.[0], crosshair?.[1], crosshair?.[2]]); // eslint-disable-line react-hooks/exhaustive-deps

  const plane = slices ? clipPlaneFor(settings.clip, slices) : null;
  useEffect(() => {
    viewRef.current?.setClip(plane);
  }, [plane?.normal.join(','), plane?.constant]); // eslint-disable-line react-hooks/exhaustive-deps

  const setPreset = (p: ViewPreset): void => {
    const view = viewRef.current;
    const b = view?.bounds() ?? homeRef.current;
    if (view && b) view.setCamera(view.presetFor(p, b));
  };
  const shownKinds = SURFACE_KINDS.filter((k) => settings.surfaces[k].visible && slots[k]?.surface);
  const run = (a: ThreeDAction): void => {
    const view = viewRef.current;
    switch (a.kind) {
      case 'preset':
        if (view) view.userMoved = true;
        return setPreset(a.preset);
      case 'orbit':
        if (view) {
          view.userMoved = true;
          view.setCamera(orbit(view.cameraState, a.yaw, a.pitch), true);
        }
        return;
      case 'zoom':
        if (view) {
          view.userMoved = true;
          view.setCamera(dolly(view.cameraState, a.factor), true);
        }
        return;
      case 'reset':
        // Back to framing the surfaces as they come.
        if (view) view.userMoved = false;
        return setPreset('anterior');
      case 'clip':
        return update((s) => ({ ...s, clip: nextClipMode(s.clip) }));
      case 'export':
        if (scan && shownKinds.length > 0) setExporting(true);
        return;
      case 'maximise':
        return props.onToggleMaximised();
      case 'toggle':
        return update((s) => toggleSurface(s, a.surface));
      case 'toggle-3d':
        return;
    }
  };
  useThreeDKeys('pane', () => overRef.current, run);

  const failures = SURFACE_KINDS.filter((k) => settings.surfaces[k].visible && slots[k]?.status === 'error');
  const loading = SURFACE_KINDS.filter((k) => settings.surfaces[k].visible && slots[k]?.status === 'loading');
  const state = glError || failures.length > 0 ? 'error' : loading.length > 0 ? 'loading' : shownKinds.length > 0 ? 'ready' : 'idle';

  return (
    <div
      ref={stageRef}
      className="viewport-panel__stage three-d"
      data-testid="viewport-3d"
      data-state={state}
      data-maximised={maximised ? 'true' : 'false'}
      data-clip={settings.clip}
      data-clip-world={plane ? fmt(plane.world) : ''}
      data-crosshair={crosshair ? crosshair.map(fmt).join(',') : ''}
      {...Object.fromEntries(SURFACE_KINDS.flatMap((k) => [[`data-${k}-triangles`, slots[k]?.surface?.triangles ?? ''], [`data-${k}-mask-id`, slots[k]?.surface?.maskId ?? '']]))}
      {...{ [HOVER_KEYS_ATTRIBUTE]: '' }}
      onPointerEnter={() => (overRef.current = true)}
      onPointerLeave={() => (overRef.current = false)}
    >
      <canvas ref={canvasRef} className="three-d__canvas" data-testid="viewport-3d-canvas" />
      <span className="viewport-panel__label">3D</span>
      <div className="three-d__tools" onPointerDown={(e) => e.stopPropagation()}>
        {VIEW_PRESETS.map((p, i) => (
          <button key={p} type="button" className="btn btn--small" title={`View from ${p} (mouse over the pane: ${i + 1})`} onClick={() => run({ kind: 'preset', preset: p })} data-testid={`three-d-preset-${p}`}>
            {p[0]!.toUpperCase()}
          </button>
        ))}
        <button type="button" className="btn btn--small" title="Reset the camera (Home)" onClick={() => run({ kind: 'reset' })}>
          ⟲
        </button>
        <button type="button" className={`btn btn--small${panelOpen ? ' chip--on' : ''}`} aria-expanded={panelOpen} title="Surfaces: visibility, colour, opacity, bone HU, clipping plane" onClick={() => setPanelOpen((o) => !o)} data-testid="three-d-panel-toggle">
          Surfaces
        </button>
        <button type="button" className="btn btn--small" title="Export the visible surface (X)" disabled={!scan || shownKinds.length === 0} onClick={() => setExporting(true)} data-testid="three-d-export-open">
          STL…
        </button>
      </div>
      {scan && panelOpen ? <SurfacePanel settings={settings} update={update} slots={slots} maskVersions={maskVersions} /> : null}
      {exporting && scan ? (
        <ExportPrompt
          scanId={scan.id}
          kinds={shownKinds}
          request={(k) => (k === 'bone' ? { thresholdHu: settings.boneHu } : k === 'mask' && settings.maskId !== null ? { maskId: settings.maskId } : {})}
          onClose={() => setExporting(false)}
        />
      ) : null}
      {!scan ? <div className="viewport-panel__overlay muted">Open a scan to see it in 3D.</div> : null}
      {scan && loading.length > 0 ? (
        <div className="three-d__status muted" role="status" data-testid="three-d-loading">
          Meshing {loading.map((k) => SURFACE_LABELS[k].toLowerCase()).join(', ')}…
        </div>
      ) : null}
      {glError || failures.length > 0 ? (
        <div className="three-d__errors" role="alert" data-testid="three-d-error">
          {glError ? <p>{glError}</p> : null}
          {failures.map((k) => (
            <SurfaceFailure key={k} kind={k} code={slots[k]!.error?.code ?? 'renderer'} message={slots[k]!.error?.message ?? 'failed'} onRetry={() => retry(k)} onRunMask={props.onRunMask} />
          ))}
        </div>
      ) : null}
    </div>
  );
}

function SurfaceFailure({ kind, code, message, onRetry, onRunMask }: { kind: SurfaceKindId; code: string; message: string; onRetry: () => void; onRunMask?: ((kind: 'lung' | 'nodules') => void) | undefined }) {
  // No mask to mesh yet: the backend answers not-found naming the mask; the job that makes it is offered.
  const job = kind === 'lung' || kind === 'nodules' ? kind : null;
  const noMask = job !== null && (code === 'not-found' || /mask/i.test(message));
  return (
    <p data-testid={`three-d-error-${kind}`}>
      <strong>{SURFACE_LABELS[kind]}:</strong> {message}{' '}
      {noMask && job && onRunMask ? (
        <button type="button" className="link-btn" onClick={() => onRunMask(job)} data-testid={`three-d-run-${job}`}>
          {job === 'lung' ? 'Run the lung mask (K)' : 'Segment the nodules (Shift+K)'}
        </button>
      ) : null}{' '}
      <button type="button" className="link-btn" onClick={onRetry}>
        Retry
      </button>
    </p>
  );
}

/** Test and bench attributes written after each render (not React state: a drag renders often). */
function writeRenderAttributes(stage: HTMLElement, view: ThreeView, props: ThreePaneProps): void {
  const canvas = view.canvas;
  stage.dataset.renders = String(view.renders);
  stage.dataset.triangles = String(view.trianglesShown());
  const sel = props.lesions.find((l) => l.key === props.selectedKey);
  const at = sel ? view.project(sel.center, canvas.clientWidth, canvas.clientHeight) : null;
  stage.dataset.selectedScreen = at ? `${fmt(at.x)},${fmt(at.y)}` : '';
  const c = view.cameraState;
  stage.dataset.camera = [...c.position, ...c.target, ...c.up].map(fmt).join(',');
}
