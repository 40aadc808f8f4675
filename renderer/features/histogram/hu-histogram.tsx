import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { drawHistogram } from './draw-histogram';
import { histogramStats, leftOutText, pngFileName, viewRange } from './model/histogram-scale';
import type { useHistogram } from './use-histogram';
import type { HistogramKeys } from './use-histogram-keys';
import { downloadCanvasPng } from '../../download-png';

const CANVAS_HEIGHT = 190;
/** The default view: air to dense bone, where the lung and soft-tissue peaks are. */
const DEFAULT_CLIP = { min: -1100, max: 1100 };

export interface HuHistogramPanelProps {
  scanId: number | null;
  scanName: string;
  /** The open scan's histogram (the app holds it, so H works while the panel is closed). */
  histogram: ReturnType<typeof useHistogram>;
  /** H and Shift+H: a reveal asked for (open the section, scroll it into view), where to save. */
  keys: HistogramKeys;
}

/** The selected scan's HU histogram, on demand: bars on a canvas, statistics, PNG export. */
export function HuHistogramPanel({ scanId, scanName, histogram, keys }: HuHistogramPanelProps) {
  const { hist, loading, error, request } = histogram;
  const rootRef = useRef<HTMLDivElement>(null);
  const [log, setLog] = useState(true);
  const [full, setFull] = useState(false);
  const [width, setWidth] = useState(0);
  const boxRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    const box = boxRef.current;
    if (!box) return;
    const ro = new ResizeObserver(() => setWidth(Math.floor(box.clientWidth)));
    ro.observe(box);
    setWidth(Math.floor(box.clientWidth));
    return () => ro.disconnect();
  }, []);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || !hist || width <= 0) return;
    const dpr = window.devicePixelRatio || 1;
    canvas.width = Math.round(width * dpr);
    canvas.height = Math.round(CANVAS_HEIGHT * dpr);
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    drawHistogram(ctx, hist, { log, view: viewRange(hist, full ? null : DEFAULT_CLIP), cssWidth: width, cssHeight: CANVAS_HEIGHT });
  }, [hist, log, full, width]);

  const savePng = (): void => {
    if (canvasRef.current) downloadCanvasPng(canvasRef.current, pngFileName(scanName));
  };

  // Shift+H (useHistogramKeys) saves through here while a histogram is shown.
  const { saveRef, handledRef, revealSeq } = keys;
  const saveNow = useRef(savePng);
  saveNow.current = savePng;
  useEffect(() => {
    if (!hist) return;
    saveRef.current = () => saveNow.current();
    return () => {
      saveRef.current = null;
    };
  }, [hist, saveRef]);

  // Asked for with H: open the section and bring the histogram into view, and again once it
  // has arrived (the plot and statistics make it taller); then leave the scrolling alone.
  const pendingRef = useRef(false);
  useLayoutEffect(() => {
    if (revealSeq > handledRef.current) {
      handledRef.current = revealSeq;
      pendingRef.current = true;
    }
    const root = rootRef.current;
    if (!root || !pendingRef.current) return;
    const section = root.closest('details');
    if (section) section.open = true;
    root.scrollIntoView({ block: 'nearest' });
    if (!loading && (hist || error)) pendingRef.current = false;
  }, [revealSeq, handledRef, hist, loading, error]);

  return (
    <div ref={rootRef} className="hu-histogram" data-testid="hu-histogram" data-state={loading ? 'loading' : hist ? 'ready' : error ? 'error' : 'idle'}>
      <div className="toolbar">
        <button type="button" className="btn" data-testid="histogram-button" onClick={request} disabled={scanId === null || loading} title="H">
          {loading ? 'Computing…' : hist ? 'Recompute' : 'HU histogram'}
        </button>
        <label className="check">
          <input type="checkbox" checked={log} onChange={(e) => setLog(e.target.checked)} /> log
        </label>
        <label className="check">
          <input type="checkbox" checked={full} onChange={(e) => setFull(e.target.checked)} /> full HU range
        </label>
        <button type="button" className="btn" data-testid="histogram-save" onClick={savePng} disabled={!hist} title="Shift+H">
          Save PNG
        </button>
      </div>
      {scanId === null ? <p className="muted">Open a scan to compute its histogram.</p> : null}
      {scanId !== null && !hist && !loading && !error ? <p className="muted">Runs a job that reads the whole volume.</p> : null}
      {error ? (
        <p className="inline-error">
          <code>{error.code}</code> {error.message}
          {error.file ? <span className="inline-error__file"> {error.file}</span> : null}
        </p>
      ) : null}
      <div ref={boxRef} className="hu-histogram__canvas-box" style={{ height: hist ? CANVAS_HEIGHT : 0 }}>
        <canvas ref={canvasRef} style={{ width: '100%', height: CANVAS_HEIGHT, display: hist ? 'block' : 'none' }} aria-label="HU histogram plot" />
      </div>
      {hist ? (
        <p className="muted" data-testid="histogram-left-out">
          {leftOutText(hist)}
        </p>
      ) : null}
      {hist ? (
        <dl className="stats" data-testid="histogram-stats">
          {histogramStats(hist).map((r) => (
            <div key={r.label}>
              <dt>{r.label}</dt>
              <dd>{r.value}</dd>
            </div>
          ))}
        </dl>
      ) : null}
    </div>
  );
}
