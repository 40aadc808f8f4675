import type { RefObject } from 'react';
import { HOVER_KEYS_ATTRIBUTE } from '../../keyboard';
import type { PaneId } from './model/layouts';
import { paneLoadingText } from './model/pane-loading';
import type { VolumeLoadState } from './model/progressive-load';
import type { RenderState } from './model/settle-tracker';
import type { PaneOverlay, PlacementCircle } from './pane-overlays';

export interface PaneStageProps {
  pane: { id: PaneId; label: string };
  /** False when the layout hides the pane (it stays mounted: its viewport lives on). */
  shown: boolean;
  /** The element Cornerstone draws the pane's viewport in. */
  viewportRef: RefObject<HTMLDivElement | null>;
  /** The first-picture canvas; only the axial pane has one. */
  previewRef: RefObject<HTMLCanvasElement | null>;
  placingMode: boolean;
  renderState: RenderState;
  /** The axial slice shown, for the axial pane's data attributes. */
  slice: { index: number; count: number } | null;
  overlay: PaneOverlay;
  placement: PlacementCircle | null;
  scanSelected: boolean;
  /** How far the volume has loaded: coronal and sagittal cover their image until it is all there. */
  volumeLoad: VolumeLoadState;
}

/**
 * One pane: the viewport element, the SVG overlay (crosshair, nodule circles, the nodule
 * being placed, scale bar), orientation letters, the plane's label and loading messages
 * (coronal and sagittal cover their image until the whole volume is there).
 */
export function PaneStage({ pane, shown, viewportRef, previewRef, placingMode, renderState: state, slice, overlay: ov, placement: pv, scanSelected, volumeLoad }: PaneStageProps) {
  const loadingText = state === 'error' ? null : paneLoadingText(pane.id, volumeLoad);
  return (
    <div className={`viewport-panel__stage${shown ? '' : ' viewport-panel__stage--hidden'}`} aria-hidden={!shown} {...{ [HOVER_KEYS_ATTRIBUTE]: '' }}>
      <div
        ref={viewportRef}
        className={placingMode ? 'viewport viewport--placing' : 'viewport'}
        data-testid={`viewport-${pane.id}`}
        data-render-state={state}
        {...(pane.id === 'axial' ? { 'data-slice-index': slice?.index ?? '', 'data-slice-count': slice?.count ?? '' } : {})}
      />
      {pane.id === 'axial' ? <canvas ref={previewRef} className="viewport-preview" data-testid="viewport-preview" aria-hidden="true" /> : null}
      <svg className="viewport-overlay" aria-hidden="true">
        {ov.cross ? (
          <g className="crosshair" data-testid={`crosshair-${pane.id}`} data-x={ov.cross.x.toFixed(1)} data-y={ov.cross.y.toFixed(1)}>
            <line x1={ov.cross.x} x2={ov.cross.x} y1={0} y2="100%" />
            <line y1={ov.cross.y} y2={ov.cross.y} x1={0} x2="100%" />
          </g>
        ) : null}
        {ov.outlines.map((o) => (
          <path key={o.key} d={o.d} stroke={o.color} className={o.selected ? 'lesion-outline lesion-outline--selected' : 'lesion-outline'} data-lesion-id={o.lesionKey} />
        ))}
        {ov.circles.map((c) => (
          <circle
            key={c.key}
            cx={c.cx}
            cy={c.cy}
            r={c.r}
            stroke={c.color}
            className={c.selected ? 'nodule-circle nodule-circle--selected' : 'nodule-circle'}
            data-lesion-id={c.lesionKey}
          />
        ))}
        {pv ? (
          <g className="placement-preview" data-testid={`placement-preview-${pane.id}`}>
            <circle cx={pv.cx} cy={pv.cy} r={Math.max(1, pv.r)} />
            {pv.label ? (
              <text x={pv.cx + pv.r + 6} y={pv.cy}>
                {pv.label}
              </text>
            ) : null}
          </g>
        ) : null}
        {ov.bar ? (
          <g className="scale-bar" data-testid={`scale-bar-${pane.id}`} data-mm={ov.bar.mm}>
            <path d={`M ${ov.bar.x - ov.bar.px} ${ov.bar.y - 5} v 5 h ${ov.bar.px} v -5`} />
            <text x={ov.bar.x - ov.bar.px / 2} y={ov.bar.y - 9} textAnchor="middle">
              {ov.bar.label}
            </text>
          </g>
        ) : null}
      </svg>
      {ov.letters ? (
        <div className="orientation" data-testid={`orientation-${pane.id}`} data-letters={`${ov.letters.top}${ov.letters.bottom}${ov.letters.left}${ov.letters.right}`}>
          <span className="orientation__top">{ov.letters.top}</span>
          <span className="orientation__bottom">{ov.letters.bottom}</span>
          <span className="orientation__left">{ov.letters.left}</span>
          <span className="orientation__right">{ov.letters.right}</span>
        </div>
      ) : null}
      {loadingText !== null ? (
        <div className="viewport-panel__veil" data-testid={`pane-loading-${pane.id}`} role="status">
          <span>{loadingText}</span>
          <progress max={1} value={volumeLoad.state === 'partial' ? volumeLoad.fraction : undefined} aria-label={`${pane.label} view: loading the volume`} />
        </div>
      ) : null}
      <span className="viewport-panel__label">{pane.label}</span>
      {state === 'loading' && loadingText === null ? <div className="viewport-panel__overlay">Loading volume…</div> : null}
      {state === 'error' ? <div className="viewport-panel__overlay muted">This scan could not be shown (see the message above).</div> : null}
      {state === 'empty' && !scanSelected && pane.id === 'axial' ? <div className="viewport-panel__overlay muted">Select a scan to view it.</div> : null}
    </div>
  );
}
