import { useState } from 'react';
import type { ReviewProgress } from '../../../electron/common/contract';
import { progressLine } from './model/lesion-list';

/** The dataset's review progress line and the reviewer's name (set once, kept for every decision). */
export function DatasetProgress({ progress, reviewer, onRename }: { progress: ReviewProgress | null; reviewer: { name: string; isDefault: boolean } | null; onRename: (name: string) => void }) {
  const [editing, setEditing] = useState<string | null>(null);
  return (
    <div className="dataset-progress-box">
      {progress ? (
        <div
          className="dataset-progress"
          data-testid="dataset-progress"
          data-scans={progress.scans}
          data-scans-done={progress.scansDone}
          data-accepted={progress.accepted}
          data-rejected={progress.rejected}
          data-undecided={progress.undecided}
        >
          <progress max={Math.max(1, progress.scans)} value={progress.scansDone} aria-label="Scans reviewed" />
          <span>{progressLine(progress)}</span>
        </div>
      ) : null}
      <div className="reviewer" data-testid="reviewer">
        {editing !== null ? (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (editing.trim()) onRename(editing.trim());
              setEditing(null);
            }}
          >
            <input autoFocus data-testid="reviewer-name" value={editing} maxLength={100} onChange={(e) => setEditing(e.target.value)} onKeyDown={(e) => e.key === 'Escape' && setEditing(null)} />
            <button type="submit">Save</button>
          </form>
        ) : (
          <button type="button" className="link-button" title="Who the decisions are stored under" onClick={() => setEditing(reviewer?.name ?? '')}>
            Reviewer: {reviewer?.name ?? '…'}
            {reviewer?.isDefault ? ' (your user name; click to set)' : ''}
          </button>
        )}
      </div>
    </div>
  );
}
