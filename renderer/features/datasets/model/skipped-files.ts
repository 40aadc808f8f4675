import type { DatasetReport, SkipReason } from '../../../../electron/common/contract';
import { baseName } from './report-summary';

/** What each reason is called in the report. */
export const SKIP_REASON_LABELS: Record<SkipReason, string> = {
  'not-image': 'not an image',
  unreadable: 'unreadable',
  unsupported: 'not supported',
  localizer: 'localizer (scout)',
  'other-orientation': 'other orientation than its series',
  'other-size': 'other image size than its series',
  'duplicate-position': 'duplicate slice position',
};

/** How many rows of a group are shown before "show more", and how many more each click adds. */
export const SKIPPED_PAGE = 100;

export interface SkippedGroup {
  reason: SkipReason;
  label: string;
  /** Files skipped for this reason in all (the report may list fewer). */
  count: number;
  /** The listed ones, by path. */
  files: { file: string; name: string; message: string }[];
  /** Skipped for this reason but not listed in the report (past its cap). */
  unlisted: number;
}

/**
 * The report's skipped files grouped by reason, largest group first, each with the files the
 * report lists; `unlisted` counts those beyond the report's cap so the panel can say so.
 */
export function skippedGroups(skipped: DatasetReport['skipped']): SkippedGroup[] {
  const listed = new Map<SkipReason, SkippedGroup['files']>();
  for (const f of skipped.files) {
    let g = listed.get(f.reason);
    if (!g) listed.set(f.reason, (g = []));
    g.push({ file: f.file, name: baseName(f.file), message: f.message });
  }
  return skipped.byReason.map(({ reason, count }) => {
    const files = listed.get(reason) ?? [];
    return { reason, label: SKIP_REASON_LABELS[reason], count, files, unlisted: Math.max(0, count - files.length) };
  });
}

/** The message without the path it starts with (the row shows the file name already). */
export function skipMessage(file: string, message: string): string {
  return message.startsWith(`${file}: `) ? message.slice(file.length + 2) : message;
}
