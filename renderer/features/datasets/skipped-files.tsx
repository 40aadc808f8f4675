import { useState } from 'react';
import type { DatasetReport } from '../../../electron/common/contract';
import { SKIPPED_PAGE, skipMessage, skippedGroups, type SkippedGroup } from './model/skipped-files';

function Group({ g }: { g: SkippedGroup }) {
  const [shown, setShown] = useState(SKIPPED_PAGE);
  const rows = g.files.slice(0, shown);
  const more = g.files.length - rows.length;
  return (
    <details className="skipped-group" data-testid="skipped-group" data-reason={g.reason} data-count={g.count}>
      <summary>
        <span className="tag">{g.label}</span> {g.count.toLocaleString('en-US')} file{g.count === 1 ? '' : 's'}
      </summary>
      <ul className="bad-rows">
        {rows.map((f) => (
          <li key={f.file} title={f.file} data-testid="skipped-file">
            <code>{f.name}</code> {skipMessage(f.file, f.message)}
          </li>
        ))}
      </ul>
      {more > 0 ? (
        <button type="button" className="link-btn" onClick={() => setShown((n) => n + SKIPPED_PAGE)}>
          Show {Math.min(SKIPPED_PAGE, more).toLocaleString('en-US')} more of {g.files.length.toLocaleString('en-US')}
        </button>
      ) : null}
      {g.unlisted > 0 ? <p className="muted">{g.unlisted.toLocaleString('en-US')} more not listed in the report.</p> : null}
    </details>
  );
}

/** Every file the last indexing left out of the scans, grouped by reason, each group collapsible. */
export function SkippedFiles({ skipped }: { skipped: DatasetReport['skipped'] }) {
  const groups = skippedGroups(skipped);
  return (
    <div className="skipped-files" data-testid="skipped-files">
      {groups.length === 0 ? <p className="muted">Every file was read into a scan or imported as annotations.</p> : groups.map((g) => <Group key={g.reason} g={g} />)}
    </div>
  );
}
