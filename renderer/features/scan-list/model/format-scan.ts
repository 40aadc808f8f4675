import type { ScanSummary } from '../../../../electron/common/contract';

/** "512 × 512 × 300" */
export function formatDims(dims: readonly number[]): string {
  return dims.join(' × ');
}

/** "0.70 × 0.70 × 2.50 mm" */
export function formatSpacing(spacing: readonly number[]): string {
  return `${spacing.map((s) => s.toFixed(2)).join(' × ')} mm`;
}

/**
 * What names a scan in lists and headers: its patient id, or (LUNA16 MetaImage files carry
 * none) the end of its series UID, which is what LUNA16 users know a scan by.
 */
export function scanTitle(scan: Pick<ScanSummary, 'patientId' | 'seriesInstanceUid'>): string {
  const p = scan.patientId.trim();
  if (p) return p;
  const uid = scan.seriesInstanceUid;
  return uid.length > 16 ? `…${uid.slice(-14)}` : uid || '(unnamed scan)';
}

/** A scan's description, or a fallback that still tells scans apart. */
export function scanLabel(scan: Pick<ScanSummary, 'description' | 'modality' | 'format'>): string {
  const d = scan.description.trim();
  return d.length > 0 ? d : `${scan.modality || 'scan'} (${scan.format})`;
}

/**
 * Which dataset to show: keep the current one if it still exists, else the first.
 * Returns null when there is none.
 */
export function pickDataset(ids: readonly number[], current: number | null): number | null {
  if (current !== null && ids.includes(current)) return current;
  return ids[0] ?? null;
}

/** "1 slice", "133 slices" */
export function sliceCountText(n: number): string {
  return `${n} slice${n === 1 ? '' : 's'}`;
}
