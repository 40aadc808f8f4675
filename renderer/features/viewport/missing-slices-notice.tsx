import type { ScanSummary } from '../../../electron/common/contract';
import { missingSlicesSummary } from './model/missing-slices';

/**
 * A visible notice over the views of a scan whose series lacks slices: how many and where
 * (slice numbers and z), and when the axial view is on one of them. Nothing for a complete scan.
 */
export function MissingSlicesNotice({ scan, slice }: { scan: ScanSummary | null; slice: number | null }) {
  const s = scan ? missingSlicesSummary(scan, slice) : null;
  if (!s) return null;
  return (
    <div className="missing-slices-notice" role="status" data-testid="missing-slices-notice" data-count={s.count} data-on-current={s.onCurrent ? 'true' : 'false'} title={s.detail}>
      <strong>{s.headline}:</strong> {s.where}, shown as padding; the other slices keep their acquired positions.
      {s.onCurrent ? <span className="missing-slices-notice__current"> The axial view is on a missing slice.</span> : null}
    </div>
  );
}
