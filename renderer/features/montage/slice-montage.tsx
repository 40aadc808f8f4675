import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { isAppKey } from '../../keyboard';
import { commandFor } from '../../key-commands';
import { MONTAGE_COMMANDS } from './model/montage-key';
import type { VolumeHeader } from '../../../electron/common/contract';
import { downloadCanvasPng } from '../../download-png';
import { drawMontage } from './draw-montage';
import { greyMap } from './model/grey-window';
import { montageFileName } from './model/montage-file-name';
import { montageLayout } from './model/montage-layout';
import { clampStep, defaultStep, headward, montageSlices, parseStep } from './model/montage-slices';
import { matchesViewerAxial, renderMontagePixels } from './model/render-montage';

export interface SliceMontageProps {
  /** The scan's HU voxels (x fastest), or null before a scan is open. */
  volume: { header: VolumeHeader; voxels: Int16Array } | null;
  /** The viewer's current window; the montage uses the same one. */
  window: { name: string; width: number; level: number };
  inverted: boolean;
  /** For the PNG's file name. */
  scanName: string;
  /** False while slices are still streaming in (those not yet loaded hold the minimum HU). */
  complete: boolean;
}

/**
 * Every N-th axial slice of the open scan in a grid on one canvas, head to foot as PACS show a
 * stack, windowed like the viewer, each tile labelled with its 1-based slice number, with a
 * PNG export. N defaults to a step
 * giving about 20 tiles and resets when another scan opens.
 */
export function SliceMontage(props: SliceMontageProps) {
  const { volume, inverted, scanName, complete } = props;
  // Not destructured as `window`: that would hide the global inside this component.
  const { name: windowName, width: windowWidth, level: windowLevel } = props.window;
  const header = volume?.header ?? null;
  const scanId = header?.scanId ?? null;
  const nz = header?.dims[2] ?? 0;

  // The user's step belongs to the scan it was typed for; another scan starts from its default.
  const [choice, setChoice] = useState<{ scanId: number; step: number } | null>(null);
  const [draft, setDraft] = useState<{ scanId: number; text: string } | null>(null);
  const step = choice !== null && choice.scanId === scanId ? clampStep(choice.step, nz) : defaultStep(nz);
  const stepText = draft !== null && draft.scanId === scanId ? draft.text : String(step);

  const layout = useMemo(() => (header ? montageLayout(montageSlices(nz, step, headward(header.direction)), header.dims, header.spacing) : null), [header, nz, step]);

  // Keyed on the header and voxels, not the wrapper object, so a parent that rebuilds
  // `{ header, voxels }` on every render does not redraw the montage each time.
  const voxels = volume?.voxels ?? null;
  const rendered = useMemo(() => {
    if (!header || !voxels || !complete || !layout || layout.tiles.length === 0) return null;
    try {
      const map = greyMap({ width: windowWidth, level: windowLevel }, inverted);
      return { pixels: renderMontagePixels({ dims: header.dims, voxels }, layout, map), error: null };
    } catch (e) {
      return { pixels: null, error: e instanceof Error ? e.message : String(e) };
    }
  }, [header, voxels, complete, layout, windowWidth, windowLevel, inverted]);

  const canvasRef = useRef<HTMLCanvasElement>(null);
  // Layout effect: the pixels reach the canvas in the same frame as data-tiles, so a test
  // that waits for the attribute never sees an empty canvas.
  useLayoutEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || !layout || !rendered?.pixels) return;
    drawMontage(canvas, layout, rendered.pixels);
  }, [layout, rendered]);

  const ready = rendered?.pixels != null && layout !== null;
  const state = !volume ? 'empty' : !complete ? 'loading' : rendered?.error ? 'error' : ready ? 'ready' : 'empty';

  const onStepText = (text: string): void => {
    if (scanId === null) return;
    setDraft({ scanId, text });
    const parsed = parseStep(text, nz);
    if (parsed !== null) setChoice({ scanId, step: parsed });
  };

  const exportPng = (): void => {
    const canvas = canvasRef.current;
    if (canvas && ready) downloadCanvasPng(canvas, montageFileName(scanName));
  };

  // X exports the montage while it is shown.
  const exportRef = useRef(exportPng);
  exportRef.current = exportPng;
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (isAppKey(e) && commandFor(MONTAGE_COMMANDS, e)?.action === 'export') exportRef.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <div className="slice-montage" data-testid="slice-montage-panel" data-state={state} style={{ display: 'flex', flexDirection: 'column', gap: 6, minWidth: 0 }}>
      <div className="toolbar" style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 8 }}>
        <label className="check">
          every Nth slice, head to foot, N =
          <input
            type="number"
            data-testid="montage-step"
            min={1}
            max={Math.max(1, nz)}
            step={1}
            value={stepText}
            disabled={!header}
            onChange={(e) => onStepText(e.target.value)}
            onBlur={() => setDraft(null)}
            aria-label="Show every N-th slice"
            style={{ width: '4.5em' }}
          />
        </label>
        <span className="muted">
          {layout ? `${layout.tiles.length} of ${nz} slices` : ''}
          {header ? ` · ${windowName} W ${windowWidth} / L ${windowLevel}${inverted ? ' · inverted' : ''}` : ''}
        </span>
        <button type="button" className="btn" data-testid="montage-export" onClick={exportPng} disabled={!ready} style={{ marginLeft: 'auto' }}>
          Export PNG
        </button>
      </div>
      {!volume ? <p className="muted">Open a scan to see its slice montage.</p> : null}
      {volume && !complete ? <p className="muted">loading… the montage is drawn once every slice has arrived.</p> : null}
      {header && !matchesViewerAxial(header.direction) ? (
        <p className="warning">This scan is not stored in the standard axial orientation: tiles are drawn in voxel order and may be mirrored or rotated compared with the viewer.</p>
      ) : null}
      {rendered?.error ? <p className="inline-error">{rendered.error}</p> : null}
      <canvas
        ref={canvasRef}
        data-testid="slice-montage"
        data-step={step}
        data-tiles={ready ? layout.tiles.length : 0}
        data-first-slice={ready ? layout.tiles[0]?.slice : ''}
        aria-label={`Slice montage, every Nth slice with N = ${step}`}
        style={{ display: ready ? 'block' : 'none', maxWidth: '100%', height: 'auto', background: '#000' }}
      />
    </div>
  );
}
