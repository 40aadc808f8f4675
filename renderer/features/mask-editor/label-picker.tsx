import { labelCss } from './model/label-colours';
import type { MaskEditor } from './use-mask-editor';

/**
 * The labels of the mask being edited: pick the one painted (C / Shift+C step), lock others
 * against overwrite, and the live figures of each (volume in mm³; for a nodule label its
 * longest axial diameter and the longest one perpendicular to it).
 */
export function LabelPicker({ editor }: { editor: MaskEditor }) {
  const h = editor.session?.shown.header;
  const voxelMm3 = h ? h.spacing[0]! * h.spacing[1]! * h.spacing[2]! : 0;
  return (
    <div className="mask-labels" data-testid="mask-labels" role="radiogroup" aria-label="Label to paint">
      {editor.labels.map((l) => {
        const n = editor.counts[l.value] ?? 0;
        const d = editor.diameters.get(l.value);
        return (
          <span key={l.value} className={`mask-label${editor.activeLabel === l.value ? ' mask-label--on' : ''}`} data-testid="mask-label" data-value={l.value} data-voxels={n} data-lesion-key={l.lesionKey ?? ''}>
            <button type="button" role="radio" aria-checked={editor.activeLabel === l.value} className="link-btn" onClick={() => editor.setActiveLabel(l.value)} title={`Paint ${l.name} (C / Shift+C step through the labels)`}>
              <span className="mask-label__swatch" style={{ background: labelCss(editor.labels, l.value) }} /> {l.name}
            </button>
            <span className="muted" data-testid="mask-label-volume">
              {' '}
              {(n * voxelMm3).toFixed(0)} mm³
            </span>
            {d ? (
              <span className="muted" data-testid="mask-label-diameters" data-long={d.long.mm.toFixed(1)} data-short={d.short.mm.toFixed(1)} title={`Longest axial diameter and the longest perpendicular to it, on slice ${d.z}`}>
                {' '}
                {d.long.mm.toFixed(1)} × {d.short.mm.toFixed(1)} mm
              </span>
            ) : null}
            <label title={`Lock ${l.name}: no tool overwrites or erases it`}>
              <input type="checkbox" data-testid="mask-label-lock" checked={editor.locked.has(l.value)} onChange={() => editor.toggleLock(l.value)} />
              lock
            </label>
          </span>
        );
      })}
    </div>
  );
}
