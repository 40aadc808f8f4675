import { labelCss } from './model/label-colours';
import type { MaskEditor } from './use-mask-editor';

/**
 * The labels of the mask being edited: pick the one painted (C / Shift+C step), lock others
 * against overwrite, and the live figures of each (voxels, volume in mm³).
 */
export function LabelPicker({ editor }: { editor: MaskEditor }) {
  const h = editor.session?.shown.header;
  const voxelMm3 = h ? h.spacing[0]! * h.spacing[1]! * h.spacing[2]! : 0;
  return (
    <div className="mask-labels" data-testid="mask-labels" role="radiogroup" aria-label="Label to paint">
      {editor.labels.map((l) => {
        const n = editor.counts[l.value] ?? 0;
        return (
          <span key={l.value} className={`mask-label${editor.activeLabel === l.value ? ' mask-label--on' : ''}`} data-testid="mask-label" data-value={l.value} data-voxels={n} data-lesion-key={l.lesionKey ?? ''}>
            <button type="button" role="radio" aria-checked={editor.activeLabel === l.value} className="link-btn" onClick={() => editor.setActiveLabel(l.value)} title={`Paint ${l.name} (C / Shift+C step through the labels)`}>
              <span className="mask-label__swatch" style={{ background: labelCss(editor.labels, l.value) }} /> {l.name}
            </button>
            <span className="muted" data-testid="mask-label-volume">
              {' '}
              {(n * voxelMm3).toFixed(0)} mm³
            </span>
            <label title={`Lock ${l.name}: no tool overwrites or erases it`}>
              <input type="checkbox" data-testid="mask-label-lock" checked={editor.locked.has(l.value)} onChange={() => editor.toggleLock(l.value)} />
              🔒
            </label>
          </span>
        );
      })}
    </div>
  );
}
