import type { ScanSummary } from '../../../electron/common/contract';
import { scanLabel, scanTitle } from '../scan-list';
import { layoutLabel, type LayoutId, type SlotId } from './model/layouts';
import type { VolumeLoadState } from './model/progressive-load';
import { readoutParts, type CursorSample } from './model/readout';
import { slabLabel, type SlabSettings } from './model/slab-mip';
import { sliceLabel } from './model/volume-input';
import { windowLabel, type DisplayWindow } from './model/window-level';

export interface ViewerToolbarProps {
  scan: ScanSummary | null;
  slice: { index: number; count: number } | null;
  win: DisplayWindow;
  inverted: boolean;
  slab: SlabSettings;
  onSlabToggle: () => void;
  /** A new slab thickness typed in (mm, finite and > 0). */
  onSlabThickness: (mm: number) => void;
  layout: LayoutId;
  maximised: SlotId | null;
  placingMode: boolean;
  loadState: VolumeLoadState;
  sample: CursorSample | null;
}

/**
 * The reading room's header: a row of controls (scan, axial slice, window, slab MIP, layout)
 * and a status row with the cursor readout, the placement hint and the load progress. The
 * readout has the status row to itself and never shrinks: its HU is always readable.
 */
export function ViewerToolbar({ scan, slice, win, inverted, slab, onSlabToggle, onSlabThickness, layout, maximised, placingMode, loadState, sample }: ViewerToolbarProps) {
  return (
    <header className="viewport-panel__head">
      <div className="viewport-panel__bar">
        <span>{scan ? `${scanTitle(scan)} · ${scanLabel(scan)}` : 'No scan selected'}</span>
        <span data-testid="slice-index">{sliceLabel(slice?.index ?? null, slice?.count ?? null)}</span>
        <span
          className="muted"
          data-testid="window-preset"
          data-preset={win.name}
          data-inverted={inverted ? 'true' : 'false'}
          title="Keys 1–4: lung, mediastinum, bone, seed range; right drag: width (horizontal) and level (vertical); I inverts"
        >
          {windowLabel(win, inverted)}
        </span>
        <span className="viewport-panel__slab" data-testid="slab-mip" data-on={slab.on ? 'true' : 'false'} data-thickness={slab.thicknessMm}>
          <button type="button" className={slab.on ? 'toggle toggle--on' : 'toggle'} aria-pressed={slab.on} title="S toggles the slab MIP; T thicker, Shift+T thinner" onClick={onSlabToggle}>
            {slabLabel(slab)}
          </button>
          <input
            type="number"
            aria-label="Slab thickness (mm)"
            data-testid="slab-thickness"
            min={1}
            max={100}
            step={1}
            value={slab.thicknessMm}
            onChange={(e) => {
              const mm = Number(e.target.value);
              if (Number.isFinite(mm) && mm > 0) onSlabThickness(mm);
            }}
          />
          <span className="muted">mm</span>
        </span>
        <span className="muted" data-testid="layout" data-layout={maximised ? 'maximised' : layout} title="L cycles layouts; double-click a pane to maximise it">
          {maximised ? 'maximised' : layoutLabel(layout)}
        </span>
        <span className="muted viewport-panel__help" title="Press ? for the keyboard map">
          <kbd>?</kbd> keys
        </span>
      </div>
      <div className="viewport-panel__status">
        <CursorReadout sample={sample} />
        {placingMode ? (
          <span className="viewport-panel__placing" data-testid="placement-mode" role="status">
            Add nodule: press at its centre, drag to its rim (Esc cancels)
          </span>
        ) : null}
        {loadState.state === 'loading' || loadState.state === 'partial' ? (
          <progress className="viewport-panel__progress" data-testid="volume-progress" value={loadState.fraction} max={1} title={`Loading the volume: ${Math.round(loadState.fraction * 100)} %`} />
        ) : null}
      </div>
    </header>
  );
}

/** HU, voxel and world point under the cursor (LPS mm), HU first. */
function CursorReadout({ sample }: { sample: CursorSample | null }) {
  const p = sample ? readoutParts(sample) : null;
  return (
    <span className="viewport-panel__readout" data-testid="cursor-readout">
      {p ? (
        <>
          <span className="readout__value" data-testid="cursor-hu">
            {p.value}
          </span>
          {p.voxel ? <span> · {p.voxel}</span> : null}
          <span> · {p.world}</span>
        </>
      ) : (
        <span className="muted">move the mouse over an image for HU and position</span>
      )}
    </span>
  );
}
