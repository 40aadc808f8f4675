import type { VolumeHeader } from '../../../electron/common/contract';
import { SliceMontage } from '../montage';
import type { DisplayWindow } from './model/window-level';

/** The slice montage (G) as a dialog over the panes, drawn from the volume they show. */
export function MontageOverlay({
  volume,
  win,
  inverted,
  scanName,
  complete,
  onClose,
}: {
  volume: { header: VolumeHeader; voxels: Int16Array } | null;
  win: DisplayWindow;
  inverted: boolean;
  scanName: string;
  complete: boolean;
  onClose: () => void;
}) {
  return (
    <div className="montage-overlay" data-testid="montage-overlay" role="dialog" aria-label="Slice montage">
      <div className="montage-overlay__bar">
        <strong>Slice montage</strong>
        <span className="muted">every Nth axial slice, head to foot, in the current window · X exports PNG · G or Esc closes</span>
        <button type="button" className="toggle" onClick={onClose}>
          Close
        </button>
      </div>
      <SliceMontage volume={volume} window={win} inverted={inverted} scanName={scanName} complete={complete} />
    </div>
  );
}
