import { describe, expect, it } from 'vitest';
import { skipMessage, skippedGroups } from '../../../../renderer/features/datasets/model/skipped-files';

describe('skipped files of a dataset report', () => {
  it('groups the listed files by reason in the order of the counts, and counts those past the report cap', () => {
    const groups = skippedGroups({
      byReason: [
        { reason: 'not-image', count: 3000 },
        { reason: 'localizer', count: 1 },
      ],
      files: [
        { file: '/d/a/scout.dcm', reason: 'localizer', message: '/d/a/scout.dcm: localizer (scout) image, not part of a volume' },
        { file: '/d/notes.txt', reason: 'not-image', message: '/d/notes.txt: no DICM magic' },
        { file: '/d/readme.md', reason: 'not-image', message: '/d/readme.md: no DICM magic' },
      ],
      truncated: true,
    });
    expect(groups.map((g) => [g.reason, g.label, g.count, g.files.length, g.unlisted])).toEqual([
      ['not-image', 'not an image', 3000, 2, 2998],
      ['localizer', 'localizer (scout)', 1, 1, 0],
    ]);
    expect(groups[0]!.files[0]).toEqual({ file: '/d/notes.txt', name: 'notes.txt', message: '/d/notes.txt: no DICM magic' });
  });

  it('drops the path a message starts with (the row names the file already)', () => {
    expect(skipMessage('/d/x.dcm', '/d/x.dcm: truncated')).toBe('truncated');
    expect(skipMessage('/d/x.dcm', 'other text')).toBe('other text');
  });
});
